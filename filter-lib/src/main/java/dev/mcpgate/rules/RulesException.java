package dev.mcpgate.rules;

import java.util.List;

/** A rules file that cannot be used; the message names every problem found (rule, field, what is wrong). */
public final class RulesException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    RulesException(String source, List<String> problems) {
        super("Rules file " + source + ": " + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, in file order. */
    public List<String> problems() {
        return problems;
    }
}

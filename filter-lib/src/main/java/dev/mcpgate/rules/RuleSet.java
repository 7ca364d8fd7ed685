package dev.mcpgate.rules;

import java.util.List;

/**
 * The rules in force: one read of the rules file.
 *
 * @param version     the SHA-256 of the file's bytes (hex): what approvals are bound to
 * @param defaultDeny {@code default: deny}: a call no allow rule matches is refused
 * @param rules       the rules in file order
 */
public record RuleSet(String version, boolean defaultDeny, List<Rule> rules) {

    /** No rules: everything passes. */
    public static final RuleSet NONE = new RuleSet("", false, List.of());

    public RuleSet {
        rules = List.copyOf(rules);
    }

    /** Whether there is nothing to do (no rule, default allow). */
    public boolean isEmpty() {
        return rules.isEmpty() && !defaultDeny;
    }

    /** How many rules the file has. */
    public int size() {
        return rules.size();
    }
}

package dev.mcpgate.rules;

/**
 * One rule of the rules file.
 *
 * @param index  its position in the file, from 0
 * @param name   its name (unique in the file); names rows, counters and errors
 * @param match  which requests it applies to
 * @param action what it does with them
 */
record Rule(int index, String name, RuleMatch match, RuleAction action) {

    /** Whether the rule refuses what it matches. */
    boolean denies() {
        return action instanceof RuleAction.Deny;
    }
}

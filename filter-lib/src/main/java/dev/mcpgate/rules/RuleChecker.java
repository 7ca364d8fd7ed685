package dev.mcpgate.rules;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the JSON form of a rules file and builds its rules, collecting every problem instead of
 * stopping at the first: the operator fixes the file once. Each problem names where it is
 * ({@code rules[2] "no-deletes": match.tool}) and what is wrong.
 */
final class RuleChecker {

    private static final Set<String> TOP = Set.of("default", "rules");
    private static final Set<String> RULE = Set.of("name", "description", "match", "action", "message", "patch",
            "resultPatch", "result", "error", "duration", "timeout", "rate", "per", "burst", "key");

    private final List<String> problems = new ArrayList<>();
    private final MatchChecker matches = new MatchChecker(this);
    private final ActionChecker actions = new ActionChecker(this);

    /** The problems found so far, in file order. */
    List<String> problems() {
        return problems;
    }

    void problem(String where, String what) {
        problems.add(where + ": " + what);
    }

    /** The rule set of a whole file (incomplete when there are problems). */
    RuleSet ruleSet(JsonValue root, String version) {
        if (!(root instanceof JsonObject top)) {
            problem("the file", "must be an object with \"rules\" (and optionally \"default\")");
            return RuleSet.NONE;
        }
        unknownKeys(top, TOP, "the file");
        boolean defaultDeny = defaultDeny(top.get("default"));
        JsonValue list = top.get("rules");
        List<Rule> rules = new ArrayList<>();
        if (list == null) {
            problem("rules", "missing (an empty list for none)");
        } else if (!(list instanceof JsonArray array)) {
            problem("rules", "must be a list of rules");
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < array.size(); i++) {
                Rule rule = rule(array.get(i), i, names);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        return new RuleSet(version, defaultDeny, rules);
    }

    private boolean defaultDeny(JsonValue value) {
        if (value == null || isString(value, "allow")) {
            return false;
        }
        if (isString(value, "deny")) {
            return true;
        }
        problem("default", "must be \"allow\" or \"deny\", not " + value);
        return false;
    }

    private Rule rule(JsonValue value, int index, Set<String> names) {
        String where = "rules[" + index + "]";
        if (!(value instanceof JsonObject object)) {
            problem(where, "must be an object with name, match and action");
            return null;
        }
        String name = string(object, "name", where);
        if (name == null || name.isBlank()) {
            problem(where, "name: missing (every rule needs a name; rows and errors show it)");
        } else {
            where += " \"" + name + "\"";
            if (!names.add(name)) {
                problem(where, "name: another rule has the same name");
            }
        }
        unknownKeys(object, RULE, where);
        string(object, "description", where);
        RuleMatch match = matches.match(object.get("match"), where + ": match");
        RuleAction action = actions.action(object, where);
        return name == null || match == null || action == null ? null : new Rule(index, name, match, action);
    }

    /** Names every key of {@code object} that is not in {@code allowed} (a typo would silently match everything). */
    void unknownKeys(JsonObject object, Set<String> allowed, String where) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                problem(where, "unknown field \"" + key + "\" (known: " + String.join(", ", new java.util.TreeSet<>(allowed))
                        + ")");
            }
        }
    }

    /** A string field, {@code null} when absent; a problem when present but not a string. */
    String string(JsonObject object, String key, String where) {
        JsonValue value = object.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        problem(where, key + ": must be a string, not " + value.getValueType().name().toLowerCase(java.util.Locale.ROOT));
        return null;
    }

    static boolean isString(JsonValue value, String text) {
        return value instanceof JsonString s && s.getString().equals(text);
    }
}

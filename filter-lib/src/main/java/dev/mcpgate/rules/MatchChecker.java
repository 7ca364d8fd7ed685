package dev.mcpgate.rules;

import dev.mcpgate.protocol.ClientPlatform;
import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks and builds the {@code match} of a rule (see {@link RuleMatch}). */
final class MatchChecker {

    private static final Set<String> MATCH = Set.of("method", "tool", "prompt", "resource", "client", "principal",
            "role", "era", "arguments");
    private static final Set<String> CLIENT = Set.of("name", "platform");
    private static final Set<String> CONDITION = Set.of("equals", "glob", "regex", "exists");

    private final RuleChecker checker;

    MatchChecker(RuleChecker checker) {
        this.checker = checker;
    }

    /** The match of a rule; {@link RuleMatch#ANY} when absent. Problems go to the checker. */
    RuleMatch match(JsonValue value, String where) {
        if (value == null) {
            return RuleMatch.ANY;
        }
        if (!(value instanceof JsonObject m)) {
            checker.problem(where, "must be an object");
            return RuleMatch.ANY;
        }
        checker.unknownKeys(m, MATCH, where);
        String[] target = target(m, where);
        JsonObject client = client(m.get("client"), where);
        return new RuleMatch(glob(m, "method", where), target[0], target[1] == null ? null : new Glob(target[1]),
                glob(client, "name", where + ".client"), platform(client, where + ".client"),
                glob(m, "principal", where), roles(m.get("role"), where), era(m, where),
                arguments(m.get("arguments"), where + ".arguments"));
    }

    /** {@code tool}, {@code prompt} or {@code resource}: the method it implies and the glob. */
    private String[] target(JsonObject m, String where) {
        String[][] kinds = {{"tool", "tools/call"}, {"prompt", "prompts/get"}, {"resource", "resources/read"}};
        String[] found = {null, null};
        for (String[] kind : kinds) {
            String glob = checker.string(m, kind[0], where);
            if (glob != null && found[0] != null) {
                checker.problem(where, "give one of tool, prompt and resource, not several");
            } else if (glob != null) {
                found[0] = kind[1];
                found[1] = glob;
            }
        }
        return found;
    }

    private JsonObject client(JsonValue value, String where) {
        if (value == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (!(value instanceof JsonObject c)) {
            checker.problem(where, "client: must be an object with name and / or platform");
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        checker.unknownKeys(c, CLIENT, where + ".client");
        return c;
    }

    private Glob platform(JsonObject client, String where) {
        Glob glob = glob(client, "platform", where);
        if (glob != null && Arrays.stream(ClientPlatform.values()).noneMatch(p -> glob.matches(p.wireName()))) {
            checker.problem(where, "platform: \"" + glob + "\" matches no platform (known: "
                    + String.join(", ", Arrays.stream(ClientPlatform.values()).map(ClientPlatform::wireName).toList())
                    + ")");
        }
        return glob;
    }

    private Glob glob(JsonObject object, String key, String where) {
        String text = checker.string(object, key, where);
        return text == null ? null : new Glob(text);
    }

    private List<String> roles(JsonValue value, String where) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof jakarta.json.JsonString s) {
            return List.of(s.getString());
        }
        if (value instanceof JsonArray a && !a.isEmpty()
                && a.stream().allMatch(v -> v instanceof jakarta.json.JsonString)) {
            return a.getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        }
        checker.problem(where, "role: must be a role name or a list of them (any one is enough)");
        return List.of();
    }

    private Era era(JsonObject m, String where) {
        String text = checker.string(m, "era", where);
        if (text == null) {
            return null;
        }
        if (text.equals("legacy") || text.equals("modern")) {
            return Era.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }
        checker.problem(where, "era: must be \"legacy\" or \"modern\", not \"" + text + "\"");
        return null;
    }

    private List<RuleMatch.Argument> arguments(JsonValue value, String where) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof JsonObject a)) {
            checker.problem(where, "must be an object of JSON Pointers (into params.arguments) to conditions");
            return List.of();
        }
        List<RuleMatch.Argument> list = new ArrayList<>();
        for (var e : a.entrySet()) {
            String at = where + "[\"" + e.getKey() + "\"]";
            ValueCondition condition = condition(e.getValue(), at);
            try {
                if (!e.getKey().startsWith("/")) {
                    throw new JsonException("a JSON Pointer starts with /");
                }
                list.add(new RuleMatch.Argument(e.getKey(), Json.createPointer(e.getKey()), condition));
            } catch (JsonException ex) {
                checker.problem(at, "not a JSON Pointer (" + ex.getMessage() + "), e.g. /path or /items/0/name");
            }
        }
        return list;
    }

    /** A plain value (equality), or an object with one of equals, glob, regex, exists. */
    private ValueCondition condition(JsonValue value, String where) {
        if (!(value instanceof JsonObject c) || c.size() != 1 || !CONDITION.contains(c.keySet().iterator().next())) {
            return new ValueCondition.Equals(value);
        }
        String kind = c.keySet().iterator().next();
        JsonValue operand = c.get(kind);
        switch (kind) {
            case "equals":
                return new ValueCondition.Equals(operand);
            case "exists":
                if (operand == JsonValue.TRUE || operand == JsonValue.FALSE) {
                    return new ValueCondition.Exists(operand == JsonValue.TRUE);
                }
                checker.problem(where, "exists: must be true or false");
                return null;
            default:
                return textCondition(kind, operand, where);
        }
    }

    private ValueCondition textCondition(String kind, JsonValue operand, String where) {
        if (!(operand instanceof jakarta.json.JsonString s)) {
            checker.problem(where, kind + ": must be a string");
            return null;
        }
        if (kind.equals("glob")) {
            return new ValueCondition.MatchesGlob(new Glob(s.getString()));
        }
        try {
            return new ValueCondition.MatchesRegex(Pattern.compile(s.getString()));
        } catch (PatternSyntaxException e) {
            checker.problem(where, "regex: not a regular expression (" + e.getDescription() + " at index "
                    + e.getIndex() + ")");
            return null;
        }
    }
}

package dev.mcpgate.rules;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonPatch;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/** Checks and builds the {@code action} of a rule and the fields that go with it. */
final class ActionChecker {

    /** The fields each action takes besides name, description, match and action. */
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "allow", Set.of(),
            "deny", Set.of("message"),
            "rewrite", Set.of("patch", "resultPatch"),
            "mock", Set.of("result", "error"),
            "delay", Set.of("duration"),
            "hold", Set.of("timeout"),
            "rate-limit", Set.of("rate", "per", "burst", "key"));
    private static final Set<String> COMMON = Set.of("name", "description", "match", "action");
    private static final Set<String> PATCH_OPS = Set.of("add", "remove", "replace", "move", "copy", "test");

    private final RuleChecker checker;

    ActionChecker(RuleChecker checker) {
        this.checker = checker;
    }

    /** The action of a rule, or {@code null} after a problem. */
    RuleAction action(JsonObject rule, String where) {
        String action = checker.string(rule, "action", where);
        if (action == null || !FIELDS.containsKey(action)) {
            checker.problem(where, "action: must be one of allow, deny, rewrite, mock, delay, hold, rate-limit"
                    + (action == null ? "" : ", not \"" + action + "\""));
            return null;
        }
        for (String key : rule.keySet()) {
            if (!COMMON.contains(key) && !FIELDS.get(action).contains(key) && FIELDS.values().stream()
                    .anyMatch(f -> f.contains(key))) {
                checker.problem(where, key + ": not a field of action " + action);
            }
        }
        int before = checker.problems().size();
        RuleAction built = switch (action) {
            case "allow" -> new RuleAction.Allow();
            case "deny" -> new RuleAction.Deny(checker.string(rule, "message", where));
            case "rewrite" -> rewrite(rule, where);
            case "mock" -> mock(rule, where);
            case "delay" -> new RuleAction.Delay(duration(rule, "duration", where, true));
            case "hold" -> new RuleAction.Hold(rule.containsKey("timeout") ? duration(rule, "timeout", where, false) : null);
            default -> rateLimit(rule, where);
        };
        return checker.problems().size() == before ? built : null;
    }

    private RuleAction rewrite(JsonObject rule, String where) {
        if (!rule.containsKey("patch") && !rule.containsKey("resultPatch")) {
            checker.problem(where, "rewrite: give patch (on params), resultPatch (on the result) or both");
        }
        return new RuleAction.Rewrite(patch(rule.get("patch"), where + ": patch"),
                patch(rule.get("resultPatch"), where + ": resultPatch"));
    }

    /** A JSON Patch (RFC 6902), each operation checked. */
    private JsonPatch patch(JsonValue value, String where) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonArray ops) || ops.isEmpty()) {
            checker.problem(where, "must be a non-empty JSON Patch: a list of {op, path, value}");
            return null;
        }
        for (int i = 0; i < ops.size(); i++) {
            patchOperation(ops.get(i), where + "[" + i + "]");
        }
        return Json.createPatch(ops);
    }

    private void patchOperation(JsonValue value, String where) {
        if (!(value instanceof JsonObject op) || !(op.get("op") instanceof JsonString name)
                || !PATCH_OPS.contains(name.getString())) {
            checker.problem(where, "op: must be one of add, remove, replace, move, copy, test");
            return;
        }
        pointer(op, "path", where);
        String kind = name.getString();
        if (Set.of("add", "replace", "test").contains(kind) && !op.containsKey("value")) {
            checker.problem(where, kind + " needs a value");
        }
        if (Set.of("move", "copy").contains(kind)) {
            pointer(op, "from", where);
        }
    }

    private void pointer(JsonObject op, String key, String where) {
        if (!(op.get(key) instanceof JsonString p) || !(p.getString().isEmpty() || p.getString().startsWith("/"))) {
            checker.problem(where, key + ": must be a JSON Pointer (\"/arguments/limit\")");
            return;
        }
        try {
            Json.createPointer(p.getString());
        } catch (JsonException e) {
            checker.problem(where, key + ": not a JSON Pointer (" + e.getMessage() + ")");
        }
    }

    private RuleAction mock(JsonObject rule, String where) {
        JsonValue result = rule.get("result");
        JsonValue error = rule.get("error");
        if ((result == null) == (error == null)) {
            checker.problem(where, "mock: give either result or error");
            return null;
        }
        if (result != null && !(result instanceof JsonObject)) {
            checker.problem(where, "result: must be an object (the JSON-RPC result)");
        }
        if (error != null && !(error instanceof JsonObject e && e.get("code") instanceof JsonNumber code
                && code.isIntegral() && e.get("message") instanceof JsonString)) {
            checker.problem(where, "error: must be an object with an integer code and a string message");
        }
        return new RuleAction.Mock(result instanceof JsonObject r ? r : null, error instanceof JsonObject e ? e : null);
    }

    private RuleAction rateLimit(JsonObject rule, String where) {
        long rate = positive(rule, "rate", where, Integer.MAX_VALUE, -1);
        Duration per = rule.containsKey("per") ? duration(rule, "per", where, false) : Duration.ofMinutes(1);
        long burst = positive(rule, "burst", where, Integer.MAX_VALUE, Math.min(Math.max(rate, 1), Integer.MAX_VALUE));
        String keyWord = checker.string(rule, "key", where);
        RateKey key = keyWord == null ? null : RateKey.of(keyWord);
        if (key == null) {
            checker.problem(where, "key: must be one of session, principal, client, tool, global");
        }
        return new RuleAction.RateLimit(rate, per, (int) burst, key);
    }

    /** A positive whole number up to {@code max}; {@code fallback} when absent (-1: required). */
    private long positive(JsonObject rule, String key, String where, long max, long fallback) {
        JsonValue value = rule.get(key);
        if (value == null && fallback > 0) {
            return fallback;
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 1 && n.longValue() <= max) {
            return n.longValue();
        }
        checker.problem(where, key + ": " + (value == null ? "missing, " : "") + "must be a whole number from 1 to "
                + max);
        return 1;
    }

    /** An ISO-8601 duration; zero only where {@code zeroAllowed}. */
    private Duration duration(JsonObject rule, String key, String where, boolean zeroAllowed) {
        String text = checker.string(rule, key, where);
        if (text == null) {
            checker.problem(where, key + ": missing (an ISO-8601 duration such as PT2S)");
            return Duration.ZERO;
        }
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
                checker.problem(where, key + ": must be " + (zeroAllowed ? "zero or more" : "more than zero"));
            }
            return d;
        } catch (DateTimeParseException e) {
            checker.problem(where, key + ": \"" + text + "\" is not an ISO-8601 duration such as PT2S");
            return Duration.ZERO;
        }
    }
}

package dev.mcpgate.rules;

import dev.mcpgate.intercept.InterceptedRequest;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Which rules apply to a request, and what a caller may see of a list. Pure: no I/O, no clock.
 *
 * <p>Deny wins: a matching deny rule refuses the call whatever else matches. {@code default: deny}
 * refuses a call of a tool, prompt or resource ({@code tools/call}, {@code prompts/get},
 * {@code resources/read}) that no allow rule matches; other methods (initialize, lists, notifications)
 * pass unless a deny rule matches them.
 */
final class RuleEvaluator {

    /** The rule name a refusal by {@code default: deny} carries. */
    static final String DEFAULT_RULE = "default";

    private RuleEvaluator() {
    }

    /**
     * The outcome for a request: the deny rule that refuses it (or {@link #DEFAULT_RULE} as a rule named so),
     * else the matching rules with other actions, in file order.
     */
    record Matched(Rule deny, boolean deniedByDefault, List<Rule> actions) {
        static final Matched NOTHING = new Matched(null, false, List.of());
    }

    static Matched match(RuleSet set, InterceptedRequest request) {
        boolean allowed = !set.defaultDeny() || !isCall(request.method());
        List<Rule> actions = null;
        for (Rule rule : set.rules()) {
            if (!rule.match().matchesCall(request, request.method(), request.target())
                    || !rule.match().matchesArguments(request.params())) {
                continue;
            }
            if (rule.denies()) {
                return new Matched(rule, false, List.of());
            } else if (rule.action() instanceof RuleAction.Allow) {
                allowed = true;
            } else {
                actions = actions == null ? new ArrayList<>(2) : actions;
                actions.add(rule);
            }
        }
        if (!allowed) {
            return new Matched(null, true, List.of());
        }
        return actions == null ? Matched.NOTHING : new Matched(null, false, actions);
    }

    /** Whether the method is a call that {@code default: deny} governs. */
    static boolean isCall(String method) {
        return "tools/call".equals(method) || "prompts/get".equals(method) || "resources/read".equals(method);
    }

    /**
     * Whether the caller may ever call the item: no deny rule without argument conditions matches it,
     * and with {@code default: deny} some allow rule (with argument conditions or not) does.
     */
    static boolean mayCall(RuleSet set, InterceptedRequest request, String callMethod, String target) {
        boolean allowed = !set.defaultDeny();
        for (Rule rule : set.rules()) {
            if (!rule.match().matchesCall(request, callMethod, target)) {
                continue;
            }
            if (rule.denies() && !rule.match().hasArgumentConditions()) {
                return false;
            }
            allowed |= rule.action() instanceof RuleAction.Allow;
        }
        return allowed;
    }

    /** Whether some rule could hide an item of a list (a deny rule, or {@code default: deny}). */
    static boolean mayHide(RuleSet set) {
        if (set.defaultDeny()) {
            return true;
        }
        for (Rule rule : set.rules()) { // no stream: asked for every list request
            if (rule.denies()) {
                return true;
            }
        }
        return false;
    }

    /** The list result without the items the caller may not call; the same instance when none goes. */
    static JsonObject filterList(RuleSet set, InterceptedRequest request, ListKind kind, JsonObject result) {
        if (!(result.get(kind.member) instanceof jakarta.json.JsonArray items)) {
            return result;
        }
        JsonArrayBuilder kept = null;
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            String target = item instanceof JsonObject o && o.get(kind.key) instanceof JsonString s ? s.getString() : null;
            boolean keep = target == null || mayCall(set, request, kind.callMethod, target);
            if (!keep && kept == null) {
                kept = jakarta.json.Json.createArrayBuilder();
                for (int j = 0; j < i; j++) {
                    kept.add(items.get(j));
                }
            } else if (keep && kept != null) {
                kept.add(item);
            }
        }
        return kept == null ? result : jakarta.json.Json.createObjectBuilder(result).add(kind.member, kept).build();
    }
}

package dev.mcpgate.rules;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import jakarta.json.JsonObject;
import jakarta.json.JsonPointer;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * Which requests a rule applies to: every condition given must hold (an absent one always does).
 *
 * @param method         glob on the MCP method
 * @param targetMethod   the method a {@code tool} / {@code prompt} / {@code resource} condition implies
 *                       ({@code tools/call}, {@code prompts/get}, {@code resources/read}), or {@code null}
 * @param target         glob on the tool or prompt name or the resource URI, with {@code targetMethod}
 * @param clientName     glob on the client's {@code clientInfo.name}
 * @param clientPlatform glob on the client's platform ({@code claude}, {@code cursor}, ...)
 * @param principal      glob on the authenticated principal's name (an unauthenticated caller never matches)
 * @param roles          the caller must be in one of these roles; empty: no condition
 * @param era            the request's era, or {@code null}
 * @param arguments      conditions on {@code params.arguments}, each by a JSON Pointer
 */
record RuleMatch(Glob method, String targetMethod, Glob target, Glob clientName, Glob clientPlatform, Glob principal,
        List<String> roles, Era era, List<Argument> arguments) {

    /** Matches every request. */
    static final RuleMatch ANY = new RuleMatch(null, null, null, null, null, null, List.of(), null, List.of());

    /** A condition on one argument. */
    record Argument(String pointerText, JsonPointer pointer, ValueCondition condition) {
    }

    RuleMatch {
        roles = List.copyOf(roles);
        arguments = List.copyOf(arguments);
    }

    /**
     * Whether the request matches on everything but its arguments, as if it were a call of
     * {@code callMethod} on {@code callTarget} (the request's own, or an item of a list being filtered).
     */
    boolean matchesCall(InterceptedRequest request, String callMethod, String callTarget) {
        if (method != null && !method.matches(callMethod)) {
            return false;
        }
        if (targetMethod != null && !(targetMethod.equals(callMethod) && target.matches(callTarget))) {
            return false;
        }
        if (era != null && request.era() != era) {
            return false;
        }
        if (principal != null && !principal.matches(request.principal())) {
            return false;
        }
        return matchesClient(request.client()) && inRole(request);
    }

    /** Whether the rule has conditions on arguments (unknown when a list is filtered). */
    boolean hasArgumentConditions() {
        return !arguments.isEmpty();
    }

    /** Whether the params' {@code arguments} satisfy every argument condition. */
    boolean matchesArguments(JsonObject params) {
        if (arguments.isEmpty()) {
            return true;
        }
        JsonValue args = params.get("arguments");
        JsonObject object = args instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
        for (Argument argument : arguments) {
            JsonValue value = argument.pointer().containsValue(object) ? argument.pointer().getValue(object) : null;
            if (!argument.condition().test(value)) {
                return false;
            }
        }
        return true;
    }

    private boolean matchesClient(ClientIdentity client) {
        if (clientName == null && clientPlatform == null) {
            return true;
        }
        ClientIdentity c = client == null ? ClientIdentity.UNKNOWN : client;
        return (clientName == null || clientName.matches(c.name()))
                && (clientPlatform == null || clientPlatform.matches(c.platform().wireName()));
    }

    private boolean inRole(InterceptedRequest request) {
        if (roles.isEmpty()) {
            return true;
        }
        for (String role : roles) {
            if (request.isInRole(role)) {
                return true;
            }
        }
        return false;
    }
}

package dev.mcpgate.approval;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.schema.CanonicalJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * What one approval covers: the caller, the method and tool, the SHA-256 of the canonical JSON of the
 * arguments, and the rules' version. Two calls with the same binding are the same call to the operator
 * (a client's retry joins the pending hold); any difference (other arguments, another caller, rules
 * changed in between) is another approval.
 *
 * @param caller          the principal, else {@code session:<id>}, else {@code client:<name>}, else {@code anonymous}
 * @param method          the JSON-RPC method
 * @param target          the tool, prompt or resource; may be {@code null}
 * @param argumentsDigest SHA-256 (hex) of the canonical arguments ({@code params.arguments}, or the params
 *                        without {@code _meta} for other methods)
 * @param rule            the rule that holds the call
 * @param rulesVersion    the rules' version
 */
public record ApprovalBinding(String caller, String method, String target, String argumentsDigest, String rule,
        String rulesVersion) {

    /** The binding of a request held by {@code rule} under {@code rulesVersion}. */
    public static ApprovalBinding of(InterceptedRequest request, String rule, String rulesVersion) {
        return new ApprovalBinding(callerOf(request), request.method(), request.target(),
                CanonicalJson.sha256(CanonicalJson.of(arguments(request.params()))), rule, rulesVersion);
    }

    /** The arguments the operator approves: {@code params.arguments} when present, else params without _meta. */
    static JsonValue arguments(JsonObject params) {
        if (params == null) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        JsonValue arguments = params.get("arguments");
        if (arguments != null) {
            return arguments;
        }
        if (!params.containsKey("_meta")) {
            return params;
        }
        var b = jakarta.json.Json.createObjectBuilder(params);
        b.remove("_meta");
        return b.build();
    }

    private static String callerOf(InterceptedRequest request) {
        if (request.principal() != null) {
            return request.principal();
        }
        if (request.sessionId() != null) {
            return "session:" + request.sessionId();
        }
        ClientIdentity client = request.client();
        if (client != null && client.name() != null) {
            return "client:" + client.name();
        }
        return "anonymous";
    }
}

package dev.mcpgate.approval;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.schema.CanonicalJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What one approval covers: the caller, the method and tool, the SHA-256 of the canonical JSON of the
 * arguments, and the rules' version. Two calls with the same binding are the same call to the operator
 * (a client's retry joins the pending hold); any difference (other arguments, another caller, rules
 * changed in between) is another approval.
 *
 * @param caller          the principal, else {@code session:<id>}, else {@code client:<name>#<nonce>} (or
 *                        {@code anonymous#<nonce>}): a hold of a caller without principal and session is never shared
 * @param method          the JSON-RPC method
 * @param target          the tool, prompt or resource; may be {@code null}
 * @param argumentsDigest SHA-256 (hex) of the canonical arguments ({@code params.arguments}, or the params
 *                        without {@code _meta} for other methods)
 * @param rule            the rule that holds the call
 * @param rulesVersion    the rules' version
 */
public record ApprovalBinding(String caller, String method, String target, String argumentsDigest, String rule,
        String rulesVersion) {

    /** The one-off suffix of a caller without principal and session (unique, not secret). */
    private static final SecureRandom NONCES = new SecureRandom();

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

    /**
     * The caller a hold is shared by. A caller without principal and session has nothing the client cannot
     * choose: its client name (any client can send the same) gets a one-off suffix, so each of its holds is
     * its own — another caller naming the same client never joins it and is never let through by its
     * approval (the price: that caller's retry waits for a new approval).
     */
    private static String callerOf(InterceptedRequest request) {
        if (request.principal() != null) {
            return request.principal();
        }
        if (request.sessionId() != null) {
            return "session:" + request.sessionId();
        }
        ClientIdentity client = request.client();
        String named = client != null && client.name() != null ? "client:" + client.name() : "anonymous";
        return named + "#" + HexFormat.of().formatHex(nonce());
    }

    private static byte[] nonce() {
        byte[] bytes = new byte[8];
        NONCES.nextBytes(bytes);
        return bytes;
    }
}

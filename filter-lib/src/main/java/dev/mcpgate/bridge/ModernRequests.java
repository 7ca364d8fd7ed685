package dev.mcpgate.bridge;

import static dev.mcpgate.bridge.ModernAnswerReader.JSON;

import dev.mcpgate.protocol.HeaderValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Shapes the requests the bridge sends a 2026-07-28 server for a legacy client: the client's JSON-RPC request
 * with {@code params._meta} completed from its session (protocol version 2026-07-28, client info, client
 * capabilities, log level), and the headers the revision requires ({@code MCP-Protocol-Version},
 * {@code Mcp-Method}, {@code Mcp-Name} with the Base64 sentinel where needed, {@code Mcp-Param-*}).
 */
final class ModernRequests {

    /** The requests whose {@code params.name} or {@code params.uri} goes into {@code Mcp-Name}. */
    private static final Set<String> NAMED = Set.of("tools/call", "prompts/get", "resources/read");

    /** What the client said of itself, sent in every request's {@code _meta}. */
    record Caller(JsonObject clientInfo, JsonObject capabilities, String logLevel, String authorization) {

        static Caller of(MintedSession session, String authorization) {
            return new Caller(session.clientInfo(), session.capabilities(), session.logLevel(), authorization);
        }
    }

    private ModernRequests() {
    }

    /**
     * One request upstream.
     *
     * @param id the JSON-RPC id to send (the bridge's own for a retry: it must differ from the first attempt's)
     * @param method the method
     * @param params the client's params ({@code null}: none); its {@code _meta} is kept and completed
     * @param extraHeaders more headers ({@code Mcp-Param-*})
     */
    static UpstreamCall request(JsonValue id, String method, JsonObject params, Caller caller,
            Map<String, String> extraHeaders) {
        JsonObject given = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        JsonObjectBuilder body = JSON.createObjectBuilder(given)
                .add("_meta", meta(given.get("_meta") instanceof JsonObject m ? m : null, caller));
        JsonObject message = JSON.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("method", method)
                .add("params", body).build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        headers.put("MCP-Protocol-Version", MetaKeys.MODERN_VERSION);
        headers.put("Mcp-Method", method);
        String name = name(method, given);
        if (name != null) {
            headers.put("Mcp-Name", HeaderValues.encode(name));
        }
        headers.putAll(extraHeaders);
        if (caller.authorization() != null) {
            headers.put("Authorization", caller.authorization());
        }
        return UpstreamCall.post(headers, message.toString());
    }

    /** The client's {@code _meta} (or none) with the per-request fields of 2026-07-28 set from its session. */
    static JsonObject meta(JsonObject given, Caller caller) {
        JsonObjectBuilder meta = given == null ? JSON.createObjectBuilder() : JSON.createObjectBuilder(given);
        meta.add(MetaKeys.PROTOCOL_VERSION, MetaKeys.MODERN_VERSION);
        if (caller.clientInfo() != null) {
            meta.add(MetaKeys.CLIENT_INFO, caller.clientInfo());
        }
        meta.add(MetaKeys.CLIENT_CAPABILITIES,
                caller.capabilities() == null ? JsonValue.EMPTY_JSON_OBJECT : caller.capabilities());
        if (caller.logLevel() != null) {
            meta.add(MetaKeys.LOG_LEVEL, caller.logLevel());
        }
        return meta.build();
    }

    /** The {@code Mcp-Name} source of a named request, or {@code null}. */
    static String name(String method, JsonObject params) {
        if (!NAMED.contains(method) || params == null) {
            return null;
        }
        String key = "resources/read".equals(method) ? "uri" : "name";
        return params.get(key) instanceof JsonString s ? s.getString() : null;
    }
}

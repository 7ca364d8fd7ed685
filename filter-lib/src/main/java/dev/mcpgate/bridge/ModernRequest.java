package dev.mcpgate.bridge;

import dev.mcpgate.protocol.HeaderValues;
import dev.mcpgate.protocol.JsonRpcErrors;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request of a 2026-07-28 client, checked as a 2026-07-28 server checks it: the required {@code _meta}
 * fields (else 400 -32602), the protocol version (else 400 -32022 with the supported ones), and the
 * {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers against the body (else 400
 * -32020). The legacy server behind the bridge checks none of these.
 *
 * @param id the request's JSON-RPC id
 * @param method its method
 * @param params its params ({@code {}} when it had none)
 * @param meta {@code params._meta}
 * @param capabilities {@code _meta["io.modelcontextprotocol/clientCapabilities"]}
 * @param key the pooled upstream session it belongs to
 */
record ModernRequest(JsonValue id, String method, JsonObject params, JsonObject meta, JsonObject capabilities,
        SessionKey key) {

    /** Reads and checks the message of a POST that has an id (a request). */
    static ModernRequest read(JsonObject message, ClientCall call) throws BridgeRefusal {
        JsonValue id = message.get("id");
        String method = message.getString("method", null);
        if (method == null || id == null || id.getValueType() == JsonValue.ValueType.NULL) {
            throw new BridgeRefusal(400, JsonRpcErrors.INVALID_REQUEST, "not a JSON-RPC request");
        }
        JsonObject params = object(message.get("params"));
        JsonObject meta = object(params.get("_meta"));
        JsonValue version = meta.get(MetaKeys.PROTOCOL_VERSION);
        JsonValue capabilities = meta.get(MetaKeys.CLIENT_CAPABILITIES);
        if (!(version instanceof JsonString) || capabilities == null
                || capabilities.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new BridgeRefusal(400, -32602, "params._meta must carry " + MetaKeys.PROTOCOL_VERSION
                    + " (a string) and " + MetaKeys.CLIENT_CAPABILITIES + " (an object)");
        }
        String requested = ((JsonString) version).getString();
        checkHeaders(call, method, params, requested);
        if (!MetaKeys.MODERN_VERSION.equals(requested)) {
            throw new BridgeRefusal(400, JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION,
                    "Unsupported protocol version: " + requested, Json.createObjectBuilder()
                            .add("supported", Json.createArrayBuilder().add(MetaKeys.MODERN_VERSION))
                            .add("requested", requested).build());
        }
        JsonObject caps = capabilities.asJsonObject();
        return new ModernRequest(id, method, params, meta, caps, key(call, meta, caps, requested));
    }

    /** {@code params.name} or {@code params.uri}: what {@code Mcp-Name} mirrors; {@code null} when neither. */
    String name() {
        return name(method, params);
    }

    /** The {@code io.modelcontextprotocol/logLevel} asked for, or {@code null}. */
    String logLevel() {
        JsonValue level = meta.get(MetaKeys.LOG_LEVEL);
        return level instanceof JsonString s ? s.getString() : null;
    }

    /** Whether the client declared the top-level capability {@code name} (roots, sampling, elicitation). */
    boolean declares(String capability) {
        JsonValue value = capabilities.get(capability);
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT;
    }

    private static String name(String method, JsonObject params) {
        return switch (method) {
            case "tools/call", "prompts/get" -> params.getString("name", null);
            case "resources/read" -> params.getString("uri", null);
            default -> null;
        };
    }

    private static void checkHeaders(ClientCall call, String method, JsonObject params, String version)
            throws BridgeRefusal {
        String versionHeader = call.header("MCP-Protocol-Version").map(String::strip).orElse(null);
        if (versionHeader == null) {
            throw mismatch("the MCP-Protocol-Version header is missing");
        }
        if (!versionHeader.equals(version)) {
            throw mismatch("MCP-Protocol-Version header value '" + versionHeader
                    + "' does not match _meta protocolVersion '" + version + "'");
        }
        String methodHeader = call.header("Mcp-Method").map(String::strip).orElse(null);
        if (methodHeader == null || !methodHeader.equals(method)) {
            throw mismatch(methodHeader == null ? "the Mcp-Method header is missing"
                    : "Mcp-Method header value '" + methodHeader + "' does not match body value '" + method + "'");
        }
        String name = name(method, params);
        if (name == null) {
            return;
        }
        // RFC 9110 5.5: the white space around a field value is no part of it
        String nameHeader = call.header("Mcp-Name").map(String::strip).map(HeaderValues::decode).orElse(null);
        if (nameHeader == null || !nameHeader.equals(name)) {
            throw mismatch(call.header("Mcp-Name").isEmpty() ? "the Mcp-Name header is missing"
                    : "Mcp-Name header value does not match body value '" + name + "'");
        }
    }

    private static BridgeRefusal mismatch(String message) {
        return new BridgeRefusal(400, JsonRpcErrors.HEADER_MISMATCH, "Header mismatch: " + message);
    }

    private static SessionKey key(ClientCall call, JsonObject meta, JsonObject capabilities, String version) {
        JsonObject info = object(meta.get(MetaKeys.CLIENT_INFO));
        Principal principal = call.principal();
        return new SessionKey(principal == null ? "" : principal.getName(), string(info, "name"),
                string(info, "version"), digest(capabilities), version,
                SessionKey.credentialDigest(call.authorization().orElse(null)));
    }

    private static String string(JsonObject object, String name) {
        JsonValue value = object.get(name);
        return value instanceof JsonString s ? s.getString() : "";
    }

    static JsonObject object(JsonValue value) {
        return value != null && value.getValueType() == JsonValue.ValueType.OBJECT ? value.asJsonObject()
                : JsonValue.EMPTY_JSON_OBJECT;
    }

    /** SHA-256 (hex) of the canonical JSON of a value: object members sorted by name, no white space. */
    static String digest(JsonValue value) {
        StringBuilder canonical = new StringBuilder(64);
        canonical(value, canonical);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void canonical(JsonValue value, StringBuilder out) {
        switch (value.getValueType()) {
            case OBJECT -> {
                Map<String, JsonValue> sorted = new TreeMap<>(value.asJsonObject());
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> member : sorted.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    JsonRpcErrors.quote(member.getKey(), out);
                    out.append(':');
                    canonical(member.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                boolean first = true;
                for (JsonValue item : value.asJsonArray()) {
                    out.append(first ? "" : ",");
                    first = false;
                    canonical(item, out);
                }
                out.append(']');
            }
            default -> out.append(value);
        }
    }
}

package dev.mcpgate.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The JSON-RPC error answers the filter writes itself (a guard rejection, an {@code own}-mode
 * session answer, a replaced error body): {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}}.
 * The id is the request's when it could be read, else {@code null}, as JSON-RPC prescribes for an
 * error that cannot be tied to a request.
 */
public final class JsonRpcErrors {

    /** JSON-RPC: the JSON sent is not a valid Request object. */
    public static final int INVALID_REQUEST = -32600;
    /** JSON-RPC: invalid JSON was received. */
    public static final int PARSE_ERROR = -32700;
    /** JSON-RPC: the method does not exist or is not available. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** JSON-RPC: internal error. */
    public static final int INTERNAL_ERROR = -32603;
    /** MCP 2026-07-28: an {@code Mcp-*} header disagrees with the body (HTTP 400). */
    public static final int HEADER_MISMATCH = -32020;
    /** MCP 2026-07-28: the protocol version is not supported (HTTP 400). */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

    private JsonRpcErrors() {
    }

    /**
     * An error answer without an id.
     *
     * @param code    the JSON-RPC error code
     * @param message a message safe to show any client (no internals)
     */
    public static byte[] body(int code, String message) {
        return body(null, code, message);
    }

    /**
     * An error answer to the request of {@code envelope} (its id when it has one).
     *
     * @param envelope the request's envelope, or {@code null} when it was not read
     */
    public static byte[] body(JsonRpcEnvelope envelope, int code, String message) {
        return body(envelope, code, message, null);
    }

    /**
     * An error answer with a {@code data} member, e.g. the {@code supported} and {@code requested}
     * versions of an {@link #UNSUPPORTED_PROTOCOL_VERSION} error.
     *
     * @param data the {@code data} member as JSON text (written as it is), or {@code null} for none
     */
    public static byte[] body(JsonRpcEnvelope envelope, int code, String message, String data) {
        StringBuilder json = new StringBuilder(96 + message.length() + (data == null ? 0 : data.length()));
        json.append("{\"jsonrpc\":\"2.0\",\"id\":");
        String id = envelope == null ? null : envelope.id();
        if (id == null) {
            json.append("null");
        } else if (envelope.idIsString()) {
            quote(id, json);
        } else {
            json.append(id); // a number as the client wrote it
        }
        json.append(",\"error\":{\"code\":").append(code).append(",\"message\":");
        quote(message, json);
        if (data != null) {
            json.append(",\"data\":").append(data);
        }
        json.append("}}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends a JSON string literal: quotes, backslashes and every control character escaped. */
    public static void quote(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        json.append('"');
    }
}

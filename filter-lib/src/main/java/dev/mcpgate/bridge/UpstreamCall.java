package dev.mcpgate.bridge;

import java.util.Map;
import java.util.Objects;

/**
 * One HTTP call the bridge makes to the upstream server.
 *
 * @param httpMethod {@code POST}, {@code GET} or {@code DELETE}
 * @param headers the MCP headers to send (Accept, Content-Type, Mcp-Session-Id, MCP-Protocol-Version,
 *        Mcp-Method, Mcp-Name, Last-Event-ID ...), each name once; the transport adds its own
 *        (Host, Content-Length, the loopback marker, the client's Authorization when it forwards one)
 * @param body the JSON text of a POST; {@code null} for GET and DELETE
 */
public record UpstreamCall(String httpMethod, Map<String, String> headers, String body) {

    public UpstreamCall {
        Objects.requireNonNull(httpMethod, "httpMethod");
        headers = Map.copyOf(headers);
    }

    /** A JSON-RPC message POSTed with {@code Accept: application/json, text/event-stream}. */
    public static UpstreamCall post(Map<String, String> headers, String json) {
        return new UpstreamCall("POST", headers, json);
    }
}

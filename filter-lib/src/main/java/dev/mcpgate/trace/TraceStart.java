package dev.mcpgate.trace;

import dev.mcpgate.protocol.TargetKind;

/**
 * What the span of an exchange starts with: the request as the filter classified it, and the trace
 * context it carries. Gathered only when tracing is on.
 *
 * @param startEpochNanos    when the request arrived, nanoseconds since the epoch
 * @param httpMethod         {@code POST}, {@code GET}, {@code DELETE}, ...
 * @param mcpMethod          the JSON-RPC method, or {@code null} (GET, DELETE, a client's response)
 * @param targetKind         what {@code target} names
 * @param target             the tool or prompt name or resource URI, or {@code null}
 * @param jsonRpcId          the request's id as text, or {@code null} (a notification, a null id)
 * @param protocolVersion    the MCP revision the request names (header, {@code _meta} or {@code initialize}), or {@code null}
 * @param sessionId          the {@code Mcp-Session-Id} the request carries, whole, or {@code null}
 * @param headerTraceparent  the {@code traceparent} request header, or {@code null}
 * @param headerTracestate   the {@code tracestate} request header, or {@code null}
 * @param metaTraceparent    {@code params._meta.traceparent}, or {@code null}
 * @param metaTracestate     {@code params._meta.tracestate}, or {@code null}
 * @param clientAddress      the peer's address as the container has it (no reverse lookup), or {@code null}
 * @param clientPort         the peer's port, or 0
 * @param httpVersion        {@code 1.1}, {@code 2}, ... or {@code null}
 */
public record TraceStart(long startEpochNanos, String httpMethod, String mcpMethod, TargetKind targetKind,
                         String target, String jsonRpcId, String protocolVersion, String sessionId,
                         String headerTraceparent, String headerTracestate, String metaTraceparent,
                         String metaTracestate, String clientAddress, int clientPort, String httpVersion) {
}

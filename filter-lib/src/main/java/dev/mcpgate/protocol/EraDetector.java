package dev.mcpgate.protocol;

/**
 * Tells the era of one HTTP request to an MCP endpoint from its headers and, failing those, from
 * its JSON-RPC envelope.
 *
 * <p>The rules run in order and the first that applies decides:
 * <ol>
 * <li>{@code MCP-Protocol-Version} header well-formed: {@link Era#MODERN} from 2026-07-28 on, else
 *     {@link Era#LEGACY}. The client states the version it speaks; modern clients must send it on
 *     every POST, legacy clients from 2025-06-18 on after initialization, so it is the most direct
 *     evidence there is.</li>
 * <li>{@code Mcp-Method} or {@code Mcp-Name} header present: {@link Era#MODERN}. Revision
 *     2026-07-28 introduced these headers; no legacy client sends them.</li>
 * <li>{@code Mcp-Session-Id} header present: {@link Era#LEGACY}. Revision 2026-07-28 removed
 *     protocol sessions, so only a legacy client carries a session id.</li>
 * <li>Body is a batch: {@link Era#LEGACY}. Only revision 2025-03-26 allowed JSON-RPC batches.</li>
 * <li>Body method {@code initialize} or {@code notifications/initialized}: {@link Era#LEGACY}. The
 *     handshake is the legacy era's and is gone from the modern one; it carries no version header
 *     (the first request of 2025-06-18 and older).</li>
 * <li>Body {@code _meta["io.modelcontextprotocol/protocolVersion"]} modern: {@link Era#MODERN}.
 *     Every modern request carries its version there.</li>
 * <li>Body {@code params.protocolVersion} legacy: {@link Era#LEGACY}. That is where a legacy
 *     {@code initialize} asks for its version.</li>
 * <li>The method exists in one era only ({@link McpMethod#era()}): that era, e.g.
 *     {@code server/discover} is modern, {@code ping} legacy.</li>
 * <li>Otherwise {@link Era#UNKNOWN}: a GET without headers, a body that is not MCP.</li>
 * </ol>
 * A header value that is {@code null} or blank counts as absent.
 */
public final class EraDetector {

    private EraDetector() {
    }

    /**
     * The era of a request.
     *
     * @param protocolVersionHeader the {@code MCP-Protocol-Version} header, or {@code null}
     * @param mcpMethodHeader       the {@code Mcp-Method} header, or {@code null}
     * @param mcpNameHeader         the {@code Mcp-Name} header, or {@code null}
     * @param sessionIdHeader       the {@code Mcp-Session-Id} header, or {@code null}
     * @param body                  the request's envelope, or {@code null} when it has no body
     * @return the era, never {@code null}
     */
    public static Era detect(String protocolVersionHeader, String mcpMethodHeader, String mcpNameHeader,
                             String sessionIdHeader, JsonRpcEnvelope body) {
        if (ProtocolVersions.isWellFormed(protocolVersionHeader)) {
            return ProtocolVersions.isModern(protocolVersionHeader) ? Era.MODERN : Era.LEGACY;
        }
        if (isPresent(mcpMethodHeader) || isPresent(mcpNameHeader)) {
            return Era.MODERN;
        }
        if (isPresent(sessionIdHeader)) {
            return Era.LEGACY;
        }
        return body == null ? Era.UNKNOWN : fromBody(body);
    }

    /** The era the body alone tells: rules 4 to 9 of the class description. */
    public static Era fromBody(JsonRpcEnvelope body) {
        if (body.kind() == MessageKind.BATCH) {
            return Era.LEGACY;
        }
        McpMethod method = body.mcpMethod();
        if (method == McpMethod.INITIALIZE || method == McpMethod.NOTIFICATION_INITIALIZED) {
            return Era.LEGACY;
        }
        if (ProtocolVersions.isModern(body.metaProtocolVersion())) {
            return Era.MODERN;
        }
        if (ProtocolVersions.isLegacy(body.paramsProtocolVersion())) {
            return Era.LEGACY;
        }
        return method.era();
    }

    private static boolean isPresent(String header) {
        return header != null && !header.isBlank();
    }
}

package dev.mcpgate.event;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.time.Instant;

/**
 * A legacy-era session began: the MCP server answered {@code initialize} with an
 * {@code Mcp-Session-Id}. A client may send {@code initialize} again; each success is reported.
 *
 * @param timestamp       when the session began
 * @param endpoint        the endpoint name
 * @param sessionId       the session id the client sees
 * @param era             always {@link Era#LEGACY} today
 * @param protocolVersion the negotiated revision (from the server's answer, else the client's ask)
 * @param client          the client's {@code clientInfo}
 * @param principal       the authenticated user's name, or {@code null}
 */
public record SessionStarted(
        Instant timestamp,
        String endpoint,
        String sessionId,
        Era era,
        String protocolVersion,
        ClientIdentity client,
        String principal) implements McpEvent {
}

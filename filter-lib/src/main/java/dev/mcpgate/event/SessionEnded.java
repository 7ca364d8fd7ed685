package dev.mcpgate.event;

import java.time.Instant;

/**
 * A session the filter tracked ended.
 *
 * @param timestamp    when it ended
 * @param endpoint     the endpoint name
 * @param sessionId    the session id
 * @param reason       why
 * @param started      when it began
 * @param lastSeen     its last request
 * @param requestCount requests seen in the session
 * @param errorCount   of those, the ones whose outcome was not {@link Outcome#OK}
 * @param protocolVersion the MCP revision the session negotiated, or {@code null} when not known
 */
public record SessionEnded(
        Instant timestamp,
        String endpoint,
        String sessionId,
        EndReason reason,
        Instant started,
        Instant lastSeen,
        long requestCount,
        long errorCount,
        String protocolVersion) implements McpEvent {

    /** A session's end whose protocol revision is not known. */
    public SessionEnded(Instant timestamp, String endpoint, String sessionId, EndReason reason, Instant started,
            Instant lastSeen, long requestCount, long errorCount) {
        this(timestamp, endpoint, sessionId, reason, started, lastSeen, requestCount, errorCount, null);
    }
}

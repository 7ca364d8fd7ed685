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
 */
public record SessionEnded(
        Instant timestamp,
        String endpoint,
        String sessionId,
        EndReason reason,
        Instant started,
        Instant lastSeen,
        long requestCount,
        long errorCount) implements McpEvent {
}

package dev.mcpgate.event;

import java.time.Instant;

/**
 * Something that happened at an MCP endpoint: an immutable value, safe to hand to any thread.
 *
 * <p>Observe them with CDI ({@code void on(@Observes RequestCompleted e)}, or
 * {@code @Observes EventBatch} for whole batches), or implement {@link EventSink} and register it
 * through {@code META-INF/services/dev.mcpgate.event.EventSink}. Events are delivered off the
 * request thread, in batches, in the order they were recorded.
 */
public sealed interface McpEvent permits RequestCompleted, SessionStarted, SessionEnded, Heartbeat,
        SchemaChanged, SecurityEvent, ApprovalDecided {

    /** When it happened. */
    Instant timestamp();

    /** The name of the endpoint (filter) that recorded it. */
    String endpoint();
}

package dev.mcpgate.metrics;

import dev.mcpgate.event.Violation;
import java.time.Instant;

/**
 * The endpoint's live counters that {@link McpMeters} publishes as gauges and counters, read when
 * the registry is scraped (never on a request thread). The filter implements it over its
 * endpoint ({@code McpGateEndpoint}); each method must be cheap and must not throw.
 */
public interface EndpointFigures {

    /** Sessions tracked now. */
    long activeSessions();

    /** Events waiting in the queue for the dispatcher. */
    long queueDepth();

    /** The queue's bound ({@code queue-capacity}). */
    long queueCapacity();

    /** Events dropped because the queue was full, since start. */
    long queueDropped();

    /** Whether the analytics store is on ({@code store=jpa}); the store's figures mean nothing otherwise. */
    boolean storeEnabled();

    /** Events the store accepted but dropped (its hold was full), since start. */
    long storeDropped();

    /** Rows the store's writer wrote, since start. */
    long storeRowsWritten();

    /** Events the store holds, not yet written. */
    long storePending();

    /** When the writer last wrote a batch, {@code null} before its first. */
    Instant storeLastWrite();

    /** Exchanges refused ({@code rejected}) or passed with {@code violation} reported, since start. */
    long violations(Violation violation, boolean rejected);
}

package dev.mcpgate.event;

/**
 * A consumer of events, for applications without CDI or that prefer a plain SPI.
 *
 * <p>Register an implementation in {@code META-INF/services/dev.mcpgate.event.EventSink}; it is
 * created once per filter with its public no-argument constructor. Sinks are called on the
 * dispatcher thread, never on a request thread, one batch at a time. An exception thrown by a sink
 * is counted ({@link Heartbeat#sinkFailures()}) and logged; it does not stop the other sinks or
 * later batches.
 */
public interface EventSink {

    /** Takes one batch of events, in the order they were recorded. */
    void accept(EventBatch batch);

    /**
     * Events this sink accepted but had to drop (a store that could not write and hit its bound),
     * since it was created; reported in every {@link Heartbeat}.
     */
    default long eventsDropped() {
        return 0;
    }

    /**
     * Events this sink accepted but set aside because they could not be stored as they were (the
     * store's {@code mcp_quarantine}), since it was created; reported in every {@link Heartbeat}.
     */
    default long eventsQuarantined() {
        return 0;
    }

    /** Called once when the filter is destroyed, after the last batch. */
    default void close() {
    }
}

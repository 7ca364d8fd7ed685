package dev.mcpgate;

import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Violation;
import dev.mcpgate.metrics.EndpointFigures;
import dev.mcpgate.store.StoreSink;
import dev.mcpgate.web.SessionBook;
import java.time.Instant;

/**
 * The endpoint's counters for its meters, read straight from the parts that keep them (not through
 * {@link McpGateEndpoint#health()}, which builds the whole report for every figure).
 */
final class GateFigures implements EndpointFigures {

    private final SessionBook sessions;
    private final EventQueue queue;
    private final int queueCapacity;
    private final GateMetrics metrics;
    private final StoreSink store;

    /** @param store the store's sink, or {@code null} with {@code store=none} */
    GateFigures(SessionBook sessions, EventQueue queue, int queueCapacity, GateMetrics metrics, EventSink store) {
        this.sessions = sessions;
        this.queue = queue;
        this.queueCapacity = queueCapacity;
        this.metrics = metrics;
        this.store = store instanceof StoreSink sink ? sink : null;
    }

    @Override
    public long activeSessions() {
        return sessions.size();
    }

    @Override
    public long queueDepth() {
        return queue.depth();
    }

    @Override
    public long queueCapacity() {
        return queueCapacity;
    }

    @Override
    public long queueDropped() {
        return metrics.eventsDropped();
    }

    @Override
    public boolean storeEnabled() {
        return store != null;
    }

    @Override
    public long storeDropped() {
        return store == null ? 0 : store.eventsDropped();
    }

    @Override
    public long storeRowsWritten() {
        return store == null ? 0 : store.health().rowsWritten();
    }

    @Override
    public long storePending() {
        return store == null ? 0 : store.health().eventsPending();
    }

    @Override
    public Instant storeLastWrite() {
        return store == null ? null : store.health().lastWriteAt();
    }

    @Override
    public long violations(Violation violation, boolean rejected) {
        return rejected ? metrics.violationsRejected(violation) : metrics.violationsReported(violation);
    }
}

package dev.mcpgate.bench;

import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.event.Heartbeat;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.RequestCompleted;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench server's only event sink (registered through {@code META-INF/services}): it counts the
 * request events each endpoint delivered and keeps its last {@link Heartbeat}, so that the
 * {@link StatsServlet} can report queue drops and failure counters. It stores nothing: the
 * {@code observe-*} configurations dispatch to no store. It runs on the dispatcher thread only.
 */
public final class BenchSink implements EventSink {

    /** Per endpoint name. */
    static final Map<String, Counters> COUNTERS = new ConcurrentHashMap<>();

    static final class Counters {
        final AtomicLong requestEvents = new AtomicLong();
        final AtomicLong otherEvents = new AtomicLong();
        volatile Heartbeat lastHeartbeat;
    }

    @Override
    public void accept(EventBatch batch) {
        for (McpEvent event : batch.events()) {
            if (event instanceof RequestCompleted completed) {
                counters(completed.endpoint()).requestEvents.incrementAndGet();
            } else if (event instanceof Heartbeat heartbeat) {
                counters(heartbeat.endpoint()).lastHeartbeat = heartbeat;
            } else {
                counters("*").otherEvents.incrementAndGet();
            }
        }
    }

    static Counters counters(String endpoint) {
        return COUNTERS.computeIfAbsent(endpoint, e -> new Counters());
    }
}

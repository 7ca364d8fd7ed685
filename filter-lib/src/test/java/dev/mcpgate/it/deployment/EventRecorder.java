package dev.mcpgate.it.deployment;

import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.McpEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Records every {@link McpEvent} the filter fires as a CDI event, and notes which of them also
 * arrived inside an {@link EventBatch}. Read and cleared over HTTP through
 * {@link TestEventsServlet}.
 */
@ApplicationScoped
public class EventRecorder {

    /** One observed event, with the thread it was observed on and whether a batch carried it. */
    public record Observed(long sequence, McpEvent event, String thread, boolean inBatch) {
    }

    private final Object lock = new Object();
    private final List<McpEvent> events = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();
    private final Set<McpEvent> batched = Collections.newSetFromMap(new IdentityHashMap<>());
    private long batches;
    private long generation;

    void onEvent(@Observes McpEvent event) {
        String thread = Thread.currentThread().getName();
        synchronized (lock) {
            events.add(event);
            threads.add(thread);
        }
    }

    void onBatch(@Observes EventBatch batch) {
        synchronized (lock) {
            batches++;
            batched.addAll(batch.events());
        }
    }

    /** A copy of what was recorded since the last {@link #clear()}. */
    public Snapshot snapshot() {
        synchronized (lock) {
            List<Observed> copy = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                McpEvent event = events.get(i);
                copy.add(new Observed(i, event, threads.get(i), batched.contains(event)));
            }
            return new Snapshot(generation, batches, copy);
        }
    }

    public void clear() {
        synchronized (lock) {
            events.clear();
            threads.clear();
            batched.clear();
            batches = 0;
            generation++;
        }
    }

    /** What {@link #snapshot()} returns. */
    public record Snapshot(long generation, long batches, List<Observed> events) {
    }
}

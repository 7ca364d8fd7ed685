package dev.mcpgate.event;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The bounded hand-over between request threads and the dispatcher. {@link #offer} never blocks:
 * when the queue is full the event is dropped and {@link GateMetrics#eventDropped() counted}.
 */
public final class EventQueue {

    private final ArrayBlockingQueue<McpEvent> queue;
    private final GateMetrics metrics;

    public EventQueue(int capacity, GateMetrics metrics) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.metrics = metrics;
    }

    /** Adds an event if there is room; otherwise counts it as dropped. Never blocks. */
    public boolean offer(McpEvent event) {
        if (queue.offer(event)) {
            return true;
        }
        metrics.eventDropped();
        return false;
    }

    /** Moves up to {@code max} events, oldest first, into {@code into}; returns how many. */
    int drainTo(List<McpEvent> into, int max) {
        return queue.drainTo(into, max);
    }

    /** Events waiting for dispatch. */
    public int depth() {
        return queue.size();
    }
}

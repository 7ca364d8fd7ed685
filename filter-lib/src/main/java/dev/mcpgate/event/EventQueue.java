package dev.mcpgate.event;

import java.util.List;

/**
 * The bounded hand-over between request threads and the dispatcher. {@link #offer} never blocks:
 * when the queue is full the event is dropped and {@link GateMetrics#eventDropped() counted}.
 * Lock-free ({@link BoundedMpscQueue}): a request thread never waits for the dispatcher, not even
 * while it drains a batch (a lock-based queue held its lock for the whole {@code drainTo}).
 */
public final class EventQueue {

    private static final System.Logger LOG = System.getLogger(EventQueue.class.getName());

    private final BoundedMpscQueue<McpEvent> queue;
    private final GateMetrics metrics;
    private volatile boolean closed;

    public EventQueue(int capacity, GateMetrics metrics) {
        this.queue = new BoundedMpscQueue<>(capacity);
        this.metrics = metrics;
    }

    /** Adds an event if there is room; otherwise counts it as dropped. Never blocks. */
    public boolean offer(McpEvent event) {
        if (!closed && queue.offer(event)) {
            return true;
        }
        metrics.eventDropped();
        if (closed) {
            // an asynchronous exchange completed after the filter's final drain: nobody will read it
            LOG.log(System.Logger.Level.WARNING, "McpGate dropped an event recorded after the filter was destroyed: {0}",
                    event.getClass().getSimpleName());
        }
        return false;
    }

    /** Refuses (and counts) every later event; called before the final drain. */
    public void close() {
        closed = true;
    }

    /**
     * Moves up to {@code max} events, oldest first, into {@code into}; returns how many. One caller
     * at a time (the dispatcher's lock).
     */
    int drainTo(List<McpEvent> into, int max) {
        return queue.drainTo(into, max);
    }

    /** Events waiting for dispatch. */
    public int depth() {
        return queue.size();
    }
}

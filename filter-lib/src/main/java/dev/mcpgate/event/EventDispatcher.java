package dev.mcpgate.event;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Drains the {@link EventQueue} in batches and hands each batch to every {@link EventSink}, off
 * the request threads. {@link #drain()} is the unit of work the filter schedules at a fixed delay
 * on the managed executor; it runs until the queue is empty, so a burst does not wait for the next
 * tick per batch.
 *
 * <p>A sink that throws is logged and counted ({@link GateMetrics#sinkFailed()}); the other sinks
 * still get the batch, and later batches are delivered as usual.
 */
public final class EventDispatcher {

    private static final Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final EventQueue queue;
    private final List<EventSink> sinks;
    private final int batchSize;
    private final GateMetrics metrics;
    private final ClassLoader applicationLoader;
    private final Object drainLock = new Object();

    /**
     * @param applicationLoader set as the context class loader while sinks run, so that CDI and
     *                          JPA find the application's classes from a pool thread
     */
    public EventDispatcher(EventQueue queue, List<EventSink> sinks, int batchSize, GateMetrics metrics,
                           ClassLoader applicationLoader) {
        this.queue = queue;
        this.sinks = List.copyOf(sinks);
        this.batchSize = batchSize;
        this.metrics = metrics;
        this.applicationLoader = applicationLoader;
    }

    /** Delivers everything queued now, batch by batch. Safe to call from any thread; runs one at a time. */
    public void drain() {
        synchronized (drainLock) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(applicationLoader);
            try {
                drainBatches();
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }

    /** Events the sinks accepted but had to drop, summed over all sinks. */
    public long sinkEventsDropped() {
        long dropped = 0;
        for (EventSink sink : sinks) {
            try {
                dropped += sink.eventsDropped();
            } catch (RuntimeException e) {
                metrics.sinkFailed();
            }
        }
        return dropped;
    }

    /** Events the sinks set aside (quarantined), summed over all sinks. */
    public long sinkEventsQuarantined() {
        long quarantined = 0;
        for (EventSink sink : sinks) {
            try {
                quarantined += sink.eventsQuarantined();
            } catch (RuntimeException e) {
                metrics.sinkFailed();
            }
        }
        return quarantined;
    }

    /** Delivers what is left, then closes every sink. Called once, at filter destroy. */
    public void close() {
        drain();
        for (EventSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                metrics.sinkFailed();
                LOG.log(Level.WARNING, "McpGate event sink " + sink.getClass().getName() + " failed to close", e);
            }
        }
    }

    private void drainBatches() {
        List<McpEvent> events = new ArrayList<>(Math.min(batchSize, 64));
        while (queue.drainTo(events, batchSize) > 0) {
            renderIds(events);
            deliver(new EventBatch(events));
            events.clear();
        }
    }

    /**
     * Gives each request recorded without an id its time-ordered id: the request thread keeps only
     * the times (arrival and latency), and the id's random bits and text are made here, once, so that
     * every sink sees the same id (a store retrying a batch relies on it).
     */
    static void renderIds(List<McpEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof RequestCompleted r && r.id() == null) {
                events.set(i, r.withId(TimeOrderedIds.at(r.completedEpochMillis())));
            }
        }
    }

    private void deliver(EventBatch batch) {
        for (EventSink sink : sinks) {
            try {
                sink.accept(batch);
            } catch (RuntimeException | LinkageError e) {
                metrics.sinkFailed();
                LOG.log(Level.WARNING, "McpGate event sink " + sink.getClass().getName()
                        + " failed on a batch of " + batch.events().size() + " events", e);
            }
        }
    }
}

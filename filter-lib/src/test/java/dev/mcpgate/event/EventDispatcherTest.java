package dev.mcpgate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

    private static Heartbeat heartbeat(int n) {
        return new Heartbeat(Instant.EPOCH, "e" + n, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() {
        GateMetrics metrics = new GateMetrics();
        EventQueue queue = new EventQueue(2, metrics);
        assertTrue(queue.offer(heartbeat(1)));
        assertTrue(queue.offer(heartbeat(2)));
        assertFalse(queue.offer(heartbeat(3)));
        assertEquals(1, metrics.eventsDropped());
        assertEquals(2, queue.depth());
    }

    @Test
    void eventsAfterCloseAreCountedAsDroppedWhileQueuedOnesStillDrain() {
        GateMetrics metrics = new GateMetrics();
        EventQueue queue = new EventQueue(10, metrics);
        CollectingSink sink = new CollectingSink();
        EventDispatcher dispatcher = new EventDispatcher(queue, List.of(sink), 10, metrics, getClass().getClassLoader());
        assertTrue(queue.offer(heartbeat(1)));
        queue.close();
        assertFalse(queue.offer(heartbeat(2)));
        dispatcher.close();
        assertEquals(1, sink.events().size());
        assertEquals(1, metrics.eventsDropped());
    }

    @Test
    void drainDeliversEverythingInOrderInBoundedBatches() {
        GateMetrics metrics = new GateMetrics();
        EventQueue queue = new EventQueue(100, metrics);
        CollectingSink sink = new CollectingSink();
        EventDispatcher dispatcher = new EventDispatcher(queue, List.of(sink), 4, metrics, getClass().getClassLoader());
        for (int i = 0; i < 10; i++) {
            queue.offer(heartbeat(i));
        }
        dispatcher.drain();
        assertEquals(List.of(4, 4, 2), sink.batches.stream().map(b -> b.events().size()).toList());
        assertEquals("e0", sink.events().get(0).endpoint());
        assertEquals("e9", sink.events().get(9).endpoint());
        assertEquals(0, queue.depth());
    }

    @Test
    void failingSinkIsCountedAndOthersStillGetTheBatch() {
        GateMetrics metrics = new GateMetrics();
        EventQueue queue = new EventQueue(10, metrics);
        EventSink failing = batch -> {
            throw new IllegalStateException("database down");
        };
        CollectingSink healthy = new CollectingSink();
        EventDispatcher dispatcher = new EventDispatcher(queue, List.of(failing, healthy), 10, metrics,
                getClass().getClassLoader());
        queue.offer(heartbeat(1));
        dispatcher.drain();
        queue.offer(heartbeat(2));
        dispatcher.drain();
        assertEquals(2, metrics.sinkFailures());
        assertEquals(2, healthy.events().size());
    }

    @Test
    void closeDeliversWhatIsLeftThenClosesSinks() {
        GateMetrics metrics = new GateMetrics();
        EventQueue queue = new EventQueue(10, metrics);
        CollectingSink sink = new CollectingSink();
        EventDispatcher dispatcher = new EventDispatcher(queue, List.of(sink), 10, metrics, getClass().getClassLoader());
        queue.offer(heartbeat(1));
        dispatcher.close();
        assertEquals(1, sink.events().size());
        assertTrue(sink.closed);
    }

    @Test
    void sinksRunWithTheApplicationClassLoader() {
        GateMetrics metrics = new GateMetrics();
        EventQueue queue = new EventQueue(10, metrics);
        ClassLoader application = new ClassLoader(getClass().getClassLoader()) { };
        ClassLoader[] seen = new ClassLoader[1];
        EventDispatcher dispatcher = new EventDispatcher(queue,
                List.of(batch -> seen[0] = Thread.currentThread().getContextClassLoader()), 10, metrics, application);
        queue.offer(heartbeat(1));
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        dispatcher.drain();
        assertEquals(application, seen[0]);
        assertEquals(before, Thread.currentThread().getContextClassLoader());
    }
}

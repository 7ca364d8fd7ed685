package dev.mcpgate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

    private static Heartbeat heartbeat(int n) {
        return new Heartbeat(Instant.EPOCH, "e" + n, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static RequestCompleted request(String id, Instant at, long latencyMicros) {
        return new RequestCompleted(id, at, "mcp", "s1", Era.LEGACY, "2025-06-18", "POST", 200, "tools/call", "1",
                "echo", Outcome.OK, null, null, latencyMicros, 10, 20, ClientIdentity.UNKNOWN, null, false, 1);
    }

    /**
     * The filter records a request without its id (no id rendered on the request thread); every
     * sink gets it with a version-7 id whose time is the exchange's completion, the same id for all.
     */
    @Test
    void requestsRecordedWithoutAnIdReachEverySinkWithTheSameTimeOrderedIdOfTheirCompletion() {
        GateMetrics metrics = new GateMetrics();
        EventQueue queue = new EventQueue(10, metrics);
        CollectingSink first = new CollectingSink();
        CollectingSink second = new CollectingSink();
        EventDispatcher dispatcher = new EventDispatcher(queue, List.of(first, second), 10, metrics,
                getClass().getClassLoader());
        Instant arrived = Instant.parse("2026-12-01T23:00:00.123Z");
        queue.offer(request(null, arrived, 2_500_000));
        queue.offer(request("given", arrived, 5));
        dispatcher.drain();
        RequestCompleted rendered = (RequestCompleted) first.events().get(0);
        UUID uuid = UUID.fromString(rendered.id());
        assertEquals(7, uuid.version());
        assertEquals(arrived.toEpochMilli() + 2_500, uuid.getMostSignificantBits() >>> 16);
        assertEquals(request(rendered.id(), arrived, 2_500_000), rendered);
        assertEquals(rendered.id(), ((RequestCompleted) second.events().get(0)).id());
        assertEquals("given", ((RequestCompleted) first.events().get(1)).id());
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

package dev.mcpgate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedMpscQueueTest {

    private static final int PRODUCERS = 4;

    @Test
    void keepsElementsInOrderOverManyLapsOfARingThatIsNotAPowerOfTwo() {
        BoundedMpscQueue<Integer> queue = new BoundedMpscQueue<>(3);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 1000; i += 2) {
            assertTrue(queue.offer(i));
            assertTrue(queue.offer(i + 1));
            assertEquals(2, queue.size());
            assertEquals(2, queue.drainTo(out, 10));
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, out.get(i));
        }
        assertNull(queue.poll());
        assertEquals(0, queue.size());
    }

    @Test
    void refusesWhenFullAndTakesAgainOnceASlotIsFree() {
        BoundedMpscQueue<String> queue = new BoundedMpscQueue<>(2);
        assertTrue(queue.offer("a"));
        assertTrue(queue.offer("b"));
        assertFalse(queue.offer("c"));
        assertEquals(2, queue.size());
        assertEquals("a", queue.poll());
        assertTrue(queue.offer("d"));
        assertFalse(queue.offer("e"));
        List<String> out = new ArrayList<>();
        assertEquals(1, queue.drainTo(out, 1));
        assertEquals(1, queue.drainTo(out, 5));
        assertEquals(List.of("b", "d"), out);
    }

    @Test
    void refusesACapacityBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedMpscQueue<>(0));
    }

    /** Producers racing into a queue nobody drains: exactly the capacity gets in, and each of those once. */
    @Test
    void concurrentProducersFillExactlyTheCapacityAndNoMore() throws Exception {
        int capacity = 1_000;
        BoundedMpscQueue<Long> queue = new BoundedMpscQueue<>(capacity);
        AtomicLong accepted = new AtomicLong();
        runProducers(PRODUCERS, 5_000, queue, accepted, new AtomicLong());
        assertEquals(capacity, accepted.get());
        assertEquals(capacity, queue.size());
        List<Long> out = new ArrayList<>();
        assertEquals(capacity, queue.drainTo(out, Integer.MAX_VALUE));
        assertEquals(capacity, out.stream().distinct().count());
        assertNull(queue.poll());
    }

    /** Below the capacity nothing is lost: every element offered while the consumer drains arrives once, in order. */
    @Test
    void concurrentProducersAndAConsumerLoseNothingBelowTheCapacity() throws Exception {
        int perProducer = 50_000;
        BoundedMpscQueue<Long> queue = new BoundedMpscQueue<>(PRODUCERS * perProducer);
        Drained drained = drainWhileProducing(queue, perProducer);
        assertEquals(0, drained.refused);
        assertEquals((long) PRODUCERS * perProducer, drained.received.size());
        assertEachProducersElementsOnceAndInOrder(drained.received, perProducer, true);
    }

    /**
     * A small ring lapped many times under contention: every offer is either refused or delivered
     * exactly once, in each producer's order, and the refusals are what the offers said.
     */
    @Test
    void concurrentProducersAndAConsumerOnASmallRingDeliverExactlyWhatWasAccepted() throws Exception {
        int perProducer = 50_000;
        BoundedMpscQueue<Long> queue = new BoundedMpscQueue<>(7);
        Drained drained = drainWhileProducing(queue, perProducer);
        assertEquals((long) PRODUCERS * perProducer, drained.received.size() + drained.refused);
        assertEachProducersElementsOnceAndInOrder(drained.received, perProducer, false);
    }

    private record Drained(List<Long> received, long refused) {
    }

    private static Drained drainWhileProducing(BoundedMpscQueue<Long> queue, int perProducer) throws Exception {
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Long> received = new ArrayList<>();
        Thread consumer = new Thread(() -> {
            while (true) {
                boolean last = !producing.get(); // read before draining: nothing is offered after it
                queue.drainTo(received, 64);
                if (last && queue.size() == 0) {
                    return;
                }
                Thread.onSpinWait();
            }
        });
        consumer.start();
        AtomicLong refused = new AtomicLong();
        runProducers(PRODUCERS, perProducer, queue, new AtomicLong(), refused);
        producing.set(false);
        consumer.join();
        return new Drained(received, refused.get());
    }

    /** Elements are {@code producer * 2^32 + sequence}. */
    private static void runProducers(int producers, int perProducer, BoundedMpscQueue<Long> queue,
                                     AtomicLong accepted, AtomicLong refused) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    if (queue.offer(base + i)) {
                        accepted.incrementAndGet();
                    } else {
                        refused.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void assertEachProducersElementsOnceAndInOrder(List<Long> received, int perProducer,
                                                                  boolean complete) {
        long[] next = new long[PRODUCERS];
        for (long element : received) {
            int producer = (int) (element >>> 32);
            long sequence = element & 0xFFFFFFFFL;
            assertTrue(sequence >= next[producer], "producer " + producer + ": " + sequence + " after " + next[producer]);
            if (complete) {
                assertEquals(next[producer], sequence, "producer " + producer + " lost an element");
            }
            next[producer] = sequence + 1;
        }
        if (complete) {
            for (int p = 0; p < PRODUCERS; p++) {
                assertEquals(perProducer, next[p]);
            }
        }
    }
}

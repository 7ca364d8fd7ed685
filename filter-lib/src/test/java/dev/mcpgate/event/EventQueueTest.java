package dev.mcpgate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    private static Heartbeat heartbeat(String endpoint) {
        return new Heartbeat(Instant.EPOCH, endpoint, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * A request thread's offer must not wait for the dispatcher: here the drain is stopped in the
     * middle of handing over an event, and an offer from another thread still returns at once.
     */
    @Test
    void offerDoesNotWaitForADrainUnderWay() throws Exception {
        EventQueue queue = new EventQueue(10, new GateMetrics());
        queue.offer(heartbeat("first"));
        CountDownLatch draining = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ArrayList<McpEvent> into = new ArrayList<>() {
            @Override
            public boolean add(McpEvent event) {
                draining.countDown();
                awaitQuietly(release);
                return super.add(event);
            }
        };
        Thread dispatcher = new Thread(() -> queue.drainTo(into, 10));
        dispatcher.start();
        assertTrue(draining.await(30, TimeUnit.SECONDS));
        CountDownLatch offered = new CountDownLatch(1);
        Thread request = new Thread(() -> {
            queue.offer(heartbeat("second"));
            offered.countDown();
        });
        request.start();
        boolean returned = offered.await(10, TimeUnit.SECONDS);
        release.countDown();
        dispatcher.join();
        request.join();
        assertTrue(returned, "the offer waited for the drain");
        assertEquals("first", into.get(0).endpoint());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

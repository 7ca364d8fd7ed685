package dev.mcpgate.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryTest {

    /** A connection whose writes can be held until released. */
    private static final class HeldConnection implements Delivery.Connection {
        final List<String> written = new CopyOnWriteArrayList<>();
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hold;

        @Override
        public void write(byte[] frame) throws IOException {
            if (hold) {
                writing.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            written.add(new String(frame, StandardCharsets.US_ASCII));
        }

        @Override
        public void end() {
        }

        @Override
        public void close() {
        }
    }

    /** Starts a thread that writes {@code text} and is held inside the write until the connection is released. */
    private static Thread writeHeld(Delivery delivery, HeldConnection connection, String text) throws InterruptedException {
        connection.hold = true;
        delivery.enqueue(frame(text));
        Thread writer = new Thread(delivery::drain);
        writer.start();
        assertTrue(connection.writing.await(5, TimeUnit.SECONDS), "the write began");
        return writer;
    }

    private static byte[] frame(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aConnectionTheContainerEndedIsNeverWrittenAgain() {
        HeldConnection connection = new HeldConnection();
        Delivery delivery = new Delivery(connection);
        boolean[] told = {false};
        delivery.onGone(d -> told[0] = true);
        delivery.abort();
        delivery.enqueue(frame("late"));
        delivery.drain();
        delivery.writeIfIdle(Delivery.HEARTBEAT);
        assertEquals(List.of(), connection.written);
        assertTrue(delivery.over());
        assertTrue(told[0], "the stream is told, so that it detaches the connection");
    }

    @Test
    void abortWaitsForAWriteUnderWaySoThatTheResponseIsUntouchedAfterIt() throws Exception {
        HeldConnection connection = new HeldConnection();
        Delivery delivery = new Delivery(connection);
        Thread writer = writeHeld(delivery, connection, "slow");
        Thread aborter = new Thread(delivery::abort);
        aborter.start();
        aborter.join(200);
        assertTrue(aborter.isAlive(), "abort returned while a write was under way");
        connection.release.countDown();
        aborter.join(5000);
        writer.join(5000);
        assertFalse(aborter.isAlive());
    }

    @Test
    void theHeartbeatNeverWaitsForABusyConnectionNorWritesItsBacklog() throws Exception {
        HeldConnection connection = new HeldConnection();
        Delivery delivery = new Delivery(connection);
        Thread writer = writeHeld(delivery, connection, "event 1");
        delivery.enqueue(frame("event 2"));
        long start = System.nanoTime();
        delivery.writeIfIdle(Delivery.HEARTBEAT); // must return at once, writing nothing
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
        connection.hold = false;
        connection.release.countDown();
        writer.join(5000);
        assertEquals(List.of("event 1", "event 2"), connection.written, "the writer wrote the backlog, no heartbeat between");
    }
}

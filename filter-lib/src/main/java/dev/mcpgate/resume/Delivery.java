package dev.mcpgate.resume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client connection that receives a resumable stream: the original answer, or a {@code GET}
 * that resumed it. Frames are queued by whoever produces them (the server's writing thread, a
 * resume, the heartbeat) and written by one thread at a time, in order, without a lock held across
 * the write: whichever thread finds the connection idle writes everything queued, the others only
 * queue. A write that fails marks the connection gone; the stream then goes on without it.
 */
public final class Delivery {

    /** The connection itself, as the servlet layer provides it. */
    public interface Connection {
        /** Writes one frame and flushes it. */
        void write(byte[] frame) throws IOException;

        /** The stream ended: complete the answer. */
        void end();

        /**
         * Ends the answer before the stream ended ({@code sse-close-after}, or a newer resume took
         * the stream over): the client resumes with {@code Last-Event-ID}.
         */
        void close();
    }

    private static final Object END = new Object();
    private static final Object CLOSE = new Object();
    static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Connection connection;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile boolean over;
    private volatile long lastWriteNanos = System.nanoTime();
    final long attachedNanos = System.nanoTime();
    private volatile Consumer<Delivery> onGone = d -> { };

    public Delivery(Connection connection) {
        this.connection = connection;
    }

    void onGone(Consumer<Delivery> action) {
        this.onGone = action;
    }

    /** Whether the connection ended or failed: nothing more is written to it. */
    public boolean over() {
        return over;
    }

    /** Nothing more is written to the connection: it is gone. */
    public void abort() {
        over = true;
    }

    long lastWriteNanos() {
        return lastWriteNanos;
    }

    /** Flushes what was written so far (the answer's headers, when nothing was). */
    public void flushNow() {
        queue.add(new byte[0]);
        drain();
    }

    void enqueue(byte[] frame) {
        queue.add(frame);
    }

    void enqueueEnd() {
        queue.add(END);
    }

    void enqueueClose() {
        queue.add(CLOSE);
    }

    /** Writes what is queued, unless another thread is doing so (it writes it then). */
    void drain() {
        while (!queue.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                Object next;
                while ((next = queue.poll()) != null) {
                    deliver(next);
                }
            } finally {
                writing.set(false);
            }
        }
    }

    /** Waits (briefly, bounded) until no other thread is writing: the answer is about to be completed. */
    void awaitIdle(long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        while (writing.get() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private void deliver(Object next) {
        if (over) {
            return;
        }
        if (next == END || next == CLOSE) {
            over = true;
            if (next == END) {
                connection.end();
            } else {
                connection.close();
                onGone.accept(this);
            }
            return;
        }
        try {
            connection.write((byte[]) next);
            lastWriteNanos = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            over = true;
            onGone.accept(this);
        }
    }
}

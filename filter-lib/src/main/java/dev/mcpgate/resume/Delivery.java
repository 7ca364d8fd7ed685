package dev.mcpgate.resume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One client connection that receives a resumable stream: the original answer, or a {@code GET}
 * that resumed it. Frames are queued by whoever produces them (the server's writing thread, a
 * resume) and written in order under this connection's write lock, by the thread that queued them
 * or by the one writing before it: the server is held back by a slow client as it would be without
 * McpGate, and no stream's lock is held while writing. The heartbeat writes only to an idle
 * connection and never waits for one. Once the connection is over (ended, closed, failed, or its
 * container ended it: {@link #abort}) nothing more touches it.
 */
public final class Delivery {

    /** The connection itself, as the servlet layer provides it. */
    public interface Connection {
        /** Writes one frame and flushes it (with whatever was written before it unflushed). */
        void write(byte[] frame) throws IOException;

        /**
         * Writes a frame without flushing it: the priming event, which then leaves with the stream's
         * first event in one write (most answers come at once), or on the sweep's next turn.
         */
        default void writeUnflushed(byte[] frame) throws IOException {
            write(frame);
        }

        /** The stream ended: complete the answer. */
        void end();

        /**
         * Ends the answer before the stream ended ({@code sse-close-after}, or a newer resume took
         * the stream over): the client resumes with {@code Last-Event-ID}.
         */
        void close();
    }

    private static final Object END = new Object();
    private static final byte[] FLUSH = new byte[0];

    /** A frame written without a flush. */
    private record Unflushed(byte[] frame) {
    }
    private static final Object CLOSE = new Object();
    static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Connection connection;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean over;
    /** Something was written and not flushed yet. */
    private volatile boolean flushPending;
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

    /**
     * The container ended the connection (its client went away): nothing more is written to it,
     * and a write under way is waited for, so that the container's response is never touched after
     * this returns. The stream it was attached to goes on without it.
     */
    public void abort() {
        writing.lock();
        try {
            over = true;
        } finally {
            writing.unlock();
        }
        onGone.accept(this);
    }

    /** Flushes what was written so far (the answer's headers, when nothing was). */
    public void flushNow() {
        queue.add(FLUSH);
        drain();
    }

    long lastWriteNanos() {
        return lastWriteNanos;
    }

    void enqueue(byte[] frame) {
        queue.add(frame);
    }

    /** Queues a frame that is written without a flush (see {@link Connection#writeUnflushed}). */
    void enqueueUnflushed(byte[] frame) {
        queue.add(new Unflushed(frame));
    }

    /** Whether a frame was written and not flushed yet. */
    boolean flushPending() {
        return flushPending;
    }

    /** Flushes what was written unflushed, when the connection is idle now; never waits. */
    void flushIfIdle() {
        if (flushPending) {
            writeIfIdle(FLUSH);
        }
    }

    void enqueueEnd() {
        queue.add(END);
    }

    /** Writes what is queued, in order; waits while another thread writes (then writes what is left). */
    void drain() {
        if (queue.isEmpty()) {
            return;
        }
        writing.lock();
        try {
            writeQueued();
        } finally {
            writing.unlock();
        }
    }

    /**
     * Writes {@code frame} only when the connection is idle now (nothing queued, nobody writing):
     * the heartbeat, which must never wait for a busy connection nor write another thread's backlog.
     */
    void writeIfIdle(byte[] frame) {
        if (!queue.isEmpty() || !writing.tryLock()) {
            return;
        }
        try {
            if (queue.isEmpty()) {
                deliver(frame);
            }
        } finally {
            writing.unlock();
        }
        drain(); // a frame queued meanwhile found the lock held and waits for it: write it now
    }

    /** Closes the connection as soon as no write is under way; never waits for one. */
    void closeSoon() {
        queue.add(CLOSE);
        if (writing.tryLock()) {
            try {
                writeQueued();
            } finally {
                writing.unlock();
            }
        }
    }

    /** Call with the write lock held. */
    private void writeQueued() {
        Object next;
        while ((next = queue.poll()) != null) {
            deliver(next);
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
            if (next instanceof Unflushed unflushed) {
                connection.writeUnflushed(unflushed.frame);
                flushPending = true;
            } else {
                connection.write((byte[]) next);
                flushPending = false;
            }
            lastWriteNanos = System.nanoTime();
        } catch (IOException | RuntimeException e) {
            over = true;
            onGone.accept(this);
        }
    }
}

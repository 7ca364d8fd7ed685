package dev.mcpgate.resume;

import dev.mcpgate.session.ReplayStore;
import dev.mcpgate.session.ReplayStore.Replay;
import dev.mcpgate.session.ReplayStore.ReplayLog;
import java.nio.charset.StandardCharsets;

/**
 * One resumable SSE stream while its server writes it: numbers its events, keeps them in the replay
 * log, and delivers them to the client connection attached now — the original answer's, or a
 * {@code GET} that resumed it — or to none, while the client is away. Events are numbered, kept and
 * queued under this stream's lock, so that a resume sees each event exactly once: from the log or
 * live, never both, never neither; the writes to the client happen outside it.
 */
public final class ResumableStream {

    /** Which request opened the stream. */
    public enum Kind {
        /** The answer to a POST: ends with the response to the request. */
        POST,
        /** The standalone GET stream: server-initiated messages, open as long as the server keeps it. */
        GET
    }

    private final String sessionId;
    private final Kind kind;
    private final ReplayLog log;
    private final ReplayStore store;
    private final LiveStreams live;
    private final Runnable onAbandon;
    private long seq;
    private Delivery attached;
    /** The original answer's connection: the only one {@code sse-close-after} ends (a resume tails to the end). */
    private Delivery original;
    /** An event over the bound was met: bytes pass through unchanged, so nothing may be put between them. */
    private volatile boolean passingThrough;
    private boolean complete;
    private volatile boolean abandoned;
    /** Since when no client is attached; from the start, so that a sweep before attachOriginal abandons nothing. */
    private volatile long detachedNanos = System.nanoTime();

    ResumableStream(String sessionId, Kind kind, ReplayLog log, ReplayStore store, LiveStreams live, Runnable onAbandon) {
        this.sessionId = sessionId;
        this.kind = kind;
        this.log = log;
        this.store = store;
        this.live = live;
        this.onAbandon = onAbandon;
    }

    String sessionId() {
        return sessionId;
    }

    long number() {
        return log.stream();
    }

    String tag() {
        return log.tag();
    }

    /** The priming event: the stream's first id, the reconnection delay, empty data. */
    public byte[] priming(long retryMillis) {
        return (idLine(0) + "retry: " + retryMillis + "\ndata: \n\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Attaches the original answer's connection, which then receives the priming event. */
    public void attachOriginal(Delivery delivery, byte[] priming) {
        delivery.onGone(this::detach);
        synchronized (this) {
            attached = delivery;
            original = delivery;
            delivery.enqueueUnflushed(priming); // leaves with the first event, or on the sweep's next turn
        }
        delivery.drain();
    }

    /**
     * The server wrote a whole event (its fields, without an id): number it, keep it, deliver it.
     *
     * @return the event as clients are sent it
     */
    public byte[] event(byte[] fields) {
        Delivery to;
        byte[] frame;
        synchronized (this) {
            seq++;
            frame = frame(seq, fields);
            log.append(seq, frame);
            to = queueOnAttached(frame);
        }
        drain(to);
        return frame;
    }

    /** Bytes of a stream that passes through unchanged: to the attached connection only, never kept. */
    public void raw(byte[] bytes) {
        Delivery to;
        synchronized (this) {
            to = queueOnAttached(bytes);
        }
        drain(to);
    }

    /** Queues bytes for the attached connection, if any; call under this stream's lock, drain outside it. */
    private Delivery queueOnAttached(byte[] bytes) {
        Delivery to = attached;
        if (to != null) {
            to.enqueue(bytes);
        }
        return to;
    }

    private static void drain(Delivery to) {
        if (to != null) {
            to.drain();
        }
    }

    /** The original answer's connection is gone (the container ended it): the stream goes on without it. */
    public void originalGone(Delivery delivery) {
        delivery.abort();
        detach(delivery);
    }

    /** The stream stopped being rewritten (an event over the bound): nothing after this is kept. */
    public void passingThrough() {
        passingThrough = true;
        synchronized (this) {
            log.skip(++seq);
            log.complete();
        }
    }

    /** The server completed the stream: a resume delivers up to here and ends. */
    public void finish() {
        Delivery to;
        synchronized (this) {
            if (complete) {
                return;
            }
            complete = true;
            log.complete();
            to = attached;
            attached = null;
            if (to != null) {
                to.enqueueEnd();
            }
        }
        drain(to); // returns once the end is written, by this thread or the one that wrote before it
        live.remove(this);
    }

    /** Whether the client stayed away longer than {@code resume-detached-timeout}: the server should stop. */
    public boolean abandoned() {
        return abandoned;
    }

    /** Whether no client connection is attached now. */
    public synchronized boolean detached() {
        return attached == null;
    }

    /**
     * A client resumes after event {@code afterSeq}: the kept events after it go to {@code delivery},
     * then the live ones, or the end when the stream is complete. A connection attached before is
     * closed (its client reconnected).
     *
     * @return whether the id belonged to this stream's session; when not, nothing was queued
     */
    boolean resume(Delivery delivery, String tag, long afterSeq) {
        Delivery replaced;
        synchronized (this) {
            Replay replay = store.replay(sessionId, tag, log.stream(), afterSeq);
            if (!replay.found()) {
                return false;
            }
            Resumption.enqueueReplay(delivery, replay);
            replaced = attached;
            if (complete) {
                delivery.enqueueEnd();
                attached = null;
            } else {
                delivery.onGone(this::detach);
                attached = delivery;
            }
        }
        if (replaced != null && replaced != delivery) {
            replaced.closeSoon(); // never waits for a write to a client that stopped reading
        }
        delivery.drain();
        return true;
    }

    /** The attached connection went away: the stream goes on, kept for a resume. */
    void detach(Delivery delivery) {
        synchronized (this) {
            if (attached != delivery) {
                return;
            }
            attached = null;
            detachedNanos = System.nanoTime();
        }
    }

    /**
     * Called by the sweep: gives up on a client away too long, closes the original POST answer after
     * {@code sse-close-after}, writes a heartbeat to an idle connection. The sweep's thread never
     * waits for a busy connection nor writes another thread's backlog.
     */
    void sweep(long now, ResumeOptions options) {
        Delivery to;
        Action action;
        synchronized (this) {
            to = attached;
            if (complete) {
                return;
            }
            action = action(to, now, options);
            if (action == Action.NONE) {
                return;
            }
            if (action == Action.GIVE_UP) {
                complete = true;
                abandoned = true;
                log.complete();
            } else if (action == Action.CLOSE) {
                attached = null;
                detachedNanos = now;
            }
        }
        switch (action) {
            case GIVE_UP -> {
                live.remove(this); // the client stayed away too long: the server is told to stop
                onAbandon.run();
            }
            case CLOSE -> to.closeSoon();
            case HEARTBEAT -> to.writeIfIdle(Delivery.HEARTBEAT);
            case FLUSH -> to.flushIfIdle();
            default -> { }
        }
    }

    private enum Action { NONE, GIVE_UP, CLOSE, HEARTBEAT, FLUSH }

    /** What the sweep does now; call under this stream's lock. */
    private Action action(Delivery to, long now, ResumeOptions options) {
        if (to == null) {
            return now - detachedNanos > options.detachedTimeout().toNanos() ? Action.GIVE_UP : Action.NONE;
        }
        if (passingThrough) {
            return Action.NONE; // a comment or a close could land inside an event
        }
        if (kind == Kind.POST && to == original && options.closeAfter() != null
                && now - to.attachedNanos > options.closeAfter().toNanos()) {
            return Action.CLOSE;
        }
        if (options.heartbeat() != null && now - to.lastWriteNanos() > options.heartbeat().toNanos()) {
            return Action.HEARTBEAT;
        }
        return to.flushPending() ? Action.FLUSH : Action.NONE;
    }

    private byte[] frame(long number, byte[] fields) {
        byte[] id = idLine(number).getBytes(StandardCharsets.US_ASCII);
        byte[] frame = new byte[id.length + fields.length + 1];
        System.arraycopy(id, 0, frame, 0, id.length);
        System.arraycopy(fields, 0, frame, id.length, fields.length);
        frame[frame.length - 1] = '\n';
        return frame;
    }

    /** The {@code id:} line of event {@code number} of this stream. */
    private String idLine(long number) {
        return "id: " + new EventId(log.tag(), log.stream(), number).text() + "\n";
    }
}

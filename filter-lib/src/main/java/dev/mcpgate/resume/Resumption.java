package dev.mcpgate.resume;

import dev.mcpgate.session.ReplayStore;
import dev.mcpgate.session.ReplayStore.Replay;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * SSE resumability at one endpoint (setting {@code resume}): opens a {@link ResumableStream} for
 * each legacy-era SSE answer, answers a {@code GET} with {@code Last-Event-ID}, and sweeps the live
 * streams for heartbeats, early closes and clients that never came back. Servlet-free: the
 * {@code web} package connects it to requests and responses.
 */
public final class Resumption {

    /** What a {@code GET} with {@code Last-Event-ID} gets. */
    public enum Outcome {
        /** The id is not of McpGate's form: 400. */
        MALFORMED,
        /** The id is not one this session was given (another session's, a stream never opened): 404. */
        NOT_FOUND,
        /** The replay was queued on the connection (and the live events follow, or the end). */
        RESUMED
    }

    private static final Logger LOG = System.getLogger(Resumption.class.getName());

    private final ResumeOptions options;
    private final ReplayStore store;
    private final LiveStreams live = new LiveStreams();
    private final ScheduledFuture<?> sweep;

    public Resumption(ResumeOptions options, ReplayStore store, ScheduledExecutorService scheduler) {
        this.options = options;
        this.store = store;
        long every = options.sweepInterval().toNanos();
        this.sweep = scheduler.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.NANOSECONDS);
    }

    public ResumeOptions options() {
        return options;
    }

    /**
     * Opens a stream of the session: its events are numbered and kept from now on.
     *
     * @param onAbandon run (once, on the sweep's thread) when the client stayed away longer than
     *                  {@code resume-detached-timeout}: the server should stop writing
     */
    public ResumableStream open(String sessionId, ResumableStream.Kind kind, Runnable onAbandon) {
        ResumableStream stream = new ResumableStream(sessionId, kind, store.open(sessionId), store, live, onAbandon);
        live.add(stream);
        return stream;
    }

    /**
     * A client of {@code sessionId} resumes after {@code lastEventId}. Nothing is written to the
     * connection unless the outcome is {@link Outcome#RESUMED}.
     */
    public Outcome resume(String sessionId, String lastEventId, Delivery delivery) {
        EventId id = EventId.parse(lastEventId);
        if (id == null) {
            return Outcome.MALFORMED;
        }
        ResumableStream stream = live.find(sessionId, id.stream());
        if (stream != null && stream.resume(delivery, id.tag(), id.seq())) {
            return Outcome.RESUMED;
        }
        Replay replay = store.replay(sessionId, id.tag(), id.stream(), id.seq());
        if (!replay.found()) {
            return Outcome.NOT_FOUND;
        }
        enqueueReplay(delivery, replay);
        delivery.enqueueEnd(); // not live here: the stream ended (or its server runs on another node)
        delivery.drain();
        return Outcome.RESUMED;
    }

    /** The session ended: its logs go. */
    public void sessionEnded(String sessionId) {
        store.forget(sessionId);
    }

    /** Bytes of events held in the replay logs now. */
    public long bytesHeld() {
        return store.bytesHeld();
    }

    /** Events evicted from the replay logs so far. */
    public long eventsEvicted() {
        return store.eventsEvicted();
    }

    /** Streams whose server is still writing. */
    public int liveStreams() {
        return live.size();
    }

    public void close() {
        sweep.cancel(false);
    }

    static void enqueueReplay(Delivery delivery, Replay replay) {
        if (replay.lost() != 0) {
            delivery.enqueue(lossComment(replay.lost()));
        }
        replay.frames().forEach(delivery::enqueue);
    }

    static byte[] lossComment(long lost) {
        String text = lost < 0
                ? ": mcpgate: the events of this stream are no longer kept and are lost\n\n"
                : ": mcpgate: " + lost + (lost == 1 ? " event of this stream was" : " events of this stream were")
                        + " evicted from the replay log and are lost\n\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private void sweepQuietly() {
        try {
            long now = System.nanoTime();
            for (ResumableStream stream : live.all()) {
                stream.sweep(now, options);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "McpGate: a sweep of the resumable streams failed; the next one runs as planned", e);
        }
    }
}

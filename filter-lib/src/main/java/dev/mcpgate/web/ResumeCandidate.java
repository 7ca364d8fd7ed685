package dev.mcpgate.web;

import dev.mcpgate.resume.Delivery;
import dev.mcpgate.resume.ResumableStream;
import dev.mcpgate.resume.Resumption;
import dev.mcpgate.resume.SseRewriter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An exchange whose answer may become a resumable stream: a legacy-era POST or GET naming a
 * session, at an endpoint with {@code resume} on. It decides once — when the servlet takes its
 * writer or stream with an SSE answer declared, or at its first write or flush — and from then on
 * either stays out of the way (any other answer) or stands between the servlet and the client:
 * the servlet's bytes are read into events ({@link SseRewriter}), numbered and kept
 * ({@link ResumableStream}), and written to the client connection attached now, which starts with a
 * priming event. The tap is shown what the client is sent.
 */
final class ResumeCandidate implements SseRewriter.Output {

    /** What a servlet's write fails with once its client stayed away too long. */
    static final String GONE = "the client went away and did not resume within resume-detached-timeout";

    private enum State { UNDECIDED, RESUMING, PLAIN }

    private final Resumption resumption;
    private final String sessionId;
    private final ResumableStream.Kind kind;
    private final ResponseTap tap;
    private HttpServletResponse response;
    private volatile State state = State.UNDECIDED;
    private ResumableStream stream;
    private SseRewriter rewriter;
    private Delivery original;
    private volatile ShieldedAsyncContext shield;

    ResumeCandidate(Resumption resumption, String sessionId, ResumableStream.Kind kind, ResponseTap tap) {
        this.resumption = resumption;
        this.sessionId = sessionId;
        this.kind = kind;
        this.tap = tap;
    }

    /** The response the servlet answers on (its status and content type decide); set before the chain runs. */
    void answeringOn(HttpServletResponse response) {
        this.response = response;
    }

    void shieldedBy(ShieldedAsyncContext shield) {
        this.shield = shield;
    }

    /** The servlet took its writer or stream: an SSE answer declared by now starts resuming at once. */
    synchronized void servletTookOutput(ClientOutput out) {
        if (state == State.UNDECIDED && isSseAnswer()) {
            start(out);
        }
    }

    /** Whether the answer is resumed through this candidate; decides at the first call. */
    boolean resuming(ClientOutput out) {
        State s = state;
        if (s == State.UNDECIDED) {
            synchronized (this) {
                if (state == State.UNDECIDED) {
                    if (isSseAnswer()) {
                        start(out);
                    } else {
                        state = State.PLAIN;
                    }
                }
                s = state;
            }
        }
        return s == State.RESUMING;
    }

    /**
     * Whether a tee hands what the servlet writes to this candidate (the answer is a resumable
     * stream; decided at the first call).
     *
     * @throws IOException when the client stayed away too long: the servlet should stop
     */
    boolean takes(ClientOutput out) throws IOException {
        if (!resuming(out)) {
            return false;
        }
        if (abandoned()) {
            throw new IOException(GONE);
        }
        return true;
    }

    /** Whether the answer has become a resumable stream (without deciding). */
    boolean isResuming() {
        return state == State.RESUMING;
    }

    private boolean isSseAnswer() {
        return response.getStatus() == HttpServletResponse.SC_OK && MediaTypes.isEventStream(response.getContentType());
    }

    private void start(ClientOutput out) {
        stream = resumption.open(sessionId, kind, this::abandonedOnSweep);
        rewriter = new SseRewriter(resumption.options().maxEventBytes(), this);
        original = new Delivery(new OriginalConnection(out));
        state = State.RESUMING;
        byte[] priming = stream.priming(resumption.options().retry().toMillis());
        tap.bytes(priming);
        stream.attachOriginal(original, priming);
    }

    /** The servlet's bytes: read into events. */
    synchronized void feed(byte[] bytes, int offset, int length) {
        rewriter.feed(bytes, offset, length);
    }

    @Override
    public void event(byte[] fields) {
        tap.bytes(stream.event(fields));
    }

    @Override
    public void passThrough() {
        stream.passingThrough();
    }

    @Override
    public void raw(byte[] bytes, int offset, int length) {
        byte[] copy = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        stream.raw(copy);
        tap.bytes(copy);
    }

    /** The servlet completed its answer: the stream ends (a resume delivers up to here). */
    void finish() {
        if (state == State.RESUMING) {
            stream.finish();
        }
    }

    /** Whether the client stayed away too long: the servlet's writes fail from now on, so that it stops. */
    boolean abandoned() {
        return state == State.RESUMING && stream.abandoned();
    }

    /** The container ended the original answer (its client went away, or McpGate closed it early). */
    void containerEnded() {
        if (state == State.RESUMING) {
            stream.originalGone(original);
        }
    }

    private void abandonedOnSweep() {
        ShieldedAsyncContext s = shield;
        if (s != null) {
            s.abandon();
        }
    }

    /** The original answer's client connection. */
    private final class OriginalConnection implements Delivery.Connection {
        private final ClientOutput out;

        OriginalConnection(ClientOutput out) {
            this.out = out;
        }

        @Override
        public void write(byte[] frame) throws IOException {
            tap.beforeForwarding();
            out.writeToClient(frame);
        }

        @Override
        public void writeUnflushed(byte[] frame) throws IOException {
            tap.beforeForwarding();
            out.writeToClientUnflushed(frame);
        }

        @Override
        public void end() {
            // the servlet completes the answer itself, right after
        }

        @Override
        public void close() {
            try {
                out.closeClient();
            } catch (IOException | RuntimeException e) {
                // the client is gone already: nothing to close
            }
            ShieldedAsyncContext s = shield;
            if (s != null) {
                s.endForClient();
            }
        }
    }
}

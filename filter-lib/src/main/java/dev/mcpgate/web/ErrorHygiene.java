package dev.mcpgate.web;

import dev.mcpgate.guard.ErrorBodies;
import dev.mcpgate.guard.GuardLevel;
import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.protocol.JsonValueEnd;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Error hygiene for one response ({@code guard-error-body}): finds an error answer (status 400 or
 * above) whose body is not a JSON-RPC message and, under {@link GuardLevel#ENFORCE}, replaces it
 * by a JSON-RPC error with the same status; under {@link GuardLevel#REPORT} it only notes it.
 *
 * <p>It decides at the first write or flush of the body (or at {@code sendError}, or at the end of
 * the exchange when nothing was written), from the status and content type at that moment:
 * <ul>
 *   <li>status below 400, or an event stream: the body passes, every byte at once, and the
 *       tees stop asking ({@link #passing}); this comparison is all a successful answer costs;</li>
 *   <li>{@code enforce}, a JSON content type: the body is held, up to a bound, until its top-level
 *       value closes (or the limit, a close, the end of the exchange); then a JSON-RPC answer is
 *       released unchanged and anything else is replaced;</li>
 *   <li>{@code enforce}, any other content type (HTML, text, none): replaced at once, and what the
 *       servlet writes afterwards is dropped;</li>
 *   <li>{@code report}: nothing is held or changed; a bounded copy is judged the same way.</li>
 * </ul>
 * The first {@value #EXCERPT_SOURCE} bytes of the original are kept for the row
 * ({@link ErrorBodies#excerpt}).
 *
 * <p>Thread-safe: an asynchronous servlet writes on one thread while the container or the
 * servlet completes on another. It decides under its lock and writes to the client after releasing
 * it (no lock held across I/O): what a decision writes — held bytes released, a replacement, the
 * rest of a write — is queued, and one thread at a time writes the queue in order. A write that
 * comes while the queue is being written joins it rather than overtaking it, and every call returns
 * only once what it queued is written, as when the writes ran under the lock: a replacement and
 * forwarded bytes never interleave, and held bytes reach the client before anything written later.
 * Its own trouble never breaks the exchange: what it holds is released and the body passes from
 * then on.
 */
final class ErrorHygiene {

    private static final Logger LOG = System.getLogger(ErrorHygiene.class.getName());

    /** Raw bytes (or characters) of the original kept to make the row's excerpt from. */
    static final int EXCERPT_SOURCE = 16 * ErrorBodies.MAX_EXCERPT;

    /** What the hygiene needs of the response it guards (implemented by {@link ObservedResponse}). */
    interface Target {
        int status();

        String contentType();

        Charset charset();

        boolean isCommitted();

        /** Replaces the response: buffer reset, status, JSON content type, exact length, the body, flushed. */
        void answer(int status, byte[] body) throws IOException;

        /** Passes held bytes on to the client, as the servlet would have. */
        void forward(byte[] bytes, int offset, int length) throws IOException;

        /** Passes held characters on to the client, as the servlet would have. */
        void forward(String text) throws IOException;
    }

    /** A write to the client, decided under the lock and run outside it. */
    private interface Write {
        void run() throws IOException;
    }

    private enum State {
        /** Nothing written yet. */
        UNDECIDED,
        /** Every byte passes; nothing more to look at. */
        PASSING,
        /** {@code enforce}: a JSON error body held until it can be judged. */
        HOLDING,
        /** {@code report}: a JSON error body passing, copied until it can be judged. */
        WATCHING,
        /** {@code report}: a body found not to be JSON-RPC, still passing (copied for the excerpt). */
        REPORTED,
        /** {@code enforce}: the body was replaced; what the servlet writes is dropped. */
        REPLACED
    }

    private final Target target;
    private final boolean enforce;
    private final JsonRpcEnvelope request;
    private final String sessionId;
    private final int maxHeld;

    /**
     * Read without the lock on every write: once {@code true} the tees forward straight to the
     * client and never call in again. Set only once no queued write is left, so that a write
     * passing straight cannot overtake released bytes.
     */
    volatile boolean passing;

    /** Writes decided and not yet written, in order; created at the first. */
    private ArrayDeque<Write> pending;
    /** Whether a thread is writing {@link #pending} (outside the lock). */
    private boolean writing;

    private State state = State.UNDECIDED;
    private String contentType;
    private byte[] bytes;
    private int byteCount;
    private StringBuilder chars;
    private JsonValueEnd value;
    private long originalLength;
    private String sendError;
    private boolean found;
    private boolean replaced;

    /**
     * @param level     {@link GuardLevel#REPORT} or {@link GuardLevel#ENFORCE}
     * @param request   the request's envelope (its id goes into a replacement), or {@code null}
     * @param sessionId the request's session id, masked in the excerpt; may be {@code null}
     * @param maxHeld   the most bytes (or characters) of a JSON error body held or copied
     */
    ErrorHygiene(Target target, GuardLevel level, JsonRpcEnvelope request, String sessionId, int maxHeld) {
        this.target = target;
        this.enforce = level == GuardLevel.ENFORCE;
        this.request = request;
        this.sessionId = sessionId;
        this.maxHeld = Math.max(maxHeld, 64);
    }

    /**
     * The servlet wrote bytes while {@link #passing} was {@code false}.
     *
     * @return whether the caller must forward them to the client itself
     */
    boolean bytes(byte[] buffer, int offset, int length) throws IOException {
        boolean forward;
        boolean write;
        synchronized (this) {
            forward = decideBytes(buffer, offset, length);
            if (forward && writesPending()) {
                queue(() -> target.forward(buffer, offset, length)); // after what is being written
                forward = false;
            }
            write = writesPending();
        }
        if (write) {
            write(); // returns once the queue is written: the caller's buffer is still its own
        }
        return forward;
    }

    private boolean decideBytes(byte[] buffer, int offset, int length) {
        begin();
        originalLength += length;
        switch (state) {
            case PASSING -> {
                return true;
            }
            case HOLDING, WATCHING -> {
                boolean held = state == State.HOLDING;
                int kept = keepBytes(buffer, offset, length, maxHeld);
                value.feed(buffer, offset, length);
                judgeIfReady(kept < length);
                if (held && released() && kept < length) { // released: the part not held follows
                    queue(() -> target.forward(buffer, offset + kept, length - kept));
                }
                return !held;
            }
            case REPORTED -> {
                keepBytes(buffer, offset, length, EXCERPT_SOURCE);
                passWhenExcerptFull();
                return true;
            }
            default -> { // REPLACED
                keepBytes(buffer, offset, length, EXCERPT_SOURCE);
                return false;
            }
        }
    }

    /**
     * The servlet wrote characters (through its writer) while {@link #passing} was {@code false}.
     *
     * @return whether the caller must forward them to the client itself
     */
    boolean chars(String text) throws IOException {
        boolean forward;
        boolean write;
        synchronized (this) {
            forward = decideChars(text);
            if (forward && writesPending()) {
                queue(() -> target.forward(text)); // after what is being written
                forward = false;
            }
            write = writesPending();
        }
        if (write) {
            write();
        }
        return forward;
    }

    private boolean decideChars(String text) {
        begin();
        originalLength += text.length();
        switch (state) {
            case PASSING -> {
                return true;
            }
            case HOLDING, WATCHING -> {
                boolean held = state == State.HOLDING;
                int kept = keepChars(text, maxHeld);
                value.feed(text, 0, text.length());
                judgeIfReady(kept < text.length());
                if (held && released() && kept < text.length()) { // released: the part not held follows
                    String rest = text.substring(kept);
                    queue(() -> target.forward(rest));
                }
                return !held;
            }
            case REPORTED -> {
                keepChars(text, EXCERPT_SOURCE);
                passWhenExcerptFull();
                return true;
            }
            default -> {
                keepChars(text, EXCERPT_SOURCE);
                return false;
            }
        }
    }

    /**
     * The servlet flushed while {@link #passing} was {@code false}.
     *
     * @return whether the caller must pass the flush on (not while a body is held or replaced)
     */
    boolean flush() throws IOException {
        boolean pass;
        synchronized (this) {
            begin();
            pass = state == State.PASSING || state == State.WATCHING || state == State.REPORTED;
        }
        write();
        return pass;
    }

    /**
     * The body is over: the servlet closed its stream or writer, the chain returned without going
     * asynchronous, or the asynchronous exchange completes. A held body is judged now; an error
     * answer without a body counts as one that is not JSON-RPC.
     */
    void end() throws IOException {
        synchronized (this) {
            if (passing) {
                return;
            }
            begin();
            if (state == State.HOLDING || state == State.WATCHING) {
                judge();
            }
        }
        write(); // also waits for another thread's writes: the exchange must not complete before them
    }

    /**
     * The servlet called {@code sendError}, which would make the container render its own error
     * page (HTML).
     *
     * @return whether it was answered here; if not, the caller lets the container send the error
     */
    boolean sendError(int status, String message) throws IOException {
        boolean answered;
        synchronized (this) {
            answered = decideSendError(status, message);
        }
        write(); // what another thread is writing goes first, as under a lock
        return answered;
    }

    private boolean decideSendError(int status, String message) {
        if (!ErrorBodies.isError(status) || target.isCommitted() || state == State.REPLACED) {
            return false;
        }
        dropHeld();
        sendError = message == null ? "sendError(" + status + ")" : "sendError(" + status + "): " + message;
        found = true;
        if (!enforce) {
            pass(); // the container's page is not looked at
            return false;
        }
        replace(status);
        return true;
    }

    /**
     * The servlet threw before committing an answer, which would make the container render its
     * error page (often with the stack trace). Under {@code enforce} it is answered here with 500.
     *
     * @return whether it was answered; if not, the failure goes on to the container
     */
    boolean failed(Throwable failure) throws IOException {
        boolean answered = false;
        synchronized (this) {
            if (enforce && !target.isCommitted() && state != State.REPLACED) {
                dropHeld();
                sendError = "servlet failed: " + failure;
                found = true;
                replace(500);
                answered = state == State.REPLACED;
            }
        }
        write();
        return answered;
    }

    /** The servlet reset the response buffer: what was held or copied is forgotten. */
    synchronized void reset() {
        if (target.isCommitted() || state == State.REPLACED) {
            return;
        }
        dropHeld();
        bytes = null; // the excerpt's copy too: the row shows the body the client gets after the reset
        byteCount = 0;
        chars = null;
        if (pending != null) {
            pending.clear(); // not written yet: forgotten with the rest
        }
        state = State.UNDECIDED;
        passing = false;
        found = false;
        sendError = null;
        originalLength = 0;
    }

    /** Whether it replaces bodies ({@code enforce}); {@code report} only records them. */
    boolean enforces() {
        return enforce;
    }

    /** Whether the answer was an error body that is not JSON-RPC (replaced or only reported). */
    synchronized boolean found() {
        return found;
    }

    /** Whether the body was replaced. */
    synchronized boolean replaced() {
        return replaced;
    }

    /**
     * The row's error message for a {@link #found()} body: what was done, the original's content
     * type and length, and its excerpt.
     */
    synchronized String rowMessage() {
        String excerpt = ErrorBodies.excerpt(sendError != null ? sendError : originalText(), sessionId);
        String type = contentType == null ? "no content type" : contentType;
        return (replaced ? "error body replaced" : "error body not JSON-RPC") + " (" + type + ", "
                + originalLength + (chars != null ? " chars" : " bytes") + "): "
                + (excerpt == null || excerpt.isEmpty() ? "(empty)" : excerpt);
    }

    /** At the first write, flush or end: decides from the status and content type. */
    private void begin() {
        if (state != State.UNDECIDED) {
            return;
        }
        int status = target.status();
        contentType = target.contentType();
        if (!ErrorBodies.isError(status) || MediaTypes.isEventStream(contentType)) {
            pass();
            return;
        }
        if (MediaTypes.isJson(contentType)) {
            value = new JsonValueEnd();
            state = enforce ? State.HOLDING : State.WATCHING;
            return;
        }
        found = true;
        if (enforce) {
            replace(status);
        } else {
            state = State.REPORTED;
        }
    }

    /** Whether a body that was held has been let through (judged JSON-RPC, or found already committed). */
    private boolean released() {
        return state == State.PASSING || state == State.REPORTED;
    }

    /** Judges a held or copied JSON body once its value closed, it is no container, or the bound is hit. */
    private void judgeIfReady(boolean overLimit) {
        if (overLimit || value.decided()) {
            judge();
        }
    }

    private void judge() {
        JsonRpcEnvelope body;
        try {
            body = chars != null ? EnvelopeReader.read(chars.toString())
                    : EnvelopeReader.read(bytes == null ? new byte[0] : bytes, 0, byteCount);
        } catch (RuntimeException | StackOverflowError e) {
            ownFailure(e);
            return;
        }
        if (ErrorBodies.isJsonRpcAnswer(body)) {
            if (state == State.HOLDING) {
                release();
            }
            pass();
            dropHeld();
            return;
        }
        found = true;
        if (state == State.HOLDING) {
            replace(target.status());
        } else {
            state = State.REPORTED;
            passWhenExcerptFull();
        }
    }

    /** Queues the replacement; from now on what the servlet writes is dropped. */
    private void replace(int status) {
        if (target.isCommitted()) { // nothing to replace any more (the client may be gone): only record it
            release();
            state = State.REPORTED;
            passWhenExcerptFull();
            return;
        }
        state = State.REPLACED;
        replaced = true;
        byte[] replacement = ErrorBodies.replacement(request, status);
        queue(() -> target.answer(status, replacement));
    }

    /** Queues what was held for the client, in order, before anything written later. */
    private void release() {
        if (chars != null && chars.length() > 0) {
            String held = chars.toString();
            queue(() -> target.forward(held));
        } else if (bytes != null && byteCount > 0) {
            byte[] held = bytes; // never written into below byteCount again: trimming copies
            int count = byteCount;
            queue(() -> target.forward(held, 0, count));
        }
    }

    /** Every byte passes from now on; the tees stop asking once no queued write is left. */
    private void pass() {
        state = State.PASSING;
        if (!writesPending()) {
            passing = true;
        }
    }

    private void queue(Write write) {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        pending.add(write);
    }

    private boolean writesPending() {
        return writing || (pending != null && !pending.isEmpty());
    }

    /**
     * Writes the queue, in order, without the lock; when another thread is writing it, waits until
     * it is done (the queue holds this thread's writes too). A write that fails ends the queue: the
     * client is gone.
     */
    private void write() throws IOException {
        synchronized (this) {
            while (writing) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted waiting for the error body to be written");
                }
            }
            if (pending == null || pending.isEmpty()) {
                return;
            }
            writing = true;
        }
        boolean written = false;
        try {
            while (true) {
                Write next;
                synchronized (this) {
                    next = pending.poll();
                    if (next == null) {
                        written = true;
                        doneWriting();
                        return;
                    }
                }
                next.run();
            }
        } finally {
            if (!written) {
                synchronized (this) {
                    pending.clear();
                    doneWriting();
                }
            }
        }
    }

    private void doneWriting() {
        writing = false;
        if (state == State.PASSING) {
            passing = true;
        }
        notifyAll();
    }

    /** Once the excerpt has its source, a reported body needs no more looking at. */
    private void passWhenExcerptFull() {
        int kept = chars != null ? chars.length() : byteCount;
        if (kept >= EXCERPT_SOURCE) {
            pass();
            found = true;
            trimToExcerpt();
        }
    }

    private int keepBytes(byte[] buffer, int offset, int length, int limit) {
        int count = Math.min(length, limit - byteCount);
        if (count <= 0) {
            return 0;
        }
        if (bytes == null) {
            bytes = new byte[Math.min(limit, Math.max(256, count))];
        } else if (byteCount + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(bytes.length * 2, byteCount + count)));
        }
        System.arraycopy(buffer, offset, bytes, byteCount, count);
        byteCount += count;
        return count;
    }

    private int keepChars(String text, int limit) {
        if (chars == null) {
            chars = new StringBuilder(Math.min(limit, Math.max(256, text.length())));
        }
        int count = Math.min(text.length(), limit - chars.length());
        if (count > 0) {
            chars.append(text, 0, count);
        }
        return Math.max(count, 0);
    }

    private void dropHeld() {
        trimToExcerpt();
        value = null;
    }

    /** Keeps at most the excerpt's source of what was held (the rest of a long body is not needed). */
    private void trimToExcerpt() {
        if (bytes != null && bytes.length > EXCERPT_SOURCE) {
            bytes = Arrays.copyOf(bytes, Math.min(byteCount, EXCERPT_SOURCE));
            byteCount = bytes.length;
        }
        if (chars != null && chars.length() > EXCERPT_SOURCE) {
            chars.setLength(EXCERPT_SOURCE);
            chars.trimToSize();
        }
    }

    private String originalText() {
        if (chars != null) {
            return chars.toString();
        }
        if (bytes == null) {
            return "";
        }
        Charset charset = target.charset();
        return new String(bytes, 0, byteCount, charset == null ? StandardCharsets.UTF_8 : charset);
    }

    /** Its own failure: release what is held and let everything pass. */
    private void ownFailure(Throwable e) {
        LOG.log(Level.WARNING, "McpGate error hygiene failed on a response; the response passes unchanged", e);
        release();
        pass();
        dropHeld();
    }
}

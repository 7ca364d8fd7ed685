package dev.mcpgate.web;

import dev.mcpgate.guard.ErrorBodies;
import dev.mcpgate.guard.GuardLevel;
import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.protocol.JsonValueEnd;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
 * <p>Synchronized: an asynchronous servlet writes on one thread while the container or the
 * servlet completes on another. Its own trouble never breaks the exchange: what it holds is
 * released and the body passes from then on.
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
     * client and never call in again.
     */
    volatile boolean passing;

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
    synchronized boolean bytes(byte[] buffer, int offset, int length) throws IOException {
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
                if (held && released() && kept < length) {
                    target.forward(buffer, offset + kept, length - kept); // released: the part not held follows
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
    synchronized boolean chars(String text) throws IOException {
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
                if (held && released() && kept < text.length()) {
                    target.forward(text.substring(kept)); // released: the part not held follows
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
    synchronized boolean flush() throws IOException {
        begin();
        return state == State.PASSING || state == State.WATCHING || state == State.REPORTED;
    }

    /**
     * The body is over: the servlet closed its stream or writer, the chain returned without going
     * asynchronous, or the asynchronous exchange completes. A held body is judged now; an error
     * answer without a body counts as one that is not JSON-RPC.
     */
    synchronized void end() throws IOException {
        if (passing) {
            return;
        }
        begin();
        if (state == State.HOLDING || state == State.WATCHING) {
            judge();
        }
    }

    /**
     * The servlet called {@code sendError}, which would make the container render its own error
     * page (HTML).
     *
     * @return whether it was answered here; if not, the caller lets the container send the error
     */
    synchronized boolean sendError(int status, String message) throws IOException {
        if (!ErrorBodies.isError(status) || target.isCommitted() || state == State.REPLACED) {
            return false;
        }
        dropHeld();
        sendError = message == null ? "sendError(" + status + ")" : "sendError(" + status + "): " + message;
        found = true;
        if (!enforce) {
            state = State.PASSING; // the container's page is not looked at
            passing = true;
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
    synchronized boolean failed(Throwable failure) throws IOException {
        if (!enforce || target.isCommitted() || state == State.REPLACED) {
            return false;
        }
        dropHeld();
        sendError = "servlet failed: " + failure;
        found = true;
        replace(500);
        return state == State.REPLACED;
    }

    /** The servlet reset the response buffer: what was held or copied is forgotten. */
    synchronized void reset() {
        if (target.isCommitted() || state == State.REPLACED) {
            return;
        }
        dropHeld();
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
    private void begin() throws IOException {
        if (state != State.UNDECIDED) {
            return;
        }
        int status = target.status();
        contentType = target.contentType();
        if (!ErrorBodies.isError(status) || MediaTypes.isEventStream(contentType)) {
            state = State.PASSING;
            passing = true;
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
    private void judgeIfReady(boolean overLimit) throws IOException {
        if (overLimit || value.decided()) {
            judge();
        }
    }

    private void judge() throws IOException {
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
            state = State.PASSING;
            passing = true;
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

    /** Writes the replacement; from now on what the servlet writes is dropped. */
    private void replace(int status) throws IOException {
        if (target.isCommitted()) { // nothing to replace any more (the client may be gone): only record it
            release();
            state = State.REPORTED;
            passWhenExcerptFull();
            return;
        }
        state = State.REPLACED;
        replaced = true;
        target.answer(status, ErrorBodies.replacement(request, status));
    }

    /** Passes what was held on to the client, in order, before anything written later. */
    private void release() throws IOException {
        if (chars != null && chars.length() > 0) {
            target.forward(chars.toString());
        } else if (bytes != null && byteCount > 0) {
            target.forward(bytes, 0, byteCount);
        }
    }

    /** Once the excerpt has its source, a reported body needs no more looking at. */
    private void passWhenExcerptFull() {
        int kept = chars != null ? chars.length() : byteCount;
        if (kept >= EXCERPT_SOURCE) {
            state = State.PASSING;
            passing = true;
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
        state = State.PASSING;
        passing = true;
        try {
            release();
        } catch (IOException io) {
            // the client is gone; nothing left to protect
        }
        dropHeld();
    }
}

package dev.mcpgate.web;

import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.protocol.JsonValueEnd;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Holds the server's answer to one request back until its JSON-RPC response is whole, has an
 * {@link AnswerRewriter} rewrite it, and sends what the rewriter returns ({@link
 * ObservedResponse#holdForRewrite}). It stands between the filter's tee and the container's
 * stream, so the tap (rows, catalogue history) sees the server's own answer and the client the
 * rewritten one.
 *
 * <ul>
 *   <li>{@code application/json}: the body is held (flushes too: they would commit it) until its
 *       top-level value closed and the servlet flushes, closes or completes; then the rewritten body
 *       goes out with its own {@code Content-Length}. Past {@code limit} bytes the held bytes and
 *       the rest pass unchanged (counted).</li>
 *   <li>{@code text/event-stream}: each event is held until its blank line, then passes; the event
 *       whose data is the JSON-RPC response with the request's id is rewritten (its other lines,
 *       {@code id:} among them, kept) and everything after it passes at once. An event past
 *       {@code limit} bytes passes unchanged (counted).</li>
 *   <li>anything else passes at the first write.</li>
 * </ul>
 * A rewriter that throws, or an answer that is no JSON-RPC response, leaves the answer unchanged.
 * The bytes are in the response's charset (any charset whose line ends and JSON punctuation are
 * ASCII bytes; UTF-8 in practice).
 *
 * <p>Synchronized, and it writes to the client under its lock: the servlet's own writes are one
 * sequence anyway, and the end of the exchange, on another thread, must wait for a write in progress.
 */
final class AnswerHold {

    private static final Logger LOG = System.getLogger(AnswerHold.class.getName());
    private static final JsonProvider JSON = JsonProvider.provider();

    /** Where released bytes go: the container's stream or writer. */
    interface Client {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /** What the hold needs of the response (implemented by {@link ObservedResponse}). */
    interface Headers {
        String contentType();

        Charset charset();

        /** The {@code Content-Length} the servlet set while the answer was held, or -1. */
        long declaredLength();

        /** Sets the {@code Content-Length} the client gets; -1 leaves none. Ignored once committed. */
        void contentLength(long length);
    }

    private enum Mode { UNDECIDED, JSON, SSE, PASSING }

    private final AnswerRewriter rewriter;
    private final String requestId;
    private final int limit;
    private final GateMetrics metrics;
    private final Headers headers;
    private Client client;

    private Mode mode = Mode.UNDECIDED;
    private byte[] held;
    private int count;
    private JsonValueEnd value;
    /** SSE: bytes of {@link #held} already scanned for the event's end. */
    private int scanned;
    /** SSE: the last byte was a CR (a LF right after it ends the same line). */
    private boolean lastCr;
    /** SSE: the current line has content (a line end now does not end the event). */
    private boolean lineHasContent;
    /** SSE: an event past the limit passes unchanged until its end. */
    private boolean passingEvent;

    /**
     * @param requestId the request's id as {@link dev.mcpgate.protocol.JsonRpcEnvelope#id()} gives it (a string,
     *                  or a number as written); {@code null} matches any response in a stream
     * @param limit     the most bytes held of a JSON body or of one SSE event
     */
    AnswerHold(AnswerRewriter rewriter, String requestId, int limit, GateMetrics metrics, Headers headers) {
        this.rewriter = rewriter;
        this.requestId = requestId;
        this.limit = Math.max(limit, 64);
        this.metrics = metrics;
        this.headers = headers;
    }

    /** Where released bytes go; set once, when the servlet takes its stream or writer. */
    synchronized void attach(Client output) {
        this.client = output;
    }

    /** Whether bytes are held that a flush must not commit. */
    synchronized boolean holding() {
        return mode == Mode.JSON || (mode == Mode.SSE && count > 0);
    }

    /** Whether everything passes from now on (so a {@code Content-Length} the servlet sets is its own again). */
    synchronized boolean passing() {
        return mode == Mode.PASSING;
    }

    /** The servlet wrote bytes. */
    synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (mode == Mode.UNDECIDED) {
            decide(true);
        }
        switch (mode) {
            case JSON -> holdJson(bytes, offset, length);
            case SSE -> holdSse(bytes, offset, length);
            default -> client.write(bytes, offset, length);
        }
    }

    /**
     * The servlet flushed. A JSON body whose value closed is released now; one still open is held.
     *
     * @return whether the flush must go on to the container (not while a JSON body is held)
     */
    synchronized boolean flush() throws IOException {
        if (mode == Mode.UNDECIDED) {
            decide(false);
        }
        if (mode == Mode.JSON) {
            if (value == null || !value.decided()) {
                return false;
            }
            release(false);
        }
        return true;
    }

    /** The body is over (close, the chain returned, the exchange completes): whatever is held goes out. */
    synchronized void end() throws IOException {
        if (mode == Mode.UNDECIDED) {
            decide(false);
        }
        if (mode == Mode.JSON) {
            release(true);
        } else if (mode == Mode.SSE && count > 0) {
            client.write(held, 0, count); // an event the servlet never ended: as it is
            count = 0;
            scanned = 0;
        }
        if (mode == Mode.UNDECIDED) {
            restoreDeclaredLength(); // nothing written: the servlet's own length stands
            mode = Mode.PASSING;
        }
    }

    /** The response buffer was reset before commit: what was held is forgotten. */
    synchronized void reset() {
        mode = Mode.UNDECIDED;
        held = null;
        count = 0;
        value = null;
        scanned = 0;
        lastCr = false;
        lineHasContent = false;
        passingEvent = false;
    }

    /** At the first write (or flush, end), from the content type. */
    private void decide(boolean writing) {
        String type = headers.contentType();
        if (MediaTypes.isEventStream(type)) {
            mode = Mode.SSE;
            held = new byte[Math.min(limit, 1024)];
        } else if (MediaTypes.isJson(type)) {
            mode = Mode.JSON;
            held = new byte[Math.min(limit, 1024)];
            value = new JsonValueEnd();
        } else if (writing || type != null) {
            mode = Mode.PASSING;
            restoreDeclaredLength();
        }
    }

    private void restoreDeclaredLength() {
        long declared = headers.declaredLength();
        if (declared >= 0) {
            headers.contentLength(declared);
        }
    }

    private void holdJson(byte[] bytes, int offset, int length) throws IOException {
        if (count + length > limit) {
            overLimit();
            restoreDeclaredLength(); // before the writes can commit the response
            mode = Mode.PASSING;
            byte[] kept = held;
            int keptCount = count;
            held = null;
            count = 0;
            value = null;
            client.write(kept, 0, keptCount);
            client.write(bytes, offset, length);
            return;
        }
        keep(bytes, offset, length);
        value.feed(bytes, offset, length);
    }

    /** Sends the held JSON body, rewritten when it is a JSON-RPC response the rewriter changes. */
    private void release(boolean atEnd) throws IOException {
        byte[] body = count == 0 || value.notContainer() ? null : rewritten(held, 0, count);
        long declared = headers.declaredLength();
        if (body == null) { // unchanged: the servlet's length, or the exact one when the body is over
            body = held;
            if (declared >= 0 || atEnd) {
                headers.contentLength(declared >= 0 ? declared : count);
            }
        } else { // the servlet's length corrected when it declared one; exact at the end; else none
            headers.contentLength(atEnd ? body.length : declared < 0 ? -1 : declared - count + body.length);
        }
        int bodyLength = body == held ? count : body.length;
        mode = Mode.PASSING;
        held = null;
        count = 0;
        value = null;
        if (bodyLength > 0) {
            client.write(body, 0, bodyLength);
        }
    }

    private void holdSse(byte[] bytes, int offset, int length) throws IOException {
        int from = offset;
        int end = offset + length;
        while (from < end && mode == Mode.SSE) {
            if (passingEvent) {
                int eventEnd = scan(bytes, from, end);
                int stop = eventEnd < 0 ? end : eventEnd;
                client.write(bytes, from, stop - from);
                passingEvent = eventEnd < 0;
                from = stop;
                continue;
            }
            int room = limit - count;
            int taken = Math.min(room, end - from);
            keep(bytes, from, taken);
            from += taken;
            if (!events() && count >= limit && mode == Mode.SSE) {
                overLimit(); // an event larger than the limit: what is held goes, the rest follows as it comes
                client.write(held, 0, count);
                count = 0;
                scanned = 0;
                passingEvent = true;
            }
        }
        if (from < end) {
            client.write(bytes, from, end - from); // the answer went out: the rest passes
        }
    }

    /**
     * Sends every complete event held, the answer rewritten.
     *
     * @return whether any event completed
     */
    private boolean events() throws IOException {
        boolean any = false;
        while (mode == Mode.SSE) {
            int eventEnd = scan(held, scanned, count);
            if (eventEnd < 0) {
                scanned = count;
                return any;
            }
            any = true;
            sendEvent(eventEnd);
            System.arraycopy(held, eventEnd, held, 0, count - eventEnd);
            count -= eventEnd;
            scanned = 0;
        }
        if (count > 0) {
            client.write(held, 0, count); // after the answer: what follows it passes
            count = 0;
        }
        return any;
    }

    /** The index after the blank line that ends an event, or -1; follows line ends across calls. */
    private int scan(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastCr) {
                lastCr = false; // the LF of a CRLF: that line already ended
                continue;
            }
            lastCr = b == '\r';
            if (b == '\r' || b == '\n') {
                if (!lineHasContent) {
                    return i + 1;
                }
                lineHasContent = false;
            } else {
                lineHasContent = true;
            }
        }
        return -1;
    }

    /** Sends the event held in {@code [0, eventEnd)}: rewritten when it carries the answer. */
    private void sendEvent(int eventEnd) throws IOException {
        SseEvent event = SseEvent.of(held, eventEnd);
        String data = event.data(held, headers.charset());
        if (data != null && data.contains("\"id\"")) {
            JsonObject answer = answerIn(data, true);
            if (answer != null) {
                mode = Mode.PASSING; // the answer: every later byte passes
                JsonObject rewritten = rewrite(answer);
                if (rewritten != answer) {
                    byte[] bytes = event.withData(held, serialize(rewritten), headers.charset());
                    client.write(bytes, 0, bytes.length);
                    return;
                }
            }
        }
        client.write(held, 0, eventEnd);
    }

    /** The rewritten body, or {@code null} when it stays as it is. */
    private byte[] rewritten(byte[] bytes, int offset, int length) {
        Charset charset = headers.charset();
        JsonObject answer = answerIn(new String(bytes, offset, length, charset), false);
        if (answer == null) {
            return null;
        }
        JsonObject rewritten = rewrite(answer);
        return rewritten == answer ? null : serialize(rewritten).getBytes(charset);
    }

    /** The JSON-RPC response in {@code text} ({@code matchId}: with the request's id), or {@code null}. */
    private JsonObject answerIn(String text, boolean matchId) {
        JsonStructure structure;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            structure = reader.read();
        } catch (RuntimeException | StackOverflowError e) {
            return null; // no JSON: not an answer to rewrite
        }
        if (!(structure instanceof JsonObject message) || message.containsKey("method")
                || !(message.containsKey("result") || message.containsKey("error"))) {
            return null;
        }
        return !matchId || answers(message.get("id")) ? message : null;
    }

    /**
     * Whether {@code id} is the request's id: a string equal to it, or a number equal in value (the tap
     * keeps the id's text only; a stream answering one POST carries no other request's answer anyway).
     */
    private boolean answers(JsonValue id) {
        if (requestId == null) {
            return id != null;
        }
        if (id instanceof JsonString s) {
            return requestId.equals(s.getString());
        }
        if (id instanceof JsonNumber n) {
            try {
                return new BigDecimal(requestId).compareTo(n.bigDecimalValue()) == 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return false;
    }

    /** The rewriter's answer; the original when the rewriter fails (counted, logged). */
    private JsonObject rewrite(JsonObject answer) {
        try {
            JsonObject rewritten = rewriter.rewrite(answer);
            return rewritten == null ? answer : rewritten;
        } catch (RuntimeException | StackOverflowError e) {
            metrics.answerRewriteFailed();
            Level level = metrics.answerRewritesFailed() == 1 ? Level.WARNING : Level.DEBUG;
            LOG.log(level, "McpGate: rewriting an answer failed; the answer passes unchanged", e);
            return answer;
        }
    }

    private void overLimit() {
        metrics.answerPassedOverLimit();
        Level level = metrics.answersPassedOverLimit() == 1 ? Level.WARNING : Level.DEBUG;
        LOG.log(level, "McpGate: an answer held for rewriting exceeded " + limit
                + " bytes; it passes unchanged (raise max-response-capture to rewrite larger answers)");
    }

    private static String serialize(JsonObject message) {
        StringWriter text = new StringWriter();
        try (JsonWriter writer = JSON.createWriter(text)) {
            writer.write(message);
        }
        return text.toString();
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (count + length > held.length) {
            held = Arrays.copyOf(held, Math.max(count + length, Math.min(limit, held.length * 2)));
        }
        System.arraycopy(bytes, offset, held, count, length);
        count += length;
    }
}

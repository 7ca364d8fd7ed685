package dev.mcpgate.web;

import dev.mcpgate.event.CatalogueCapture;
import dev.mcpgate.event.CatalogueCaptures;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.protocol.MessageKind;
import dev.mcpgate.protocol.SseListener;
import dev.mcpgate.protocol.SseParser;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The bounded observer of one response body. It is shown every byte after the byte went to the
 * client, and keeps only what the exchange's record needs: for {@code application/json} the body up
 * to a limit, parsed once at the end; for {@code text/event-stream} each SSE event parsed as it
 * completes, remembering the JSON-RPC response that answers the request and counting messages.
 * For a list method ({@link #keepAnswer}) it also keeps the whole answer, up to its own limit, for
 * the catalogue history; and it reports every {@code notifications/.../list_changed} it sees, at
 * once (a GET stream may stay open for hours).
 *
 * <p>It never throws: any trouble of its own is counted ({@link GateMetrics#observerFailed()}),
 * logged once, and ends observation of this response while the bytes keep flowing to the client.
 * Synchronized, because an asynchronous servlet may write from one thread while the container
 * completes the exchange on another.
 */
final class ResponseTap implements SseListener {

    private static final Logger LOG = System.getLogger(ResponseTap.class.getName());

    private enum Body { UNDECIDED, JSON, SSE, OTHER, BROKEN }

    private final Supplier<String> contentType;
    private final String requestId;
    private final int maxJsonCapture;
    private final int maxSseLine;
    private final GateMetrics metrics;
    private final CatalogueCaptures captures;
    private final String endpoint;
    private final String sessionId;

    private Runnable beforeCommit;
    private int keepAnswerLimit;
    private boolean answerTooLarge;
    private byte[] sseAnswer;
    private Body body = Body.UNDECIDED;
    private long bytes;
    private byte[] json;
    private int jsonLength;
    private SseParser sse;
    private JsonRpcEnvelope answer;
    private int messages;

    /**
     * @param contentType the response's content type, read when the first byte arrives
     * @param requestId   the JSON-RPC id of the request, to pick its answer out of a stream; may be null
     */
    ResponseTap(Supplier<String> contentType, String requestId, int maxJsonCapture, int maxSseLine,
                GateMetrics metrics) {
        this(contentType, requestId, maxJsonCapture, maxSseLine, metrics, CatalogueCaptures.NONE, null, null);
    }

    /**
     * @param captures  told of every list-changed notification in the body
     * @param endpoint  the endpoint name, for those notifications
     * @param sessionId the request's session, or {@code null}
     */
    ResponseTap(Supplier<String> contentType, String requestId, int maxJsonCapture, int maxSseLine,
                GateMetrics metrics, CatalogueCaptures captures, String endpoint, String sessionId) {
        this.captures = captures;
        this.endpoint = endpoint;
        this.sessionId = sessionId;
        this.contentType = contentType;
        this.requestId = requestId;
        this.maxJsonCapture = maxJsonCapture;
        this.maxSseLine = maxSseLine;
        this.metrics = metrics;
    }

    /**
     * Runs {@code hook} once, just before the first byte or flush of the response goes to the
     * client: the last moment at which the filter can act on the response headers before the
     * client can react to them.
     */
    synchronized void beforeCommit(Runnable hook) {
        beforeCommit = hook;
    }

    /**
     * Keeps the whole answer (JSON body, or the data of the SSE event that answers the request) up
     * to {@code limit} bytes, for {@link #capturedAnswer()}. Call before the first byte.
     */
    synchronized void keepAnswer(int limit) {
        keepAnswerLimit = limit;
    }

    /** Called by the tee before it forwards a write or a flush. */
    synchronized void beforeForwarding() {
        Runnable hook = beforeCommit;
        if (hook != null) {
            beforeCommit = null;
            try {
                hook.run();
            } catch (RuntimeException e) {
                broken(e);
            }
        }
    }

    synchronized void bytes(byte[] buffer) {
        bytes(buffer, 0, buffer.length);
    }

    synchronized void bytes(int b) {
        bytes(new byte[] {(byte) b}, 0, 1);
    }

    synchronized void bytes(byte[] buffer, int offset, int length) {
        bytes += length;
        try {
            if (body == Body.UNDECIDED) {
                body = decide(contentType.get());
            }
            switch (body) {
                case JSON -> keepJson(buffer, offset, length);
                case SSE -> sse.feed(buffer, offset, length);
                default -> { }
            }
        } catch (RuntimeException | StackOverflowError e) {
            broken(e);
        }
    }

    /** Forgets what was seen: the container reset the response buffer before committing it. */
    synchronized void reset() {
        body = Body.UNDECIDED;
        bytes = 0;
        json = null;
        jsonLength = 0;
        sse = null;
        answer = null;
        messages = 0;
        answerTooLarge = false;
        sseAnswer = null;
    }

    /** Ends observation: parses a JSON body. Call once, when the response is complete. */
    synchronized void finish() {
        try {
            if (body == Body.JSON && jsonLength > 0) {
                JsonRpcEnvelope envelope = EnvelopeReader.read(json, 0, jsonLength);
                consider(envelope);
            } else if (body == Body.SSE) {
                sse.finish();
            }
        } catch (RuntimeException | StackOverflowError e) {
            broken(e);
        }
    }

    @Override
    public void onEvent(String id, String event, String data) {
        if (data.isEmpty()) {
            return; // a priming or keep-alive event carries no message
        }
        JsonRpcEnvelope envelope = EnvelopeReader.read(data);
        consider(envelope);
        if (keepAnswerLimit > 0 && answer == envelope && sseAnswer == null && !answerTooLarge) {
            byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
            if (bytes.length <= keepAnswerLimit) {
                sseAnswer = bytes;
            } else {
                answerTooLarge = true;
            }
        }
    }

    private void consider(JsonRpcEnvelope envelope) {
        MessageKind kind = envelope.kind();
        if (kind == MessageKind.NOT_JSON || kind == MessageKind.EMPTY || kind == MessageKind.NOT_JSON_RPC) {
            if (body == Body.JSON) {
                metrics.unparsableBody();
            }
            return;
        }
        messages++;
        if (kind == MessageKind.NOTIFICATION && envelope.mcpMethod().isListChangedNotification()) {
            captures.offer(CatalogueCapture.listChanged(Instant.now(), endpoint, envelope.mcpMethod(), sessionId));
        }
        boolean isAnswer = kind == MessageKind.RESPONSE || kind == MessageKind.ERROR;
        if (isAnswer && answer == null && (requestId == null || Objects.equals(requestId, envelope.id()))) {
            answer = envelope;
        }
    }

    private Body decide(String type) {
        if (MediaTypes.isEventStream(type)) {
            sse = new SseParser(maxSseLine, this);
            return Body.SSE;
        }
        if (MediaTypes.isJson(type)) {
            json = new byte[256];
            return Body.JSON;
        }
        return Body.OTHER;
    }

    private void keepJson(byte[] buffer, int offset, int length) {
        int limit = Math.max(maxJsonCapture, keepAnswerLimit);
        int room = limit - jsonLength;
        int count = Math.min(room, length);
        if (count < length) {
            answerTooLarge = true;
        }
        if (count <= 0) {
            return;
        }
        if (jsonLength + count > json.length) {
            json = Arrays.copyOf(json, Math.min(limit, Math.max(json.length * 2, jsonLength + count)));
        }
        System.arraycopy(buffer, offset, json, jsonLength, count);
        jsonLength += count;
    }

    private void broken(Throwable e) {
        body = Body.BROKEN;
        json = null;
        sse = null;
        metrics.observerFailed();
        // Warn once per filter; later ones are in the heartbeat's count and at DEBUG.
        Level level = metrics.observerFailures() == 1 ? Level.WARNING : Level.DEBUG;
        LOG.log(level, "McpGate stopped observing a response after its own failure; the response is unaffected", e);
    }

    /** The request's JSON-RPC id (as the envelope gives it), or {@code null}. */
    String requestId() {
        return requestId;
    }

    /** The most bytes of a JSON body it keeps ({@code max-response-capture}). */
    int maxJsonCapture() {
        return maxJsonCapture;
    }

    GateMetrics metrics() {
        return metrics;
    }

    synchronized long bytesSeen() {
        return bytes;
    }

    /** Whether the body was an event stream. */
    synchronized boolean isEventStream() {
        return body == Body.SSE || (body == Body.UNDECIDED && MediaTypes.isEventStream(contentType.get()));
    }

    /** The JSON-RPC answer to the request (result or error), or {@code null}. */
    synchronized JsonRpcEnvelope answer() {
        return answer;
    }

    /**
     * The whole answer kept by {@link #keepAnswer}: the JSON body, or the data of the answering SSE
     * event, as UTF-8; {@code null} when there is none or it exceeded the limit.
     */
    synchronized byte[] capturedAnswer() {
        if (keepAnswerLimit <= 0 || answerTooLarge || answer == null) {
            return null;
        }
        if (body == Body.JSON && json != null) {
            if (jsonLength > keepAnswerLimit) { // kept up to max-response-capture, but larger than schema-max-capture
                answerTooLarge = true;
                return null;
            }
            return Arrays.copyOf(json, jsonLength);
        }
        return body == Body.SSE ? sseAnswer : null;
    }

    /** Whether an answer to keep exceeded the limit of {@link #keepAnswer}. */
    synchronized boolean answerTooLarge() {
        return keepAnswerLimit > 0 && answerTooLarge;
    }

    /** JSON-RPC messages seen in the body. */
    synchronized int messages() {
        return messages;
    }
}

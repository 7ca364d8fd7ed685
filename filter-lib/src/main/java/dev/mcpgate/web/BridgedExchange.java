package dev.mcpgate.web;

import dev.mcpgate.bridge.ClientAnswer;
import dev.mcpgate.bridge.ClientCall;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.JsonRpcErrors;
import dev.mcpgate.protocol.MessageKind;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One exchange as the era bridge sees it: what the decision needs on the request thread (the client's era, the
 * marker, a batch or not), the refusals it answers there, and, once the bridge took it, the client's side of a
 * translation ({@link ClientCall}, and {@link #answer()} writing through the observed response, so that the
 * exchange's row, the catalogue, the metrics and the tap see the translated answer). The translation runs on a
 * bridge thread in an asynchronous exchange ({@link #startAsync()}, {@link #finish()}); the exchange's row then
 * carries the upstream's era ({@link #bridged}).
 */
public final class BridgedExchange implements ClientCall {

    /** Most bytes of a bridged request's JSON-RPC message parsed (past {@code max-request-capture}). */
    static final int MAX_MESSAGE = 16 * 1024 * 1024;

    private final Exchange x;
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile AsyncContext async;
    private volatile BridgedAnswer answer;
    private Optional<JsonObject> message;
    private final java.util.function.Predicate<Exchange> interception;

    /**
     * @param interception runs the interceptor chain on the exchange and tells whether it answered (a block, a
     *                     mock, a fail-closed refusal)
     */
    BridgedExchange(Exchange exchange, java.util.function.Predicate<Exchange> interception) {
        this.x = exchange;
        this.interception = interception;
    }

    /**
     * Runs the interceptor chain on the client's exchange before it is bridged, on the request thread: the
     * client's principal and message are judged (rules, approvals, rate limits), a block or mock is answered
     * here and a modification becomes the message the translator reads. The bridge's own calls to the server
     * are not judged again (see {@link #markLeg}).
     *
     * @return whether the chain answered the exchange (then it is not bridged)
     */
    public boolean intercepted() {
        return interception.test(x);
    }

    // ---- the decision, on the request thread

    @Override
    public Era era() {
        return x.era;
    }

    /** Whether the body is a JSON-RPC batch (2026-07-28 has none; the bridge refuses one). */
    public boolean isBatch() {
        return x.envelope != null && x.envelope.kind() == MessageKind.BATCH;
    }

    /**
     * Whether the exchange opens a long-lived stream when bridged: a legacy client's GET (its session's stream)
     * or a {@code subscriptions/listen}; the bridge runs those apart from request translation.
     */
    public boolean opensStream() {
        if (x.era == Era.LEGACY) {
            return "GET".equals(x.httpMethod);
        }
        String method = x.envelope == null ? null : x.envelope.method();
        if (method == null) {
            method = x.original.getHeader("Mcp-Method");
        }
        return x.era == Era.MODERN && "subscriptions/listen".equals(method);
    }

    /** The bridge marker header's value, or {@code null} when the request brought none. */
    public String marker() {
        return x.original instanceof UnmarkedRequest unmarked ? unmarked.marker() : null;
    }

    /** The request is the bridge's own call to the server (the upstream leg): its row says so. */
    public void markLeg() {
        x.bridgeLeg = true;
    }

    /** The exchange is translated for a server of this era: its row says so. */
    public void bridged(Era upstreamEra) {
        x.upstreamEra = upstreamEra;
    }

    /** The request's local port, context path and mapped path: where the loopback calls. */
    public int localPort() {
        return x.original.getLocalPort();
    }

    public String contextPath() {
        return x.original.getContextPath();
    }

    public String servletPath() {
        return x.servletPath;
    }

    /**
     * The servlet path when the container matched an exact or path mapping (or the context root): the endpoint's
     * own path, whatever path info the client added; {@code null} for a default or extension match, whose
     * servlet path is the client's.
     */
    public String mappedPath() {
        jakarta.servlet.http.HttpServletMapping mapping = x.original.getHttpServletMapping();
        jakarta.servlet.http.MappingMatch match = mapping == null ? null : mapping.getMappingMatch();
        if (match == jakarta.servlet.http.MappingMatch.DEFAULT || match == jakarta.servlet.http.MappingMatch.EXTENSION) {
            return null;
        }
        return x.servletPath == null ? "" : x.servletPath;
    }

    /** Whether the request came over TLS. */
    public boolean secure() {
        return x.original.isSecure();
    }


    /** Refuses the request here (its row: {@code rejected}); the server never sees it. */
    public void refuse(int status, int code, String text) {
        x.rejected = true;
        answerError(status, code, text, Map.of());
    }

    /**
     * Answers the request here with a JSON-RPC error (with its id when it has one) and the extra headers; the
     * server never sees it. On the request thread before {@link #startAsync()}, or on the bridge thread after.
     */
    public void answerError(int status, int code, String text, Map<String, String> headers) {
        x.answered = true;
        try {
            HttpServletResponse response = x.response();
            if (!response.isCommitted()) {
                headers.forEach(response::setHeader);
            }
            ErrorAnswers.send(response, status, JsonRpcErrors.body(x.envelope, code, text));
        } catch (IOException | RuntimeException e) {
            x.chainFailed(e);
        }
    }

    /**
     * Makes the exchange asynchronous (on the request thread, before it is handed to a bridge thread): the chain
     * is not called, and the exchange is recorded when {@link #finish()} completes it. No timeout of the
     * container's: the translation bounds its own waits.
     */
    public void startAsync() {
        AsyncContext context = x.request().startAsync();
        context.setTimeout(0);
        async = context;
        x.answered = true;
    }

    /** Ends the asynchronous exchange (idempotent; the row is recorded from the container's completion). */
    public void finish() {
        AsyncContext context = async;
        if (context != null && finished.compareAndSet(false, true)) {
            try {
                context.complete();
            } catch (IllegalStateException e) {
                // the container ended it already (the client went away)
            }
        }
    }

    /**
     * A translation failed with {@code failure}: HTTP 500 and JSON-RPC -32603 when nothing was sent yet, else the
     * answer just ends.
     */
    public void failed(Throwable failure) {
        BridgedAnswer current = answer;
        if (current == null || !current.started()) {
            answerError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR, JsonRpcErrors.INTERNAL_ERROR,
                    "the era bridge failed to translate the request", Map.of());
        }
    }

    /** Whether anything was answered through {@link #answer()} (else the runner answers an error). */
    public boolean answered() {
        BridgedAnswer current = answer;
        return current != null && current.started();
    }

    /** How the translator answers the client; one per exchange. */
    public synchronized ClientAnswer answer() {
        if (answer == null) {
            answer = new BridgedAnswer(x, this::finish);
        }
        return answer;
    }

    // ---- ClientCall, on the bridge thread

    @Override
    public String httpMethod() {
        return x.httpMethod;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(x.original.getHeader(name));
    }

    /** The message, read from the body (to its end, once): only after the bridge took the exchange. */
    @Override
    public synchronized Optional<JsonObject> message() {
        if (message == null) {
            message = "POST".equals(x.httpMethod) ? Optional.ofNullable(readMessage()) : Optional.empty();
        }
        return message;
    }

    @Override
    public Principal principal() {
        return x.original.getUserPrincipal();
    }

    /** The raw body the client sent (for a pass-through), at most {@link #MAX_MESSAGE} bytes. */
    public byte[] body() throws IOException {
        InputStream in = x.request().getInputStream();
        return in.readNBytes(MAX_MESSAGE);
    }

    private JsonObject readMessage() {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body()))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? object : null;
        } catch (IOException | RuntimeException e) {
            return null; // not one JSON object: the translator answers it as the client's error
        }
    }

    /** The observed response, for the pass-through. */
    HttpServletResponse response() {
        return x.response();
    }
}

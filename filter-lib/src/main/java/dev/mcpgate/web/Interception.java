package dev.mcpgate.web;

import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.InterceptorChain;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.intercept.ResponseVerdict;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.MessageKind;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs an exchange's request through the interceptor chain and carries out what it decided: a block
 * or a mock is answered here (the server never sees the request), a modification becomes the body the
 * server reads, and the interceptors that want the answer get an {@link AnswerRewriter} on the
 * exchange. Only a POST of one JSON-RPC request or notification (or a batch of them) read whole and
 * unambiguous goes through the chain; a body cut at {@code max-request-capture} and anything else
 * passes as it does without interceptors.
 */
final class Interception {

    /** Looked up once: {@code Json.create*} looks the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = JSON.createWriterFactory(Map.of());
    private static final String EVENT_STREAM = "text/event-stream";

    /** The rule a refusal of a request the chain cannot read names. */
    static final String UNREADABLE = "unreadable";

    private final InterceptorChain chain;
    private final GateMetrics metrics;
    /** Whether an interceptor of the chain is fail-closed: then what the chain cannot read is refused. */
    private final boolean failClosed;

    Interception(InterceptorChain chain, GateMetrics metrics) {
        this.chain = chain;
        this.metrics = metrics;
        this.failClosed = chain.interceptors().stream().anyMatch(McpInterceptor::failClosed);
    }

    /**
     * With a fail-closed interceptor in the chain, a JSON POST the chain cannot read is refused rather
     * than passed unseen (a client could pad its body past {@code max-request-capture}, garble it, or name
     * a member twice to get past a deny): a body not read whole 413 — also when its message closed inside
     * the capture and only whitespace may follow, since the filter cannot know that without reading on;
     * one that is no JSON 400 with {@code -32700}, an ambiguous message 400 with {@code -32600}; outcome
     * {@code blocked}, rule
     * {@value #UNREADABLE}. A whole batch is read by the chain itself.
     *
     * @param maxRequestCapture the most bytes of a body read ahead ({@code max-request-capture})
     * @return whether the request was refused (and answered)
     */
    boolean refusedUnreadable(Exchange x, int maxRequestCapture) {
        if (!failClosed || x.answered || x.envelope == null || !"POST".equals(x.httpMethod)) {
            return false;
        }
        MessageKind kind = x.envelope.kind();
        boolean cut = !x.request().isWholeWithin(maxRequestCapture);
        if (x.requestVerdict == Outcome.AMBIGUOUS) {
            refuse(x, HttpServletResponse.SC_BAD_REQUEST, dev.mcpgate.protocol.JsonRpcErrors.INVALID_REQUEST,
                    "Ambiguous request (" + x.envelope.ambiguity() + "): refused, the gateway's rules cannot judge it");
        } else if (cut) { // also a message that closed inside the capture: what follows it is unread
            // (whitespace, or more), and applies() lets only a body read whole through the chain
            refuse(x, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, dev.mcpgate.protocol.JsonRpcErrors.INVALID_REQUEST,
                    "Request body longer than the gateway reads (max-request-capture): refused, its rules cannot judge it");
        } else if (x.requestVerdict == Outcome.UNVERIFIED && kind != MessageKind.BATCH
                || x.requestVerdict == null && kind == MessageKind.NOT_JSON) {
            refuse(x, HttpServletResponse.SC_BAD_REQUEST, dev.mcpgate.protocol.JsonRpcErrors.PARSE_ERROR,
                    "Parse error: the request body is not JSON the gateway can read");
        } else {
            return false;
        }
        return true;
    }

    /** The filter's refusal of a request its interceptors could not judge (fail-closed). */
    private static void refuse(Exchange x, int status, int code, String message) {
        RequestVerdict refusal = RequestVerdict.block(UNREADABLE, status, RequestVerdict.error(code, message,
                JSON.createObjectBuilder().add("rule", UNREADABLE).build()), Map.of());
        x.answered = true;
        x.intercepted = Outcome.BLOCKED;
        x.rule = UNREADABLE;
        try {
            ErrorAnswers.send(x.response(), refusal.status(), write(response(null, null, refusal.error())));
        } catch (IOException | RuntimeException e) {
            x.chainFailed(e);
        }
    }

    /** Whether the exchange's message (or batch) goes through the chain. */
    static boolean applies(Exchange x) {
        if (x.envelope == null || !"POST".equals(x.httpMethod) || x.answered || !x.request().isCaptured()
                || !x.request().isWhole()) {
            return false;
        }
        MessageKind kind = x.envelope.kind();
        if (kind == MessageKind.BATCH) {
            return true; // its messages are read here, one by one
        }
        return x.requestVerdict == null && (kind == MessageKind.REQUEST || kind == MessageKind.NOTIFICATION)
                && x.envelope.method() != null;
    }

    /**
     * Runs the request phase and carries out its verdict. The chain's own failures are its
     * interceptors' (fail-open or fail-closed); a body JSON-P cannot read passes on as it is (counted).
     */
    void run(Exchange x, String protocolVersion, ClientIdentity client, String endpoint) {
        JsonValue body;
        try {
            body = parse(x.request());
        } catch (JsonException e) {
            metrics.observerFailed(); // the envelope reader read it; JSON-P could not
            if (failClosed) { // a fail-closed interceptor never lets past what it could not judge
                refuse(x, HttpServletResponse.SC_BAD_REQUEST, dev.mcpgate.protocol.JsonRpcErrors.PARSE_ERROR,
                        "Parse error: the request body is not JSON the gateway can read");
            }
            return; // else the server judges it
        }
        if (body instanceof JsonArray batch) {
            runBatch(x, batch, protocolVersion, client, endpoint);
            return;
        }
        if (!(body instanceof JsonObject message)) {
            return;
        }
        ExchangeRequest request = new ExchangeRequest(x, message, protocolVersion, client, endpoint);
        InterceptorChain.RequestPhase phase = chain.onRequest(request);
        if (phase.stopped()) {
            answer(x, request, phase.verdict());
            return;
        }
        if (phase.modified()) {
            x.request().replaceBody(write(withMember(message, "params", phase.params())));
            x.intercepted = Outcome.MODIFIED;
            x.rule = phase.modifiedBy();
        }
        if (!phase.responders().isEmpty()) {
            x.answerRewriter = new Rewriter(x, phase);
            x.response().holdForRewrite(x.answerRewriter); // the answer waits for the response phase
        }
    }

    private static JsonValue parse(CapturedRequest request) {
        try (JsonReader reader = READERS.createReader(
                new ByteArrayInputStream(request.captured(), 0, request.capturedLength()), StandardCharsets.UTF_8)) {
            return reader.readValue();
        }
    }

    /**
     * A JSON-RPC batch (2025-03-26): each request and notification in it goes through the chain. The first
     * block refuses the whole batch with its status and error ({@code id} null: it answers the batch); a
     * mock cannot answer one message of a batch, so it refuses the batch too (400, -32600). Modifications
     * apply per message. The response phase does not run for a batch's answers.
     */
    private void runBatch(Exchange x, JsonArray batch, String protocolVersion, ClientIdentity client,
            String endpoint) {
        JsonArrayBuilder passed = JSON.createArrayBuilder();
        boolean modified = false;
        for (JsonValue element : batch) {
            if (!(element instanceof JsonObject message) || !(message.get("method") instanceof JsonString)) {
                passed.add(element); // a response the client sends, or something the server will refuse
                continue;
            }
            InterceptorChain.RequestPhase phase = chain.onRequest(
                    new ExchangeRequest(x, message, protocolVersion, client, endpoint));
            if (phase.stopped()) {
                refuseBatch(x, phase.verdict());
                return;
            }
            if (phase.modified()) {
                modified = true;
                x.rule = phase.modifiedBy();
            }
            passed.add(phase.modified() ? withMember(message, "params", phase.params()) : message);
        }
        if (modified) {
            x.request().replaceBody(write(passed.build()));
            x.intercepted = Outcome.MODIFIED;
        }
    }

    private static void refuseBatch(Exchange x, RequestVerdict verdict) {
        RequestVerdict refusal = verdict.action() == RequestVerdict.Action.BLOCK ? verdict
                : RequestVerdict.block(verdict.rule(), HttpServletResponse.SC_BAD_REQUEST, RequestVerdict.error(
                        dev.mcpgate.protocol.JsonRpcErrors.INVALID_REQUEST, "A message of this batch is answered by "
                                + "the gateway itself (rule " + verdict.rule() + "): send it on its own", null),
                        Map.of());
        x.answered = true;
        x.intercepted = Outcome.BLOCKED;
        x.rule = verdict.rule();
        try {
            refusal.headers().forEach(x.response()::setHeader);
            ErrorAnswers.send(x.response(), refusal.status(), write(response(null, null, refusal.error())));
        } catch (IOException | RuntimeException e) {
            x.chainFailed(e);
        }
    }

    /** A block or a mock: the filter's own answer, recorded with the deciding rule. */
    private static void answer(Exchange x, ExchangeRequest request, RequestVerdict verdict) {
        x.answered = true;
        x.intercepted = verdict.action() == RequestVerdict.Action.BLOCK ? Outcome.BLOCKED : Outcome.MOCKED;
        x.rule = verdict.rule();
        try {
            if (verdict.action() == RequestVerdict.Action.BLOCK) {
                verdict.headers().forEach(x.response()::setHeader);
                ErrorAnswers.send(x.response(), verdict.status(), write(response(request.id(), null, verdict.error())));
            } else if (request.isNotification()) {
                x.response().setStatus(HttpServletResponse.SC_ACCEPTED); // a notification gets no answer
            } else {
                mock(x, write(response(request.id(), verdict.result(), verdict.error())));
            }
        } catch (IOException | RuntimeException e) {
            x.chainFailed(e); // the client is gone: the exchange ends as a servlet's failing write would
        }
    }

    /** A mocked answer: JSON, or one SSE event when the client accepts only {@code text/event-stream}. */
    private static void mock(Exchange x, byte[] json) throws IOException {
        String accept = x.original.getHeader("Accept");
        String types = accept == null ? "" : accept.toLowerCase(java.util.Locale.ROOT);
        if (!types.contains(EVENT_STREAM) || types.contains("application/json") || types.contains("*/*")) {
            ErrorAnswers.send(x.response(), HttpServletResponse.SC_OK, json);
            return;
        }
        HttpServletResponse response = x.response();
        if (response.isCommitted()) {
            return;
        }
        byte[] head = "event: message\ndata: ".getBytes(StandardCharsets.US_ASCII);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(EVENT_STREAM);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(head.length + json.length + 2);
        OutputStream out = response.getOutputStream();
        out.write(head);
        out.write(json);
        out.write('\n');
        out.write('\n');
        out.flush();
    }

    /** A JSON-RPC response: the id ({@code null} for a notification), then a result or an error. */
    private static JsonObject response(JsonValue id, JsonObject result, JsonObject error) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("jsonrpc", "2.0").add("id", id == null ? JsonValue.NULL : id);
        return (result != null ? b.add("result", result) : b.add("error", error)).build();
    }

    /** The message with one member replaced (or added), every other member as it was, in its place. */
    static JsonObject withMember(JsonObject message, String name, JsonValue value) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        message.forEach((key, old) -> b.add(key, name.equals(key) ? value : old));
        if (!message.containsKey(name)) {
            b.add(name, value);
        }
        return b.build();
    }

    static byte[] write(JsonValue message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonWriter writer = WRITERS.createWriter(bytes, StandardCharsets.UTF_8)) {
            writer.write(message);
        }
        return bytes.toByteArray();
    }

    /** The response phase, as the held-back answer calls it once whole. */
    private final class Rewriter implements AnswerRewriter {
        private final Exchange exchange;
        private final InterceptorChain.RequestPhase phase;

        Rewriter(Exchange exchange, InterceptorChain.RequestPhase phase) {
            this.exchange = exchange;
            this.phase = phase;
        }

        @Override
        public JsonObject rewrite(JsonObject message) {
            JsonValue result = message.get("result");
            JsonValue error = message.get("error");
            if (!(result instanceof JsonObject) && !(error instanceof JsonObject)) {
                return message; // not an answer the response phase reads
            }
            InterceptedResponse answer = new Answer(exchange.response().getStatus(), exchange.tap().isEventStream(),
                    result instanceof JsonObject r ? r : null, error instanceof JsonObject e ? e : null);
            ResponseVerdict verdict = chain.onResponse(phase.request(), phase.responders(), answer);
            if (verdict.action() == ResponseVerdict.Action.PROCEED) {
                return message;
            }
            exchange.rule = verdict.rule();
            exchange.answerRewritten = true;
            JsonObjectBuilder b = JSON.createObjectBuilder();
            message.forEach((key, value) -> {
                if (!"result".equals(key) && !"error".equals(key)) {
                    b.add(key, value);
                }
            });
            return verdict.action() == ResponseVerdict.Action.MODIFY ? b.add("result", verdict.result()).build()
                    : b.add("error", verdict.error()).build();
        }
    }

    private record Answer(int status, boolean streamed, JsonObject result, JsonObject error)
            implements InterceptedResponse {
    }
}

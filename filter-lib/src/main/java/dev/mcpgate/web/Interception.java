package dev.mcpgate.web;

import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.InterceptorChain;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.intercept.ResponseVerdict;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.MessageKind;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
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
 * exchange. Only a POST of one JSON-RPC request or notification read whole and unambiguous goes
 * through the chain; a batch, a body cut at {@code max-request-capture} and anything else passes as
 * it does without interceptors.
 */
final class Interception {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final JsonWriterFactory WRITERS = Json.createWriterFactory(Map.of());
    private static final String EVENT_STREAM = "text/event-stream";

    private final InterceptorChain chain;
    private final GateMetrics metrics;

    Interception(InterceptorChain chain, GateMetrics metrics) {
        this.chain = chain;
        this.metrics = metrics;
    }

    /** Whether the exchange's message goes through the chain. */
    static boolean applies(Exchange x) {
        if (x.envelope == null || x.requestVerdict != null || !"POST".equals(x.httpMethod) || x.answered) {
            return false;
        }
        MessageKind kind = x.envelope.kind();
        return (kind == MessageKind.REQUEST || kind == MessageKind.NOTIFICATION) && x.envelope.method() != null
                && x.request().isCaptured() && x.request().isWhole();
    }

    /**
     * Runs the request phase and carries out its verdict. The chain's own failures are its
     * interceptors' (fail-open or fail-closed); a body JSON-P cannot read passes on as it is (counted).
     */
    void run(Exchange x, String protocolVersion, ClientIdentity client, String endpoint) {
        JsonObject message;
        try {
            message = parse(x.request());
        } catch (JsonException | ClassCastException e) {
            metrics.observerFailed(); // the envelope reader read it; JSON-P could not: let the server judge it
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

    private static JsonObject parse(CapturedRequest request) {
        try (JsonReader reader = READERS.createReader(
                new ByteArrayInputStream(request.captured(), 0, request.capturedLength()), StandardCharsets.UTF_8)) {
            return reader.readObject();
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
        JsonObjectBuilder b = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id == null ? JsonValue.NULL : id);
        return (result != null ? b.add("result", result) : b.add("error", error)).build();
    }

    /** The message with one member replaced (or added), every other member as it was, in its place. */
    static JsonObject withMember(JsonObject message, String name, JsonValue value) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        message.forEach((key, old) -> b.add(key, name.equals(key) ? value : old));
        if (!message.containsKey(name)) {
            b.add(name, value);
        }
        return b.build();
    }

    static byte[] write(JsonObject message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonWriter writer = WRITERS.createWriter(bytes, StandardCharsets.UTF_8)) {
            writer.writeObject(message);
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
            JsonObjectBuilder b = Json.createObjectBuilder();
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

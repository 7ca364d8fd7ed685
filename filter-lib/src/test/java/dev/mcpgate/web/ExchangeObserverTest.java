package dev.mcpgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.CollectingSink;
import dev.mcpgate.event.EventDispatcher;
import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SessionStarted;
import dev.mcpgate.event.Violation;
import dev.mcpgate.guard.GuardLevel;
import dev.mcpgate.guard.GuardLevels;
import dev.mcpgate.guard.HostRules;
import dev.mcpgate.guard.OriginRules;
import dev.mcpgate.guard.RequestGuard;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.event.CatalogueCaptures;
import dev.mcpgate.session.InMemorySessionStore;
import dev.mcpgate.trace.ExchangeTrace;
import dev.mcpgate.trace.ExchangeTracer;
import dev.mcpgate.trace.TraceScope;
import dev.mcpgate.trace.TraceStart;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.InterceptorChain;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.intercept.ResponseVerdict;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How {@link ExchangeObserver} classifies one exchange into its row (era, MCP method, target,
 * outcome, error), driven through {@code begin} and {@code chainReturned} as the filter does, with
 * a hand-made request and {@link FakeResponse} standing in for the container.
 */
class ExchangeObserverTest {

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}";
    private static final String LEGACY = "2025-06-18";

    private final GateMetrics metrics = new GateMetrics();
    private final EventQueue queue = new EventQueue(100, metrics);
    private final CollectingSink sink = new CollectingSink();
    private final EventDispatcher dispatcher = new EventDispatcher(queue, List.of(sink), 100, metrics,
            getClass().getClassLoader());
    private final SessionBook book = new SessionBook("mcp", new InMemorySessionStore(10), queue, metrics,
            Duration.ofMinutes(30), Duration.ofHours(24));
    private final FakeResponse client = new FakeResponse();

    private ExchangeObserver observer(int maxRequestCapture, RequestGuard guard) {
        return new ExchangeObserver("mcp", maxRequestCapture, 1 << 16, 4096, book, queue, metrics,
                CatalogueCaptures.NONE, 0, guard, null);
    }

    /** A request as the container hands it over: method, headers (case-insensitive) and body. */
    private static HttpServletRequest request(String httpMethod, String body, Map<String, String> headers) {
        Map<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        named.putAll(headers);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        Map<String, Object> attributes = new java.util.HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(ExchangeObserverTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> "10.1.2.80";
                    case "getRemotePort" -> 65123;
                    case "getProtocol" -> "HTTP/1.1";
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getMethod" -> httpMethod;
                    case "getHeader" -> named.get((String) args[0]);
                    case "getHeaders" -> named.containsKey((String) args[0])
                            ? Collections.enumeration(List.of(named.get((String) args[0])))
                            : Collections.emptyEnumeration();
                    case "getContentType" -> named.get("Content-Type");
                    case "getContentLengthLong" -> body == null ? -1L : (long) bytes.length;
                    case "getInputStream" -> stream;
                    case "getServletPath" -> "/mcp";
                    case "getPathInfo", "getUserPrincipal", "getAsyncContext" -> null;
                    case "isSecure", "isAsyncStarted" -> false;
                    case "toString" -> "FakeRequest " + httpMethod;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<String, String> jsonPost(String... more) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "application/json");
        headers.put("Host", "localhost:8080");
        for (int i = 0; i < more.length; i += 2) {
            headers.put(more[i], more[i + 1]);
        }
        return headers;
    }

    /** Runs one exchange: the server (unless the filter answered) writes {@code answer} with {@code status}. */
    private RequestCompleted exchange(ExchangeObserver observer, HttpServletRequest request, int status,
            String contentType, String answer) throws IOException {
        ObservedExchange x = observer.begin(request, client.response);
        assertNotNull(x, "the observer classified the request");
        if (!x.answered()) {
            x.response().setStatus(status);
            if (answer != null) {
                x.response().setContentType(contentType);
                x.response().getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
            }
        }
        client.finish();
        x.chainReturned();
        dispatcher.drain();
        List<RequestCompleted> rows = sink.events().stream().filter(RequestCompleted.class::isInstance)
                .map(RequestCompleted.class::cast).toList();
        assertEquals(1, rows.size(), "exactly one row per exchange");
        return rows.get(0);
    }

    private RequestCompleted jsonExchange(String body, String answer, String... headers) throws IOException {
        return exchange(observer(1 << 16, null), request("POST", body, jsonPost(headers)), 200, "application/json", answer);
    }

    @Test
    void aToolCallAnsweredWithAResultIsOkAndNamesItsToolIdAndEra() throws IOException {
        RequestCompleted row = jsonExchange(CALL, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}",
                McpHeaders.PROTOCOL_VERSION, LEGACY, McpHeaders.SESSION_ID, "s-1");
        assertEquals(Outcome.OK, row.outcome());
        assertEquals("tools/call", row.mcpMethod());
        assertEquals("echo", row.target());
        assertEquals("7", row.jsonRpcId());
        assertEquals(Era.LEGACY, row.era());
        assertEquals(LEGACY, row.protocolVersion());
        assertEquals("s-1", row.sessionId());
        assertEquals("POST", row.httpMethod());
        assertEquals(200, row.httpStatus());
        assertEquals(CALL.length(), row.bytesIn());
        assertNull(row.errorMessage());
    }

    @Test
    void aModernRequestIsRecordedModernFromItsVersionHeader() throws IOException {
        RequestCompleted row = jsonExchange(CALL, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}",
                McpHeaders.PROTOCOL_VERSION, "2026-07-28", McpHeaders.METHOD, "tools/call", McpHeaders.NAME, "echo");
        assertEquals(Era.MODERN, row.era());
        assertNull(row.sessionId());
    }

    @Test
    void aResultFlaggedIsErrorIsAToolErrorCarryingItsText() throws IOException {
        RequestCompleted row = jsonExchange(CALL, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"isError\":true,"
                + "\"content\":[{\"type\":\"text\",\"text\":\"disk full\"}]}}");
        assertEquals(Outcome.TOOL_ERROR, row.outcome());
        assertEquals("disk full", row.errorMessage());
    }

    @Test
    void aJsonRpcErrorAnswerIsAnErrorWithItsCodeAndMessage() throws IOException {
        RequestCompleted row = jsonExchange(CALL,
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32602,\"message\":\"Unknown tool: echo\"}}");
        assertEquals(Outcome.ERROR, row.outcome());
        assertEquals(Integer.valueOf(-32602), row.errorCode());
        assertEquals("Unknown tool: echo", row.errorMessage());
    }

    @Test
    void anHttpErrorWithoutAJsonRpcBodyIsAnErrorNamedByItsStatus() throws IOException {
        RequestCompleted row = exchange(observer(1 << 16, null), request("POST", CALL, jsonPost()), 502,
                "text/plain", "Bad Gateway");
        assertEquals(Outcome.ERROR, row.outcome());
        assertEquals(502, row.httpStatus());
        assertEquals("HTTP 502", row.errorMessage());
    }

    @Test
    void aRequestNamingAMemberTwiceIsAmbiguousWhateverTheAnswer() throws IOException {
        String twice = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"name\":\"rm\"}}";
        RequestCompleted row = jsonExchange(twice, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}");
        assertEquals(Outcome.AMBIGUOUS, row.outcome());
        assertTrue(row.errorMessage().startsWith("ambiguous request: "), row.errorMessage());
    }

    @Test
    void aBodyLongerThanTheCaptureIsUnverifiedAndOnlyThenDoTheHeadersNameMethodAndTool() throws IOException {
        String padded = "{\"jsonrpc\":\"2.0\",\"id\":7,\"params\":{\"pad\":\"" + "x".repeat(200)
                + "\",\"name\":\"rm\"},\"method\":\"tools/call\"}";
        RequestCompleted row = exchange(observer(64, null), request("POST", padded,
                jsonPost(McpHeaders.METHOD, "tools/call", McpHeaders.NAME, "echo")), 200, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[]}}");
        assertEquals(Outcome.UNVERIFIED, row.outcome());
        assertEquals("tools/call", row.mcpMethod(), "the client's header stands in");
        assertEquals("echo", row.target());
        assertEquals("unverified request: longer than max-request-capture before its message closed", row.errorMessage());
    }

    @Test
    void aBatchIsUnverified() throws IOException {
        RequestCompleted row = jsonExchange("[" + CALL + "]", "[]");
        assertEquals(Outcome.UNVERIFIED, row.outcome());
        assertEquals("unverified request: a batch, whose messages are not read", row.errorMessage());
    }

    @Test
    void aGetStreamHasNoMcpMethodAndNoVerdict() throws IOException {
        Map<String, String> headers = jsonPost(McpHeaders.SESSION_ID, "s-1");
        headers.remove("Content-Type");
        RequestCompleted row = exchange(observer(1 << 16, null), request("GET", null, headers), 200,
                "text/event-stream", ": keep-alive\n\n");
        assertEquals(Outcome.OK, row.outcome());
        assertEquals("GET", row.httpMethod());
        assertNull(row.mcpMethod());
        assertEquals(Era.LEGACY, row.era(), "a session id is the legacy era's");
        assertTrue(row.sse());
    }

    @Test
    void anInitializeAnsweredWithASessionIdStartsATrackedSession() throws IOException {
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                + LEGACY + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"claude-code\",\"version\":\"2.1\"}}}";
        client.headers.put(McpHeaders.SESSION_ID, "minted-1"); // the server sets it before writing
        RequestCompleted row = jsonExchange(initialize,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"" + LEGACY + "\"}}");
        assertEquals(Outcome.OK, row.outcome());
        assertEquals("minted-1", row.sessionId(), "the row carries the session the answer started");
        assertEquals("claude-code", row.client().name());
        assertTrue(book.isTracked("minted-1"));
        assertEquals(1, sink.events().stream().filter(SessionStarted.class::isInstance).count());
    }

    @Test
    void aForeignOriginIsRefusedWith403BeforeTheServerAndRecordedRejected() throws IOException {
        RequestGuard guard = new RequestGuard(GuardLevels.all(GuardLevel.ENFORCE), HostRules.parse("localhost"),
                OriginRules.parse("http://localhost:8080"), 1 << 20);
        RequestCompleted row = exchange(observer(1 << 16, guard), request("POST", CALL,
                jsonPost("Origin", "https://evil.example")), 200, "application/json", "{\"never\":1}");
        assertEquals(Outcome.REJECTED, row.outcome());
        assertEquals(Violation.ORIGIN, row.violation());
        assertEquals(403, client.status);
        assertFalse(client.sentText().contains("never"), "the server's answer never came: " + client.sentText());
        assertTrue(client.sentText().contains("\"error\""), client.sentText());
    }

    /** Records what the observer asks of a tracer: the requests it starts spans for, the rows it ends them with. */
    private static final class RecordingTracer implements ExchangeTracer {
        final boolean recording;
        final List<TraceStart> started = new java.util.ArrayList<>();
        final List<RequestCompleted> ended = new java.util.ArrayList<>();

        RecordingTracer(boolean recording) {
            this.recording = recording;
        }

        @Override
        public boolean isOn() {
            return true;
        }

        @Override
        public boolean recording() {
            return recording;
        }

        @Override
        public ExchangeTrace start(TraceStart request) {
            started.add(request);
            return new ExchangeTrace() {
                @Override
                public TraceScope makeCurrent() {
                    return TraceScope.NONE;
                }

                @Override
                public String traceparent() {
                    return "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
                }

                @Override
                public String tracestate() {
                    return null;
                }

                @Override
                public void end(RequestCompleted exchange) {
                    ended.add(exchange);
                }
            };
        }
    }

    @Test
    void aTracedExchangeStartsItsSpanFromTheRequestAndEndsItWithItsRow() throws IOException {
        RecordingTracer tracer = new RecordingTracer(true);
        ExchangeObserver observer = observer(1 << 16, null);
        observer.traceExchanges(tracer);
        HttpServletRequest request = request("POST", CALL.replace("\"name\":\"echo\"}",
                "\"name\":\"echo\",\"_meta\":{\"traceparent\":\"00-meta\"}}"),
                jsonPost(McpHeaders.PROTOCOL_VERSION, LEGACY, McpHeaders.SESSION_ID, "s-1", "traceparent", "00-header"));
        RequestCompleted row = exchange(observer, request, 200, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[],\"isError\":true}}");
        TraceStart start = tracer.started.get(0);
        assertEquals(List.of("tools/call", "echo", "7", LEGACY, "s-1", "00-header", "00-meta", "10.1.2.80", "1.1"),
                java.util.Arrays.asList(start.mcpMethod(), start.target(), start.jsonRpcId(), start.protocolVersion(),
                        start.sessionId(), start.headerTraceparent(), start.metaTraceparent(), start.clientAddress(),
                        start.httpVersion()));
        assertEquals(dev.mcpgate.protocol.TargetKind.TOOL, start.targetKind());
        // the span ends on the request's side, before the dispatcher gives the row its id
        assertEquals(List.of(row.withId(null)), tracer.ended, "ended once, with the exchange's row");
        assertEquals(Outcome.TOOL_ERROR, row.outcome());
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                request.getAttribute(ExchangeTracer.TRACEPARENT_ATTRIBUTE), "published for servlets that call on");
    }

    @Test
    void aRefusedExchangeIsTracedToo() throws IOException {
        RecordingTracer tracer = new RecordingTracer(true);
        ExchangeObserver observer = observer(1 << 16, new RequestGuard(GuardLevels.all(GuardLevel.ENFORCE),
                HostRules.parse("localhost"), OriginRules.parse("http://localhost:8080"), 1 << 20));
        observer.traceExchanges(tracer);
        RequestCompleted row = exchange(observer, request("POST", CALL, jsonPost("Origin", "https://evil.example")),
                200, "application/json", null);
        assertEquals(Outcome.REJECTED, row.outcome());
        assertEquals(List.of(row.withId(null)), tracer.ended);
    }

    @Test
    void withNoOpenTelemetryRegisteredAnExchangeBringingNoTraceContextHasNoSpanAtAll() throws IOException {
        RecordingTracer tracer = new RecordingTracer(false);
        ExchangeObserver observer = observer(1 << 16, null);
        observer.traceExchanges(tracer);
        HttpServletRequest plain = request("POST", CALL, jsonPost());
        exchange(observer, plain, 200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
        assertTrue(tracer.started.isEmpty(), "nothing to record and nothing to carry on");
        assertNull(plain.getAttribute(ExchangeTracer.TRACEPARENT_ATTRIBUTE));
    }

    @Test
    void withNoOpenTelemetryRegisteredAnExchangeBringingATraceContextStillHasASpanToCarryItOn() throws IOException {
        RecordingTracer tracer = new RecordingTracer(false);
        ExchangeObserver observer = observer(1 << 16, null);
        observer.traceExchanges(tracer);
        exchange(observer, request("POST", CALL, jsonPost("traceparent", "00-header")), 200, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}");
        assertEquals(1, tracer.started.size(), "an incoming context is carried on by a span that records nothing");
    }

    /** A chain of one interceptor that changes {@code tools/call} arguments and wants the answer to rewrite it. */
    private static InterceptorChain shouting() {
        return InterceptorChain.of(List.of(new McpInterceptor() {
            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                return RequestVerdict.modify("shout", jakarta.json.Json.createObjectBuilder(request.params())
                        .add("arguments", jakarta.json.Json.createObjectBuilder().add("text", "HÉ")).build());
            }

            @Override
            public boolean wantsResponse(InterceptedRequest request) {
                return true;
            }

            @Override
            public ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
                return response.result() == null ? ResponseVerdict.proceed() : ResponseVerdict.modify("quiet",
                        jakarta.json.Json.createObjectBuilder().add("text", "he").build());
            }
        }));
    }

    @Test
    void aModifiedRequestReachesTheServerAsTheNewBodyWithItsLengthAndTheRowNamesTheRule() throws IOException {
        ExchangeObserver observer = observer(1 << 16, null);
        observer.intercept(shouting());
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"he\"}},\"extra\":1}";
        ObservedExchange x = observer.begin(request("POST", body, jsonPost()), client.response);
        byte[] seen = x.request().getInputStream().readAllBytes();
        String text = new String(seen, StandardCharsets.UTF_8);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"HÉ\"}},\"extra\":1}", text, "params replaced, every other member kept");
        assertEquals(seen.length, x.request().getContentLengthLong());
        assertEquals(seen.length, x.request().getContentLength());
        assertEquals(Integer.toString(seen.length), x.request().getHeader("content-length"));
        x.response().setStatus(200);
        client.finish();
        x.chainReturned();
        dispatcher.drain();
        RequestCompleted row = sink.events().stream().filter(RequestCompleted.class::isInstance)
                .map(RequestCompleted.class::cast).findFirst().orElseThrow();
        assertEquals(Outcome.MODIFIED, row.outcome());
        assertEquals("shout", row.rule());
        assertEquals(body.length(), row.bytesIn(), "the row counts what the client sent");
    }

    @Test
    void theAnswerRewriterRunsTheResponsePhaseKeepingTheIdAndReturnsTheSameMessageWhenUnchanged() {
        ExchangeObserver observer = observer(1 << 16, null);
        observer.intercept(shouting());
        ObservedExchange x = observer.begin(request("POST", CALL, jsonPost()), client.response);
        AnswerRewriter rewriter = x.exchange().answerRewriter;
        assertNotNull(rewriter, "the interceptor wants the answer");
        jakarta.json.JsonObject answer = jakarta.json.Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", 7)
                .add("result", jakarta.json.Json.createObjectBuilder().add("text", "HE")).build();
        jakarta.json.JsonObject rewritten = rewriter.rewrite(answer);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\"he\"}}", rewritten.toString());
        assertEquals("quiet", x.exchange().rule);
        jakarta.json.JsonObject error = jakarta.json.Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", 7)
                .add("error", jakarta.json.Json.createObjectBuilder().add("code", -1).add("message", "m")).build();
        assertTrue(error == rewriter.rewrite(error), "unchanged: the same instance");
    }

    @Test
    void withoutInterceptorsNothingIsParsedOrHeldAndNoRowNamesARule() throws IOException {
        ExchangeObserver observer = observer(1 << 16, null);
        observer.intercept(InterceptorChain.EMPTY);
        ObservedExchange x = observer.begin(request("POST", CALL, jsonPost()), client.response);
        assertNull(x.exchange().answerRewriter);
        assertEquals(CALL, new String(x.request().getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        x.response().setStatus(200);
        client.finish();
        x.chainReturned();
        dispatcher.drain();
        RequestCompleted row = sink.events().stream().filter(RequestCompleted.class::isInstance)
                .map(RequestCompleted.class::cast).findFirst().orElseThrow();
        assertEquals(Outcome.OK, row.outcome());
        assertNull(row.rule());
    }

    /** A chain of one interceptor that drops every tool of a {@code tools/list} answer but the first. */
    private static InterceptorChain hidingTools() {
        return InterceptorChain.of(List.of(new McpInterceptor() {
            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                return RequestVerdict.proceed();
            }

            @Override
            public boolean wantsResponse(InterceptedRequest request) {
                return true;
            }

            @Override
            public ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
                jakarta.json.JsonArray tools = response.result().getJsonArray("tools");
                return ResponseVerdict.modify("hide", jakarta.json.Json.createObjectBuilder()
                        .add("tools", jakarta.json.Json.createArrayBuilder().add(tools.get(0))).build());
            }
        }));
    }

    @Test
    void aListAnswerAnInterceptorRewroteStillReachesTheCatalogueHistoryAsTheServerSentIt() throws IOException {
        List<dev.mcpgate.event.CatalogueCapture> taken = new java.util.ArrayList<>();
        CatalogueCaptures captures = new CatalogueCaptures() {
            @Override
            public boolean wants(dev.mcpgate.protocol.McpMethod method) {
                return method == dev.mcpgate.protocol.McpMethod.TOOLS_LIST;
            }

            @Override
            public void offer(dev.mcpgate.event.CatalogueCapture capture) {
                taken.add(capture);
            }

            @Override
            public void skipped(String endpoint, dev.mcpgate.protocol.McpMethod method, long bytes) {
            }
        };
        ExchangeObserver observer = new ExchangeObserver("mcp", 1 << 16, 1 << 16, 4096, book, queue, metrics,
                captures, 1 << 16, null, null);
        observer.intercept(hidingTools());
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}";
        RequestCompleted row = exchange(observer, request("POST",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", jsonPost()), 200,
                "application/json", answer);
        assertEquals(Outcome.MODIFIED, row.outcome());
        assertEquals("hide", row.rule(), "the answer was rewritten");
        assertEquals(1, taken.size(), "the catalogue history took the answer");
        assertEquals(answer, new String(taken.get(0).body(), StandardCharsets.UTF_8), "the server's own list");
    }

    @Test
    void anAnswerHeldForRewriteIsNotResumableSoAResumptionNeverHandsOutWhatTheInterceptorRemoved() throws IOException {
        java.util.concurrent.ScheduledExecutorService scheduler = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        try {
            dev.mcpgate.resume.Resumption resumption = new dev.mcpgate.resume.Resumption(
                    new dev.mcpgate.resume.ResumeOptions(Duration.ofSeconds(1), 256, 1 << 20, 1 << 20, 1 << 20, null,
                            null, Duration.ofMinutes(5)),
                    new dev.mcpgate.session.InMemoryReplayStore(256, 1 << 20, 1 << 20, 100), scheduler);
            ExchangeObserver observer = observer(1 << 16, null);
            observer.resumeStreams(resumption);
            observer.intercept(hidingTools());
            ObservedExchange x = observer.begin(request("POST", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":"
                    + "\"tools/list\"}", jsonPost("Mcp-Session-Id", "s1", "MCP-Protocol-Version", LEGACY,
                    "Accept", "application/json, text/event-stream")), client.response);
            x.response().setStatus(200);
            x.response().setContentType("text/event-stream");
            x.response().getOutputStream().write(("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,"
                    + "\"result\":{\"tools\":[{\"name\":\"a\"},{\"name\":\"hidden\"}]}}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            x.chainReturned();
            client.finish();
            String sent = client.sentText();
            assertTrue(sent.contains("{\"name\":\"a\"}") && !sent.contains("hidden"), sent);
            List<String> ids = sent.lines().filter(l -> l.startsWith("id:")).map(l -> l.substring(3).trim()).toList();
            StringBuilder replayed = new StringBuilder();
            for (String id : ids) {
                resumption.resume("s1", id, new dev.mcpgate.resume.Delivery(new dev.mcpgate.resume.Delivery.Connection() {
                    @Override
                    public void write(byte[] frame) {
                        replayed.append(new String(frame, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void end() {
                    }

                    @Override
                    public void close() {
                    }
                }));
            }
            assertFalse(replayed.toString().contains("hidden"), "a resumption replayed the server's own list: " + replayed);
            assertTrue(ids.isEmpty(), "the held answer carries no event id to resume from: " + sent);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void anInterceptorJudgesAResourceReadByItsUriNotByADecoyName() throws IOException {
        ExchangeObserver observer = observer(4096, null);
        observer.intercept(InterceptorChain.of(List.of(new McpInterceptor() {
            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                return request.target() != null && request.target().startsWith("secret://") ? RequestVerdict.block(
                        "no-secrets", 200, RequestVerdict.error(-32001, "denied", null), Map.of()) : RequestVerdict.proceed();
            }
        })));
        RequestCompleted row = exchange(observer, request("POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                + "\"resources/read\",\"params\":{\"uri\":\"secret://db\",\"name\":\"x\"}}", jsonPost()), 200,
                "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
        assertEquals(Outcome.BLOCKED, row.outcome());
        assertEquals("no-secrets", row.rule());
    }

    @Test
    void inASessionTheInterceptorsSeeTheClientTheSessionStartedAsNotOneARequestClaims() throws IOException {
        ExchangeObserver observer = observer(4096, null);
        book.track("minted-2", "/mcp", null, LEGACY, ClientIdentity.of("claude-code", "2.1"), null, java.time.Instant.now());
        List<String> seenClients = new java.util.ArrayList<>();
        observer.intercept(InterceptorChain.of(List.of(new McpInterceptor() {
            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                seenClients.add(request.client().name());
                return RequestVerdict.proceed();
            }
        })));
        exchange(observer, request("POST", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\",\"clientInfo\":{\"name\":\"trusted-bot\",\"version\":\"1\"},\"_meta\":{"
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"trusted-bot\",\"version\":\"1\"}}}}",
                jsonPost("Mcp-Session-Id", "minted-2", "MCP-Protocol-Version", LEGACY)), 200, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}");
        assertEquals(List.of("claude-code"), seenClients);
    }

    /** A fail-closed interceptor that denies every {@code tools/call}, as a rules file's deny would. */
    private static InterceptorChain denyingCallsFailClosed(boolean failClosed) {
        return InterceptorChain.of(List.of(new McpInterceptor() {
            @Override
            public RequestVerdict onRequest(InterceptedRequest request) {
                return "tools/call".equals(request.method()) ? RequestVerdict.block("deny-calls", 200,
                        RequestVerdict.error(-32001, "denied", null), Map.of()) : RequestVerdict.proceed();
            }

            @Override
            public boolean failClosed() {
                return failClosed;
            }
        }));
    }

    private RequestCompleted unreadable(boolean failClosed, String body) throws IOException {
        ExchangeObserver observer = observer(64, null);
        observer.intercept(denyingCallsFailClosed(failClosed));
        return exchange(observer, request("POST", body, jsonPost()), 200, "application/json",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
    }

    @Test
    void withAFailClosedInterceptorABodyPaddedPastTheCaptureIsRefusedWith413NotPassedUnseen() throws IOException {
        String padded = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}"
                + " ".repeat(100) + "}";
        RequestCompleted row = unreadable(true, padded);
        assertEquals(413, row.httpStatus());
        assertEquals(Outcome.BLOCKED, row.outcome());
        assertEquals("unreadable", row.rule());
        assertTrue(client.sentText().contains("\"code\":-32600"), client.sentText());
        assertTrue(client.sentText().contains("\"rule\":\"unreadable\""), client.sentText());
    }

    @Test
    void withAFailClosedInterceptorAMessageClosedWithinTheCaptureButPaddedPastItIsRefusedWith413() throws IOException {
        // the JSON value closes inside max-request-capture; only whitespace follows, but the filter cannot
        // know that without reading on: the denied call must not pass unseen
        String padded = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}" + " ".repeat(100); // capture: 64
        RequestCompleted row = unreadable(true, padded);
        assertEquals(413, row.httpStatus());
        assertEquals(Outcome.BLOCKED, row.outcome());
        assertEquals("unreadable", row.rule());
        assertTrue(client.sentText().contains("\"code\":-32600"), client.sentText());
    }

    @Test
    void withAFailClosedInterceptorAnAmbiguousMessageIsRefusedWith400AndInvalidRequest() throws IOException {
        RequestCompleted row = unreadable(true, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/call\"}");
        assertEquals(400, row.httpStatus());
        assertEquals(Outcome.BLOCKED, row.outcome());
        assertEquals("unreadable", row.rule());
        assertTrue(client.sentText().contains("\"code\":-32600"), client.sentText());
    }

    @Test
    void withAFailClosedInterceptorABodyThatIsNoJsonIsRefusedWith400AndParseError() throws IOException {
        RequestCompleted row = unreadable(true, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{");
        assertEquals(400, row.httpStatus());
        assertEquals(Outcome.BLOCKED, row.outcome());
        assertEquals("unreadable", row.rule());
        assertTrue(client.sentText().contains("\"code\":-32700"), client.sentText());
    }

    @Test
    void withOnlyFailOpenInterceptorsWhatTheChainCannotReadPassesAsBefore() throws IOException {
        RequestCompleted row = unreadable(false, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"echo\"}" + " ".repeat(100) + "}");
        assertEquals(200, row.httpStatus());
        assertEquals(Outcome.UNVERIFIED, row.outcome());
        assertNull(row.rule());
    }
}

package dev.mcpgate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.TargetKind;
import dev.mcpgate.redact.SessionIdDisplay;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The span of one exchange, read back from the OpenTelemetry SDK's in-memory exporter. */
class OtelExchangeTracerTest {

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String CLIENT_PARENT = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";
    private static final String PROXY_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String PROXY_SPAN = "b7ad6b7169203331";
    private static final String PROXY_PARENT = "00-" + PROXY_TRACE + "-" + PROXY_SPAN + "-01";
    private static final String SESSION = "3f2a8b1e-5c6d-4e7f-8a9b-0c1d2e3f4a5b";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = TestTracers.sdk(exporter);
    private final ExchangeTracer tracer = TestTracers.of(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void aToolCallIsOneServerSpanNamedByMethodAndToolWithTheConventionsAttributes() {
        Instant start = Instant.now().minusMillis(5);
        ExchangeTrace trace = tracer.start(call(start, null, null, null, null));
        trace.end(row(SESSION, 200, Outcome.OK, null, null));
        SpanData span = onlySpan();
        assertEquals("tools/call get-weather", span.getName());
        assertEquals(SpanKind.SERVER, span.getKind());
        assertEquals(start.getEpochSecond() * 1_000_000_000L + start.getNano(), span.getStartEpochNanos());
        assertEquals("tools/call", attribute(span, "mcp.method.name"));
        assertEquals("get-weather", attribute(span, "gen_ai.tool.name"));
        assertEquals("execute_tool", attribute(span, "gen_ai.operation.name"));
        assertEquals("7", attribute(span, "jsonrpc.request.id"));
        assertEquals("2025-06-18", attribute(span, "mcp.protocol.version"));
        assertEquals("tcp", attribute(span, "network.transport"));
        assertEquals("http", attribute(span, "network.protocol.name"));
        assertEquals("1.1", attribute(span, "network.protocol.version"));
        assertEquals("10.1.2.80", attribute(span, "client.address"));
        assertEquals(65123L, span.getAttributes().get(AttributeKey.longKey("client.port")));
        assertEquals(200L, span.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals("ok", attribute(span, "mcpgate.outcome"));
        assertNull(attribute(span, "error.type"));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
        assertFalse(span.getParentSpanContext().isValid(), "no context came with the request: a root span");
    }

    @Test
    void theSessionIdIsShownAsLogSessionIdsSaysFingerprintByDefault() {
        tracer.start(call(Instant.now(), null, null, null, null)).end(row(SESSION, 200, Outcome.OK, null, null));
        assertEquals(SessionIdDisplay.fingerprint(SESSION), attribute(onlySpan(), "mcp.session.id"));
        exporter.reset();
        TestTracers.of(sdk, SessionIdDisplay.FULL).start(call(Instant.now(), null, null, null, null))
                .end(row(SESSION, 200, Outcome.OK, null, null));
        assertEquals(SESSION, attribute(onlySpan(), "mcp.session.id"));
    }

    @Test
    void aResourceReadCarriesItsUriButIsNamedByItsMethod() {
        tracer.start(new TraceStart(now(), "POST", "resources/read", TargetKind.RESOURCE, "file:///a/report.pdf", "3",
                null, null, null, null, null, null, null, 0, null)).end(row(null, 200, Outcome.OK, null, null));
        SpanData span = onlySpan();
        assertEquals("resources/read", span.getName());
        assertEquals("file:///a/report.pdf", attribute(span, "mcp.resource.uri"));
        assertNull(attribute(span, "gen_ai.operation.name"));
    }

    @Test
    void theTraceparentHeaderIsTheParentWithItsTracestate() {
        tracer.start(call(Instant.now(), PROXY_PARENT, "rojo=00f067aa0ba902b7", null, null))
                .end(row(null, 200, Outcome.OK, null, null));
        SpanData span = onlySpan();
        assertEquals(PROXY_TRACE, span.getTraceId());
        assertEquals(PROXY_SPAN, span.getParentSpanId());
        assertTrue(span.getParentSpanContext().isRemote());
        assertEquals("00f067aa0ba902b7", span.getSpanContext().getTraceState().get("rojo"));
        assertTrue(span.getLinks().isEmpty());
    }

    @Test
    void metaTraceparentIsTheParentAndTheHeaderContextALinkAsTheConventionsSay() {
        tracer.start(call(Instant.now(), PROXY_PARENT, null, CLIENT_PARENT, "congo=t61rcWkgMzE"))
                .end(row(null, 200, Outcome.OK, null, null));
        SpanData span = onlySpan();
        assertEquals(CLIENT_TRACE, span.getTraceId());
        assertEquals(CLIENT_SPAN, span.getParentSpanId());
        assertEquals("t61rcWkgMzE", span.getSpanContext().getTraceState().get("congo"));
        assertEquals(1, span.getLinks().size());
        assertEquals(PROXY_SPAN, span.getLinks().get(0).getSpanContext().getSpanId());
    }

    @Test
    void anInvalidMetaTraceparentLeavesTheHeaderAsTheParent() {
        tracer.start(call(Instant.now(), PROXY_PARENT, null, "00-not-a-trace-01", null))
                .end(row(null, 200, Outcome.OK, null, null));
        SpanData span = onlySpan();
        assertEquals(PROXY_SPAN, span.getParentSpanId());
        assertTrue(span.getLinks().isEmpty());
    }

    @Test
    void aSpanCurrentOnTheRequestThreadIsTheTransportParentBeforeTheHeader() {
        SpanContext agentSpan = SpanContext.create(CLIENT_TRACE, "1111111111111111", TraceFlags.getSampled(),
                TraceState.getDefault());
        try (Scope ignored = Span.wrap(agentSpan).makeCurrent()) {
            tracer.start(call(Instant.now(), PROXY_PARENT, null, null, null)).end(row(null, 200, Outcome.OK, null, null));
        }
        assertEquals("1111111111111111", onlySpan().getParentSpanId());
    }

    @Test
    void theSpanIsCurrentInItsScopeAndItsTraceparentNamesIt() {
        ExchangeTrace trace = tracer.start(call(Instant.now(), PROXY_PARENT, null, null, null));
        String inside;
        try (TraceScope ignored = trace.makeCurrent()) {
            inside = Span.current().getSpanContext().getSpanId();
        }
        assertFalse(Span.current().getSpanContext().isValid(), "the scope is closed");
        String traceparent = trace.traceparent();
        trace.end(row(null, 200, Outcome.OK, null, null));
        SpanData span = onlySpan();
        assertEquals(span.getSpanId(), inside);
        assertEquals("00-" + PROXY_TRACE + "-" + span.getSpanId() + "-01", traceparent);
    }

    @Test
    void aJsonRpcErrorSetsErrorTypeRpcStatusCodeAndAnErrorStatusWithItsMessage() {
        tracer.start(call(Instant.now(), null, null, null, null)).end(row(null, 200, Outcome.ERROR, -32602, "Unknown tool"));
        SpanData span = onlySpan();
        assertEquals("-32602", attribute(span, "error.type"));
        assertEquals("-32602", attribute(span, "rpc.response.status_code"));
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("Unknown tool", span.getStatus().getDescription());
    }

    @Test
    void aToolErrorIsErrorTypeToolErrorWithoutTheToolsTextInTheStatus() {
        tracer.start(call(Instant.now(), null, null, null, null))
                .end(row(null, 200, Outcome.TOOL_ERROR, null, "the user's secret query failed"));
        SpanData span = onlySpan();
        assertEquals("tool_error", attribute(span, "error.type"));
        assertNull(attribute(span, "rpc.response.status_code"));
        assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
        assertEquals("", span.getStatus().getDescription());
    }

    private static TraceStart call(Instant start, String headerParent, String headerState, String metaParent,
            String metaState) {
        return new TraceStart(start.getEpochSecond() * 1_000_000_000L + start.getNano(), "POST", "tools/call",
                TargetKind.TOOL, "get-weather", "7", "2025-06-18", SESSION, headerParent, headerState, metaParent,
                metaState, "10.1.2.80", 65123, "1.1");
    }

    private static long now() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static RequestCompleted row(String session, int status, Outcome outcome, Integer code, String message) {
        return new RequestCompleted("id", Instant.now(), "mcp", session, Era.LEGACY, "2025-06-18", "POST", status,
                "tools/call", "7", "get-weather", outcome, code, message, 10, 1, 1, ClientIdentity.UNKNOWN, null,
                false, 1);
    }

    private SpanData onlySpan() {
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertEquals(1, spans.size(), () -> "spans: " + spans);
        return spans.get(0);
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    @Test
    void anApiWithoutIsSetIsRecognisedSoThatAnOlderServerApiIsNotCalledForIt() {
        // Payara Micro 6 hands its applications an OpenTelemetry API older than GlobalOpenTelemetry.isSet()
        assertTrue(OtelExchangeTracer.apiHasIsSet(io.opentelemetry.api.GlobalOpenTelemetry.class));
        assertFalse(OtelExchangeTracer.apiHasIsSet(OlderGlobal.class));
    }

    /** Stands for the older API's GlobalOpenTelemetry: get(), no isSet(). */
    static final class OlderGlobal {
        public static Object get() {
            return null;
        }
    }
}

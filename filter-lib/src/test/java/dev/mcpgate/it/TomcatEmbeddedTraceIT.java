package dev.mcpgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.tracing.TraceProbeServlet;
import dev.mcpgate.trace.TestTracers;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traces in a real server: the filter of the packaged jar on embedded Tomcat, in front of the MCP Java
 * SDK's servlet, driven by the SDK's client; the spans read back from an OpenTelemetry SDK with an
 * in-memory exporter, registered as the global OpenTelemetry before the deployment. The embedded
 * Tomcat runs in this JVM and the test WAR carries no OpenTelemetry jar, so the filter in the WAR
 * finds the API (and this SDK) through the server's class path, as it would find an agent's.
 *
 * <p>Each test's client sends a {@code traceparent} header of a trace of its own, so its spans are
 * told apart from those of other tests by their trace id (or, for a {@code _meta} parent, by theirs).
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedTraceIT {

    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static OpenTelemetrySdk sdk;

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        GlobalOpenTelemetry.resetForTest();
        sdk = TestTracers.sdk(SPANS);
        GlobalOpenTelemetry.set(sdk);
        return McpFilterDeployment.forTomcat().addPackage(TraceProbeServlet.class.getPackage());
    }

    @AfterAll
    static void releaseTheGlobalOpenTelemetry() {
        GlobalOpenTelemetry.resetForTest();
        if (sdk != null) {
            sdk.close();
        }
    }

    @Test
    void eachExchangeOfAnSdkSessionIsOneServerSpanNamedAfterTheConventionsUnderTheHeadersParent() throws Exception {
        Traced client = new Traced();
        try (McpSyncClient mcp = client.open()) {
            mcp.initialize();
            mcp.listTools();
            assertFalse(mcp.callTool(new McpSchema.CallToolRequest("echo", Map.of("text", "hi"))).isError());
            mcp.closeGracefully();
        }
        List<SpanData> spans = awaitSpans(client.traceId, client.requests().size());
        assertEquals(client.requests().size(), spans.size(), () -> "one span per HTTP request " + client.requests()
                + ", got " + names(spans));
        for (SpanData span : spans) {
            assertEquals(SpanKind.SERVER, span.getKind(), span.getName());
            assertEquals(client.spanId, span.getParentSpanId(), span.getName() + ": the traceparent header's span");
            assertEquals("tcp", attribute(span, "network.transport"));
        }
        SpanData call = named(spans, "tools/call echo");
        assertEquals("tools/call", attribute(call, "mcp.method.name"));
        assertEquals("echo", attribute(call, "gen_ai.tool.name"));
        assertEquals("execute_tool", attribute(call, "gen_ai.operation.name"));
        assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());
        String session = attribute(call, "mcp.session.id");
        assertTrue(session.matches(".{0,4}\\.\\.\\.[0-9a-f]{8}"), "a fingerprint (log-session-ids), never the id: " + session);
        SpanData initialize = named(spans, "initialize");
        assertEquals(session, attribute(initialize, "mcp.session.id"), "the session the initialize answer started");
        assertTrue(attribute(initialize, "mcp.protocol.version").matches("\\d{4}-\\d{2}-\\d{2}"));
        named(spans, "tools/list");
        named(spans, "notifications/initialized");
    }

    @Test
    void aCallsMetaTraceparentIsItsSpansParentAndTheHeadersContextALink() throws Exception {
        Traced client = new Traced();
        String metaTrace = UUID.randomUUID().toString().replace("-", "");
        String metaSpan = "00f067aa0ba902b7";
        try (McpSyncClient mcp = client.open()) {
            mcp.initialize();
            mcp.callTool(McpSchema.CallToolRequest.builder("echo").arguments(Map.of("text", "hi"))
                    .meta(Map.of("traceparent", "00-" + metaTrace + "-" + metaSpan + "-01")).build());
        }
        SpanData call = awaitSpans(metaTrace, 1).get(0);
        assertEquals("tools/call echo", call.getName());
        assertEquals(metaSpan, call.getParentSpanId());
        assertEquals(1, call.getLinks().size());
        assertEquals(client.spanId, call.getLinks().get(0).getSpanContext().getSpanId(), "the transport's context");
    }

    @Test
    void aFailingCallIsAnErrorSpanWithTheJsonRpcCodeAndAToolErrorIsToolError() throws Exception {
        Traced client = new Traced();
        try (McpSyncClient mcp = client.open()) {
            mcp.initialize();
            assertThrows(McpError.class, () -> mcp.callTool(new McpSchema.CallToolRequest("boom", Map.of())));
            assertTrue(mcp.callTool(new McpSchema.CallToolRequest("fail", Map.of())).isError());
        }
        List<SpanData> spans = awaitSpans(client.traceId, client.requests().size());
        SpanData boom = named(spans, "tools/call boom");
        assertEquals(StatusCode.ERROR, boom.getStatus().getStatusCode());
        assertTrue(attribute(boom, "error.type").matches("-32\\d{3}"), attribute(boom, "error.type"));
        assertEquals(attribute(boom, "error.type"), attribute(boom, "rpc.response.status_code"));
        SpanData fail = named(spans, "tools/call fail");
        assertEquals("tool_error", attribute(fail, "error.type"));
        assertEquals(StatusCode.ERROR, fail.getStatus().getStatusCode());
    }

    @Test
    void theExchangesSpanIsCurrentWhileTheServletRunsSoTheApplicationsSpansNestUnderIt() throws Exception {
        Traced client = new Traced();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(deploymentUrl.toString().replaceAll("/$", "") + TraceProbeServlet.PATH))
                .header("Content-Type", "application/json").header("traceparent", client.traceparent())
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"probe\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        List<SpanData> spans = awaitSpans(client.traceId, 2);
        SpanData exchange = named(spans, "tools/call probe");
        SpanData work = named(spans, TraceProbeServlet.WORK_SPAN);
        assertEquals(exchange.getSpanId(), work.getParentSpanId());
        JsonObject seen = EventLog.parse(answer.body()).asJsonObject().getJsonObject("result");
        assertEquals(exchange.getSpanId(), seen.getString("spanId"), "the span current in the servlet");
        assertEquals("00-" + client.traceId + "-" + exchange.getSpanId() + "-01", seen.getString("traceparent"),
                "the request attribute a proxying servlet sends on");
    }

    /** Polls the exporter until {@code count} spans of the trace ended (the last may end after the client has its answer). */
    private static List<SpanData> awaitSpans(String traceId, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<SpanData> spans;
        while ((spans = ofTrace(traceId)).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20); // a bounded poll
        }
        return spans;
    }

    private static List<SpanData> ofTrace(String traceId) {
        return SPANS.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId)).toList();
    }

    private static SpanData named(List<SpanData> spans, String name) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> "one span named " + name + " in " + names(spans));
        return found.get(0);
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(SpanData::getName).toList();
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    /** An SDK client whose every HTTP request carries the {@code traceparent} of a trace of its own. */
    private final class Traced {
        final String traceId = UUID.randomUUID().toString().replace("-", "");
        final String spanId = traceId.substring(0, 16);
        private final List<String> requests = new ArrayList<>();

        String traceparent() {
            return "00-" + traceId + "-" + spanId + "-01";
        }

        List<String> requests() {
            synchronized (requests) {
                return List.copyOf(requests);
            }
        }

        McpSyncClient open() {
            URI base = URI.create(deploymentUrl.toString());
            HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                    .builder(base.getScheme() + "://" + base.getAuthority())
                    .endpoint(base.getPath().replaceAll("/$", "") + "/mcp")
                    .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                    .addHttpRequestCustomizer((builder, method, uri, body, context) -> {
                        builder.header("traceparent", traceparent());
                        synchronized (requests) {
                            requests.add(method + " " + body);
                        }
                    })
                    .build();
            return McpClient.sync(transport).clientInfo(McpSchema.Implementation.builder("trace-it", "1.0").build())
                    .requestTimeout(Duration.ofSeconds(30)).build();
        }
    }
}

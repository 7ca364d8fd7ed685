package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.deployment.HygieneProbeServlet;
import dev.mcpgate.it.deployment.HygieneTestServers;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, error hygiene inside a real server: embedded Tomcat 10.1, the packaged filter jar
 * registered by {@link HygieneTestServers} at {@code guard-error-body=enforce} in front of the MCP
 * Java SDK 2.1.0 streamable servlet and of {@link HygieneProbeServlet}, and at {@code report} in
 * front of the probe on another path. Every error answer that is not JSON-RPC — the SDK's
 * serialized exceptions, Tomcat's HTML pages from {@code sendError}, empty bodies, a thrown
 * exception, synchronously and asynchronously — reaches the client as a JSON-RPC error with the
 * same status, and its row says {@code error_body} and keeps the original, cut and redacted; a
 * JSON-RPC error body and SSE streams pass byte for byte.
 */
@ExtendWith(ArquillianExtension.class)
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedErrorHygieneIT {

    private static final String ACCEPT_BOTH = "application/json, text/event-stream";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":\"%s\",\"method\":\"tools/list\",\"params\":{}}";

    @ArquillianResource
    private URL deploymentUrl;

    private final HttpClient http = EventLog.client();
    private EventLog eventLog;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat();
    }

    @BeforeEach
    void log() {
        eventLog = new EventLog(http, deploymentUrl);
    }

    /** One bad exchange: how it is sent, what the client must get, how its row is found. */
    private record Case(String name, HttpRequest request, int status, String id, Predicate<RecordedEvent> row) {
    }

    @Test
    void everyErrorAnswerThatIsNotJsonRpcReachesTheClientAsAJsonRpcErrorWithItsStatus() {
        List<Case> cases = new ArrayList<>();
        String noSession = "h-" + UUID.randomUUID();
        cases.add(new Case("no session id: the SDK's serialized exception",
                post(HygieneTestServers.MCP_PATH, LIST.formatted(noSession), null, "application/json", ACCEPT_BOTH),
                400, noSession, byId(noSession)));
        String unknownPost = "h-" + UUID.randomUUID();
        cases.add(tagged("unknown session on POST: the SDK's serialized exception", 404, unknownPost,
                tag -> post(HygieneTestServers.MCP_PATH, LIST.formatted(unknownPost), tag, "application/json",
                        ACCEPT_BOTH)));
        cases.add(tagged("unknown session on GET: sendError, Tomcat's HTML page", 404, null,
                tag -> request(HygieneTestServers.MCP_PATH, tag).header("Accept", "text/event-stream").GET().build()));
        cases.add(tagged("unknown session on DELETE", 404, null,
                tag -> request(HygieneTestServers.MCP_PATH, tag).DELETE().build()));
        cases.add(tagged("wrong content type: 415", 415, null,
                tag -> post(HygieneTestServers.MCP_PATH, "hello", tag, "text/plain", ACCEPT_BOTH)));
        String noAccept = "h-" + UUID.randomUUID();
        cases.add(tagged("no Accept header", 400, noAccept,
                tag -> post(HygieneTestServers.MCP_PATH, LIST.formatted(noAccept), tag, "application/json", null)));
        cases.add(tagged("malformed JSON", 400, null,
                tag -> post(HygieneTestServers.MCP_PATH, "{\"jsonrpc\":\"2.0\",\"id\":\"h-bad\",\"method\":\"tools/list\",",
                        tag, "application/json", ACCEPT_BOTH)));
        cases.add(tagged("batch array", 400, null,
                tag -> post(HygieneTestServers.MCP_PATH, "[" + LIST.formatted("h-batch") + "]", tag, "application/json",
                        ACCEPT_BOTH)));
        cases.add(tagged("PUT: the servlet's 405 through sendError", 405, null,
                tag -> request(HygieneTestServers.MCP_PATH, tag).PUT(HttpRequest.BodyPublishers.ofString("{}")).build()));
        for (String answer : List.of("html404", "empty502", "throw500", "async-html500", "async-exception400",
                "async-sendError503")) {
            int status = Integer.parseInt(answer.replaceAll("\\D", ""));
            cases.add(tagged("probe " + answer, status, null,
                    tag -> request(HygieneTestServers.PROBE_PATH + "?answer=" + answer, tag).GET().build()));
        }

        List<HttpResponse<String>> responses = new ArrayList<>();
        for (Case c : cases) {
            responses.add(send(c.request()));
        }
        assertAll("what the clients received", cases.stream().map(c -> () -> {
            HttpResponse<String> response = responses.get(cases.indexOf(c));
            assertJsonRpcError(c.name(), response, c.status(), c.id());
        }));

        List<RecordedEvent> events = eventLog.awaitUntil("a row for each of the " + cases.size() + " cases",
                all -> cases.stream().allMatch(c -> all.stream().anyMatch(c.row())));
        assertAll("the rows", cases.stream().map(c -> () -> {
            RecordedEvent row = events.stream().filter(c.row()).findFirst().orElseThrow();
            String message = row.text("errorMessage");
            assertAll(c.name() + ": " + row,
                    () -> assertEquals(HygieneTestServers.ENFORCE_ENDPOINT, row.text("endpoint")),
                    () -> assertEquals((long) c.status(), row.number("httpStatus")),
                    () -> assertEquals("ERROR_BODY", row.text("violation")),
                    () -> assertTrue(message != null && message.contains("error body replaced ("), message),
                    () -> assertFalse(message.contains("hunter2"), "redacted: " + message),
                    () -> assertTrue(message.length() <= 512, "cut: " + message.length()));
        }));
        RecordedEvent sdk = events.stream().filter(byId(noSession)).findFirst().orElseThrow();
        assertTrue(sdk.text("errorMessage").contains("\"stackTrace\":[…]")
                && sdk.text("errorMessage").contains("Session ID required"), "the SDK's message is kept: " + sdk);
        RecordedEvent thrown = events.stream().filter(e -> e.text("errorMessage") != null
                && e.text("errorMessage").contains("servlet failed: java.lang.IllegalStateException: boom at "
                        + "jdbc:postgresql://db/x?password=***")).findFirst().orElse(null);
        assertTrue(thrown != null, "the thrown exception is kept, redacted:\n" + EventLog.dump(events));
    }

    @Test
    void aJsonRpcErrorBodyAndAnEventStreamPassByteForByteWithoutBeingHeldBack() throws Exception {
        String jsonTag = "tag-" + UUID.randomUUID();
        HttpResponse<byte[]> json = http.send(request(HygieneTestServers.PROBE_PATH + "?answer=jsonrpc400", jsonTag)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(400, json.statusCode());
        assertEquals(HygieneProbeServlet.JSON_RPC_ERROR, new String(json.body(), StandardCharsets.UTF_8));

        String sseTag = "tag-" + UUID.randomUUID();
        HttpResponse<InputStream> sse = http.send(request(HygieneTestServers.PROBE_PATH + "?answer=sse", sseTag)
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, sse.statusCode());
        byte[] first = HygieneProbeServlet.SSE_FIRST.getBytes(StandardCharsets.UTF_8);
        byte[] second = HygieneProbeServlet.SSE_SECOND.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = sse.body()) {
            // the servlet writes the second event only once released: the first must arrive alone
            assertEquals(HygieneProbeServlet.SSE_FIRST, new String(in.readNBytes(first.length), StandardCharsets.UTF_8));
            assertEquals(204, send(HttpRequest.newBuilder(uri(HygieneTestServers.RELEASE_PATH)).GET().build())
                    .statusCode());
            assertEquals(HygieneProbeServlet.SSE_SECOND, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<RecordedEvent> events = eventLog.awaitUntil("the rows of both", all ->
                all.stream().anyMatch(byTag(jsonTag)) && all.stream().anyMatch(byTag(sseTag)));
        RecordedEvent jsonRow = events.stream().filter(byTag(jsonTag)).findFirst().orElseThrow();
        RecordedEvent sseRow = events.stream().filter(byTag(sseTag)).findFirst().orElseThrow();
        assertAll(
                () -> assertNull(jsonRow.text("violation"), jsonRow.toString()),
                () -> assertEquals("Unknown tool: nope", jsonRow.text("errorMessage")),
                () -> assertEquals((long) json.body().length, jsonRow.number("bytesOut")),
                () -> assertNull(sseRow.text("violation"), sseRow.toString()),
                () -> assertEquals((long) first.length + second.length, sseRow.number("bytesOut")));
    }

    @Test
    void theSdkServerBehindEnforcementServesARealClientAndItsErrorsAfterTheBadRequests() {
        try (JavaSdkSession session = JavaSdkSession.create(deploymentUrl, HygieneTestServers.MCP_PATH,
                "hygiene-client", "1.0", null)) {
            session.client().initialize();
            McpSchema.CallToolResult echo = session.client().callTool(
                    CallToolRequest.builder("echo").arguments(Map.of("text", "still alive")).build());
            assertEquals("still alive", ((McpSchema.TextContent) echo.content().get(0)).text());
            String sessionId = session.sessionId();
            List<RecordedEvent> events = eventLog.awaitUntil("the session's tools/call",
                    all -> all.stream().anyMatch(e -> e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId())
                            && "tools/call".equals(e.mcpMethod())));
            RecordedEvent call = events.stream().filter(e -> e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId())
                    && "tools/call".equals(e.mcpMethod())).findFirst().orElseThrow();
            assertAll(call.toString(),
                    () -> assertEquals(200L, call.number("httpStatus")),
                    () -> assertTrue(call.flag("sse"), "answered as a stream"),
                    () -> assertEquals("OK", call.text("outcome")),
                    () -> assertNull(call.text("violation")));
        }
    }

    @Test
    void reportLeavesTheAnswerAloneAndRecordsIt() {
        String pageTag = "tag-" + UUID.randomUUID();
        HttpResponse<String> page = send(request(HygieneTestServers.REPORT_PROBE_PATH + "?answer=html404", pageTag)
                .GET().build());
        assertEquals(404, page.statusCode());
        assertEquals(HygieneProbeServlet.HTML_PAGE, page.body(), "untouched");
        String sendErrorTag = "tag-" + UUID.randomUUID();
        HttpResponse<String> sendError = send(request(HygieneTestServers.REPORT_PROBE_PATH
                + "?answer=async-sendError503", sendErrorTag).GET().build());
        assertEquals(503, sendError.statusCode());
        assertTrue(sendError.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                "the container's own page: " + sendError.headers().map());

        String asyncTag = "tag-" + UUID.randomUUID();
        HttpResponse<String> async = send(request(HygieneTestServers.REPORT_PROBE_PATH + "?answer=async-exception400",
                asyncTag).GET().build());
        assertEquals(400, async.statusCode());
        assertEquals(HygieneProbeServlet.EXCEPTION_JSON, async.body(), "untouched");

        List<RecordedEvent> events = eventLog.awaitUntil("the three rows", all -> all.stream().anyMatch(byTag(pageTag))
                && all.stream().anyMatch(byTag(sendErrorTag)) && all.stream().anyMatch(byTag(asyncTag)));
        RecordedEvent asyncRow = events.stream().filter(byTag(asyncTag)).findFirst().orElseThrow();
        assertAll(asyncRow.toString(),
                () -> assertEquals("ERROR_BODY", asyncRow.text("violation")),
                () -> assertTrue(asyncRow.text("errorMessage").endsWith("{\"stackTrace\":[…],\"message\":\"database at "
                        + "jdbc:postgresql://db/x?password=*** down\"}"), asyncRow.text("errorMessage")));
        RecordedEvent pageRow = events.stream().filter(byTag(pageTag)).findFirst().orElseThrow();
        RecordedEvent sendErrorRow = events.stream().filter(byTag(sendErrorTag)).findFirst().orElseThrow();
        assertAll(
                () -> assertEquals(HygieneTestServers.REPORT_ENDPOINT, pageRow.text("endpoint")),
                () -> assertEquals("ERROR_BODY", pageRow.text("violation")),
                () -> assertEquals("ERROR", pageRow.text("outcome")),
                () -> assertTrue(pageRow.text("errorMessage").startsWith("error body not JSON-RPC (text/html;charset=UTF-8, ")
                        && pageRow.text("errorMessage").endsWith("HTTP Status 404 java.lang.IllegalStateException: "
                        + "no such thing at com.example.Secret.lookup(Secret.java:42)"), pageRow.text("errorMessage")),
                () -> assertEquals((long) HygieneProbeServlet.HTML_PAGE.length(), pageRow.number("bytesOut")),
                () -> assertEquals("ERROR_BODY", sendErrorRow.text("violation")),
                () -> assertTrue(sendErrorRow.text("errorMessage").endsWith("sendError(503): Server is shutting down"),
                        sendErrorRow.text("errorMessage")));
    }

    // ---------------------------------------------------------------------------------------------

    private static void assertJsonRpcError(String name, HttpResponse<String> response, int status, String id) {
        String body = response.body();
        assertEquals(status, response.statusCode(), name + ": " + body);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                name + ": " + response.headers().map());
        assertFalse(body.contains("stackTrace") || body.contains("<") || body.contains("Exception")
                || body.contains("hunter2"), name + ": leaks " + body);
        JsonObject json = EventLog.parse(body).asJsonObject();
        assertEquals("2.0", json.getString("jsonrpc"), name);
        JsonValue idValue = json.get("id");
        if (id == null) {
            assertEquals(JsonValue.NULL, idValue, name + ": " + body);
        } else {
            assertEquals(id, json.getString("id"), name + ": " + body);
        }
        JsonObject error = json.getJsonObject("error");
        assertEquals(status >= 500 ? -32603 : -32600, error.getInt("code"), name + ": " + body);
        assertTrue(error.getString("message").startsWith("HTTP " + status), name + ": " + body);
        assertEquals(body.getBytes(StandardCharsets.UTF_8).length,
                Integer.parseInt(response.headers().firstValue("Content-Length").orElse("-1")), name + ": exact length");
    }

    private Case tagged(String name, int status, String id, java.util.function.Function<String, HttpRequest> request) {
        String tag = "tag-" + UUID.randomUUID();
        return new Case(name, request.apply(tag), status, id, byTag(tag));
    }

    private static Predicate<RecordedEvent> byTag(String tag) {
        return e -> e.is(REQUEST_COMPLETED) && tag.equals(e.sessionId());
    }

    private static Predicate<RecordedEvent> byId(String id) {
        return e -> e.is(REQUEST_COMPLETED) && id.equals(e.jsonRpcId());
    }

    private HttpRequest post(String path, String body, String tag, String contentType, String accept) {
        HttpRequest.Builder builder = request(path, tag).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            builder.header("Accept", accept);
        }
        return builder.build();
    }

    private HttpRequest.Builder request(String path, String tag) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        return tag == null ? builder : builder.header("Mcp-Session-Id", tag);
    }

    private URI uri(String path) {
        return URI.create(deploymentUrl.toString().replaceAll("/$", "") + path);
    }

    private HttpResponse<String> send(HttpRequest request) {
        return EventLog.send(http, request);
    }
}

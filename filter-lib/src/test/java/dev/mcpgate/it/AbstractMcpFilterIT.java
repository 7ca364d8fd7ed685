package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static dev.mcpgate.it.RecordedEvent.SESSION_ENDED;
import static dev.mcpgate.it.RecordedEvent.SESSION_STARTED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mcpgate.it.JavaSdkSession.Sent;
import dev.mcpgate.it.deployment.McpTestServers;
import dev.mcpgate.it.deployment.ModernEraServlet;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The filter inside a real server, in front of real MCP peers (the MCP Java SDK's server servlet
 * behind it, its client in front), observed through the CDI events it fires.
 *
 * <p>Client mode only ({@code @Deployment(testable = false)} + {@code @ArquillianResource URL}):
 * the tests talk HTTP to the deployment, so they run unchanged against a managed server in another
 * JVM. A subclass per server supplies the {@code @Deployment} (see {@link McpFilterDeployment}) and
 * nothing else.
 *
 * <p>Events are dispatched asynchronously; every expectation on them waits with a bounded poll
 * ({@link EventLog#awaitUntil}). Absence is proven with a marker: an exchange sent after the one
 * that must not be recorded; the dispatcher keeps order, so once the marker's event is there,
 * anything recorded for the earlier exchange would be there too.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractMcpFilterIT {

    /** The endpoint name the test web.xml sets through the context-param {@code dev.mcpgate.endpoint-name}. */
    protected static final String ENDPOINT_NAME = "it";
    protected static final String MODERN_VERSION = "2026-07-28";
    protected static final String JSON_RPC_INTERNAL_ERROR = "-32603";

    @ArquillianResource
    protected URL deploymentUrl;

    protected HttpClient http;
    protected EventLog eventLog;

    @BeforeEach
    void startFromAQuietLog() {
        deploymentUrl = McpFilterDeployment.withContextPath(deploymentUrl);
        http = EventLog.client();
        eventLog = new EventLog(http, deploymentUrl);
        // let what earlier tests left in flight arrive before clearing; tolerate a filter that
        // records nothing (the tests then say what is missing)
        String marker = sendMarker();
        eventLog.tryAwait(Duration.ofSeconds(30), events -> markerArrived(events, marker)); // returns once it arrives
        eventLog.clear();
    }

    // ---------------------------------------------------------------------------------------------
    // Java SDK session, end to end
    // ---------------------------------------------------------------------------------------------

    @Test
    void javaSdkSessionIsObservedEndToEnd() {
        String clientName = "mcpgate-java-it";
        String clientVersion = "1.0.0";
        List<McpSchema.ProgressNotification> progress = Collections.synchronizedList(new ArrayList<>());

        JavaSdkSession session = JavaSdkSession.create(deploymentUrl, McpTestServers.MCP_PATH, clientName,
                clientVersion, progress::add);
        String negotiated;
        try (session) {
            McpSchema.InitializeResult init = session.client().initialize();
            negotiated = init.protocolVersion();
            assertEquals(McpTestServers.SERVER_NAME, init.serverInfo().name());

            Set<String> tools = session.client().listTools().tools().stream()
                    .map(McpSchema.Tool::name).collect(Collectors.toSet());
            assertEquals(Set.of("echo", "progress", "fail", "boom"), tools);

            assertEquals("hello through the gate", text(session.client().callTool(
                    CallToolRequest.builder("echo").arguments(Map.of("text", "hello through the gate")).build())));

            CallToolResult progressResult = session.client().callTool(CallToolRequest.builder("progress")
                    .arguments(Map.of("steps", 3, "intervalMillis", 100))
                    .progressToken("e2e-progress")
                    .build());
            assertEquals(McpTestServers.PROGRESS_RESULT, text(progressResult));

            CallToolResult failed = session.client().callTool(CallToolRequest.builder("fail").build());
            assertTrue(Boolean.TRUE.equals(failed.isError()), "fail must return isError=true: " + failed);
            assertEquals(McpTestServers.FAIL_TEXT, text(failed));

            McpError boom = assertThrows(McpError.class,
                    () -> session.client().callTool(CallToolRequest.builder("boom").build()));
            assertEquals(Integer.parseInt(JSON_RPC_INTERNAL_ERROR), boom.getJsonRpcError().code());
            assertEquals(McpTestServers.BOOM_MESSAGE, boom.getJsonRpcError().message());
        }
        String sessionId = session.sessionId();
        List<Sent> posted = session.posted();
        List<String> httpMethods = session.httpMethods();
        assertTrue(httpMethods.contains("DELETE"), "closeGracefully must send DELETE: " + httpMethods);
        long gets = httpMethods.stream().filter("GET"::equals).count();
        long deletes = httpMethods.stream().filter("DELETE"::equals).count();
        int expectedRows = posted.size() + (int) gets + (int) deletes;
        assertEquals(List.of("initialize", "notifications/initialized", "tools/list",
                        "tools/call", "tools/call", "tools/call", "tools/call"),
                posted.stream().map(Sent::method).toList(), "what the SDK client POSTed");
        assertEquals(3, progress.size(), "progress notifications the client received: " + progress);

        List<RecordedEvent> events = eventLog.awaitUntil(
                expectedRows + " request events and the end of session " + sessionId,
                all -> count(all, REQUEST_COMPLETED, sessionId) >= expectedRows
                        && count(all, SESSION_ENDED, sessionId) >= 1);

        assertAll("every event of the session carries its id",
                events.stream()
                        .filter(e -> clientName.equals(e.clientName()) || e.sessionId() == null)
                        .map(e -> () -> assertEquals(sessionId, e.sessionId(), "event without the session id: " + e)));

        // SessionStarted
        List<RecordedEvent> started = ofType(events, SESSION_STARTED, sessionId);
        assertEquals(1, started.size(), () -> "one SessionStarted expected:\n" + EventLog.dump(events));
        RecordedEvent start = started.get(0);
        assertAll("SessionStarted " + start,
                () -> assertEquals(ENDPOINT_NAME, start.text("endpoint")),
                () -> assertEquals("LEGACY", start.text("era")),
                () -> assertEquals(negotiated, start.text("protocolVersion")),
                () -> assertEquals(clientName, start.clientName()),
                () -> assertEquals(clientVersion, start.clientVersion()),
                () -> assertNull(start.text("principal")));

        // one RequestCompleted per exchange
        List<RecordedEvent> rows = ofType(events, REQUEST_COMPLETED, sessionId);
        assertEquals(expectedRows, rows.size(), () -> "request events of the session (" + posted.size()
                + " POST, " + gets + " GET, " + deletes + " DELETE expected):\n" + EventLog.dump(rows));
        assertEquals(rows.size(), rows.stream().map(r -> r.text("id")).distinct().count(), "event ids are unique");

        for (RecordedEvent row : rows) {
            assertAll("common fields of " + row,
                    () -> assertEquals(ENDPOINT_NAME, row.text("endpoint")),
                    () -> assertEquals("LEGACY", row.text("era")),
                    () -> assertEquals(negotiated, row.text("protocolVersion")),
                    () -> assertEquals(clientName, row.clientName()),
                    () -> assertEquals(clientVersion, row.clientVersion()),
                    () -> assertNull(row.text("principal")),
                    () -> assertTrue(row.number("latencyMicros") > 0, "latencyMicros > 0"),
                    () -> assertNotNull(row.text("timestamp")));
        }
        for (Sent sent : posted) {
            RecordedEvent row = theRow(rows, "POST", sent.method(), sent.jsonRpcId());
            assertAll("POST " + sent + " -> " + row,
                    () -> assertEquals(sent.bodyBytes(), row.number("bytesIn"), "bytesIn = the body the client sent"),
                    () -> assertEquals(sent.target(), row.text("target")));
        }
        RecordedEvent initialize = theRow(rows, "POST", "initialize", posted.get(0).jsonRpcId());
        assertAll("initialize " + initialize,
                () -> assertEquals(200L, initialize.number("httpStatus")),
                () -> assertEquals("OK", initialize.text("outcome")),
                () -> assertFalse(initialize.flag("sse"), "initialize is answered with JSON"),
                () -> assertEquals(1L, initialize.number("messagesOut")),
                () -> assertTrue(initialize.number("bytesOut") > 0, "bytesOut > 0"));
        RecordedEvent initialized = theRow(rows, "POST", "notifications/initialized", null);
        assertAll("notifications/initialized " + initialized,
                () -> assertEquals(202L, initialized.number("httpStatus")),
                () -> assertEquals("OK", initialized.text("outcome")),
                () -> assertFalse(initialized.flag("sse")),
                () -> assertEquals(0L, initialized.number("messagesOut")),
                () -> assertEquals(0L, initialized.number("bytesOut")));
        RecordedEvent list = theRow(rows, "POST", "tools/list", posted.get(2).jsonRpcId());
        assertSseResult(list, "OK");

        RecordedEvent echo = callRow(rows, posted, "echo");
        assertSseResult(echo, "OK");
        assertAll("echo " + echo,
                () -> assertEquals(1L, echo.number("messagesOut")),
                () -> assertNull(echo.number("errorCode")),
                () -> assertNull(echo.text("errorMessage")));

        RecordedEvent progressRow = callRow(rows, posted, "progress");
        assertSseResult(progressRow, "OK");
        assertAll("progress " + progressRow,
                () -> assertEquals(4L, progressRow.number("messagesOut"), "3 progress notifications + the result"),
                () -> assertTrue(progressRow.number("latencyMicros") >= 250_000,
                        "the exchange ends with the stream (3 x 100 ms), not when doFilter returns"));

        RecordedEvent failRow = callRow(rows, posted, "fail");
        assertSseResult(failRow, "TOOL_ERROR");
        assertAll("fail " + failRow,
                () -> assertNull(failRow.number("errorCode")),
                () -> assertEquals(McpTestServers.FAIL_TEXT, failRow.text("errorMessage")));

        RecordedEvent boomRow = callRow(rows, posted, "boom");
        assertSseResult(boomRow, "ERROR");
        assertAll("boom " + boomRow,
                () -> assertEquals(Long.parseLong(JSON_RPC_INTERNAL_ERROR), boomRow.number("errorCode")),
                () -> assertEquals(McpTestServers.BOOM_MESSAGE, boomRow.text("errorMessage")));

        List<RecordedEvent> getRows = rows.stream().filter(r -> "GET".equals(r.httpMethod())).toList();
        assertEquals(gets, getRows.size(), () -> "GET streams:\n" + EventLog.dump(rows));
        for (RecordedEvent get : getRows) {
            assertAll("GET " + get,
                    () -> assertNull(get.mcpMethod()),
                    () -> assertEquals(200L, get.number("httpStatus")),
                    () -> assertTrue(get.flag("sse"), "the GET stream is an event stream"),
                    () -> assertTrue(Set.of("OK", "CANCELLED").contains(get.text("outcome")), "outcome"),
                    () -> assertEquals(0L, get.number("bytesIn")));
        }
        List<RecordedEvent> deleteRows = rows.stream().filter(r -> "DELETE".equals(r.httpMethod())).toList();
        assertEquals(1, deleteRows.size(), () -> "DELETE rows:\n" + EventLog.dump(rows));
        RecordedEvent delete = deleteRows.get(0);
        assertAll("DELETE " + delete,
                () -> assertNull(delete.mcpMethod()),
                () -> assertEquals(200L, delete.number("httpStatus")),
                () -> assertEquals("OK", delete.text("outcome")),
                () -> assertFalse(delete.flag("sse")));

        // SessionEnded
        List<RecordedEvent> ended = ofType(events, SESSION_ENDED, sessionId);
        assertEquals(1, ended.size(), () -> "one SessionEnded expected:\n" + EventLog.dump(events));
        RecordedEvent end = ended.get(0);
        assertAll("SessionEnded " + end,
                () -> assertEquals(ENDPOINT_NAME, end.text("endpoint")),
                () -> assertEquals("CLIENT_DELETE", end.text("reason")),
                () -> assertNotNull(end.text("started")),
                () -> assertNotNull(end.text("lastSeen")),
                () -> assertEquals(2L, end.number("errorCount"), "fail (tool_error) and boom (error)"),
                () -> assertTrue(end.number("requestCount") >= posted.size()
                        && end.number("requestCount") <= expectedRows,
                        "requestCount between the POSTs and all requests of the session"));

        // delivery: each event also in a batch, never on a request thread
        assertDeliveredOffTheRequestThreadInBatches(events.stream()
                .filter(e -> sessionId.equals(e.sessionId())).toList());
    }

    // ---------------------------------------------------------------------------------------------
    // SSE is not buffered
    // ---------------------------------------------------------------------------------------------

    @Test
    void progressReachesClientWhileToolRuns() {
        int steps = 5;
        List<Long> progressArrivals = Collections.synchronizedList(new ArrayList<>());
        List<McpSchema.ProgressNotification> notifications = Collections.synchronizedList(new ArrayList<>());
        long resultArrival;
        String sessionId;
        try (JavaSdkSession session = JavaSdkSession.create(deploymentUrl, McpTestServers.MCP_PATH,
                "mcpgate-progress-it", "1.0.0", n -> {
                    progressArrivals.add(System.nanoTime());
                    notifications.add(n);
                })) {
            session.client().initialize();
            CallToolResult result = session.client().callTool(CallToolRequest.builder("progress")
                    .arguments(Map.of("steps", steps, "intervalMillis", 100))
                    .progressToken("timing")
                    .build());
            resultArrival = System.nanoTime();
            assertEquals(McpTestServers.PROGRESS_RESULT, text(result));
            sessionId = session.sessionId();
        }
        assertFalse(progressArrivals.isEmpty(), "no progress notification reached the client");
        long leadMillis = TimeUnit.NANOSECONDS.toMillis(resultArrival - progressArrivals.get(0));
        assertTrue(leadMillis >= 150, "the first progress notification arrived only " + leadMillis
                + " ms before the result: the SSE stream was held back on its way to the client");
        assertEquals(steps, notifications.size(), "progress notifications: " + notifications);
        for (int i = 0; i < steps; i++) {
            McpSchema.ProgressNotification n = notifications.get(i);
            assertEquals("timing", n.progressToken());
            assertEquals(i + 1, n.progress().intValue());
        }

        List<RecordedEvent> events = eventLog.awaitUntil("the progress call of " + sessionId,
                all -> all.stream().anyMatch(e -> e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId())
                        && "progress".equals(e.text("target"))));
        RecordedEvent row = events.stream().filter(e -> e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId())
                && "progress".equals(e.text("target"))).findFirst().orElseThrow();
        assertAll("progress " + row,
                () -> assertEquals("OK", row.text("outcome")),
                () -> assertTrue(row.flag("sse")),
                () -> assertEquals((long) steps + 1, row.number("messagesOut"), "notifications + result"),
                () -> assertTrue(row.number("latencyMicros") >= (steps - 1) * 100_000L, "latency covers the stream"));
    }

    // ---------------------------------------------------------------------------------------------
    // Concurrency
    // ---------------------------------------------------------------------------------------------

    @Test
    void concurrentSessionsAreIsolated() throws Exception {
        int clients = 20;
        int callsPerClient = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Map<String, String> clientBySession = new HashMap<>();
        Map<String, Set<String>> callIdsBySession = new HashMap<>();
        try {
            List<Future<JavaSdkSession>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String name = String.format("mcpgate-it-c%02d", c);
                futures.add(pool.submit(() -> runEchoSession(name, callsPerClient)));
            }
            for (Future<JavaSdkSession> future : futures) {
                JavaSdkSession session = future.get(120, TimeUnit.SECONDS);
                String sessionId = session.sessionId();
                String name = session.client().getClientInfo().name();
                assertNull(clientBySession.put(sessionId, name), "two clients got session " + sessionId);
                callIdsBySession.put(sessionId, session.posted().stream()
                        .filter(s -> "tools/call".equals(s.method()))
                        .map(Sent::jsonRpcId).collect(Collectors.toSet()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(clients, clientBySession.size());
        Set<String> sessionIds = clientBySession.keySet();

        Predicate<RecordedEvent> isCall = e -> e.is(REQUEST_COMPLETED) && "tools/call".equals(e.mcpMethod());
        List<RecordedEvent> events = eventLog.awaitUntil(clients * callsPerClient + " tools/call events and "
                        + clients + " session ends",
                all -> all.stream().filter(isCall).count() >= (long) clients * callsPerClient
                        && all.stream().filter(e -> e.is(SESSION_ENDED) && sessionIds.contains(e.sessionId()))
                                .count() >= clients);

        List<RecordedEvent> calls = events.stream().filter(isCall).toList();
        assertEquals(clients * callsPerClient, calls.size(), "tools/call events");
        Map<String, List<RecordedEvent>> callsBySession = calls.stream()
                .collect(Collectors.groupingBy(e -> String.valueOf(e.sessionId())));
        assertEquals(sessionIds, callsBySession.keySet(), "sessions of the tools/call events");
        for (String sessionId : sessionIds) {
            List<RecordedEvent> own = callsBySession.get(sessionId);
            String name = clientBySession.get(sessionId);
            assertEquals(callsPerClient, own.size(), "tools/call events of " + name);
            assertEquals(callIdsBySession.get(sessionId),
                    own.stream().map(RecordedEvent::jsonRpcId).collect(Collectors.toSet()),
                    "the JSON-RPC ids of " + name + "'s calls, exactly");
            assertTrue(own.stream().allMatch(e -> "echo".equals(e.text("target")) && "OK".equals(e.text("outcome"))),
                    () -> name + ": every call is an ok echo");
        }
        // no event of a session carries another client's identity
        for (RecordedEvent e : events) {
            if (e.sessionId() != null && sessionIds.contains(e.sessionId()) && e.clientName() != null) {
                assertEquals(clientBySession.get(e.sessionId()), e.clientName(), "client of " + e);
            }
        }
        List<RecordedEvent> starts = events.stream()
                .filter(e -> e.is(SESSION_STARTED) && sessionIds.contains(e.sessionId())).toList();
        assertEquals(clients, starts.size(), "SessionStarted events");
        assertEquals(sessionIds, starts.stream().map(RecordedEvent::sessionId).collect(Collectors.toSet()));
        List<RecordedEvent> ends = events.stream()
                .filter(e -> e.is(SESSION_ENDED) && sessionIds.contains(e.sessionId())).toList();
        assertEquals(clients, ends.size(), "SessionEnded events");
        assertTrue(ends.stream().allMatch(e -> "CLIENT_DELETE".equals(e.text("reason"))), "all ended by DELETE");
    }

    private JavaSdkSession runEchoSession(String name, int calls) {
        try (JavaSdkSession session = JavaSdkSession.create(deploymentUrl, McpTestServers.MCP_PATH, name, "1.0.0",
                null)) {
            session.client().initialize();
            for (int i = 0; i < calls; i++) {
                String text = name + "-m" + i;
                String echoed = text(session.client().callTool(
                        CallToolRequest.builder("echo").arguments(Map.of("text", text)).build()));
                assertEquals(text, echoed, "echo through the filter");
            }
            return session;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Modern era
    // ---------------------------------------------------------------------------------------------

    @Test
    void modernEraRequestPassesUntouched() {
        String id = "modern-" + UUID.randomUUID();
        byte[] body = modernCall(id, "modern-client", "2.0", "echo",
                Json.createObjectBuilder().add("text", "h\u00e9llo modern \u2713")).getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(McpTestServers.MODERN_PATH))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", MODERN_VERSION)
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "echo")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

        byte[] expected = ModernEraServlet.responseFor(Json.createValue(id), "tools/call", "echo")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(200, response.statusCode());
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(response.body(), StandardCharsets.UTF_8));
        assertTrue(Arrays.equals(expected, response.body()), "byte-identical body");
        assertEquals(ModernEraServlet.CONTENT_TYPE.replace(" ", "").toLowerCase(),
                response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase());
        assertTrue(response.headers().firstValue("Mcp-Session-Id").isEmpty(),
                "a modern-era answer carries no session id: " + response.headers().map());

        List<RecordedEvent> events = eventLog.awaitUntil("the modern-era request " + id,
                all -> all.stream().anyMatch(e -> e.is(REQUEST_COMPLETED) && id.equals(e.jsonRpcId())));
        List<RecordedEvent> rows = events.stream().filter(e -> e.is(REQUEST_COMPLETED) && id.equals(e.jsonRpcId()))
                .toList();
        assertEquals(1, rows.size(), () -> EventLog.dump(events));
        RecordedEvent row = rows.get(0);
        assertAll("modern " + row,
                () -> assertEquals(ENDPOINT_NAME, row.text("endpoint")),
                () -> assertEquals("MODERN", row.text("era")),
                () -> assertNull(row.sessionId(), "no session in the modern era"),
                () -> assertEquals(MODERN_VERSION, row.text("protocolVersion")),
                () -> assertEquals("POST", row.httpMethod()),
                () -> assertEquals(200L, row.number("httpStatus")),
                () -> assertEquals("tools/call", row.mcpMethod()),
                () -> assertEquals("echo", row.text("target")),
                () -> assertEquals("OK", row.text("outcome")),
                () -> assertEquals("modern-client", row.clientName()),
                () -> assertEquals("2.0", row.clientVersion()),
                () -> assertFalse(row.flag("sse")),
                () -> assertEquals((long) body.length, row.number("bytesIn")),
                () -> assertEquals((long) expected.length, row.number("bytesOut")),
                () -> assertEquals(1L, row.number("messagesOut")),
                () -> assertTrue(row.number("latencyMicros") > 0));
        assertTrue(events.stream().noneMatch(e -> e.is(SESSION_STARTED)), "a modern request starts no session");
        assertDeliveredOffTheRequestThreadInBatches(rows);
    }

    // ---------------------------------------------------------------------------------------------
    // Fail open
    // ---------------------------------------------------------------------------------------------

    @Test
    void unparsableBodyPassesThrough() {
        byte[] garbage = "{\"jsonrpc\": \"2.0\", \"method\": tools/call ??? \u00ff not json".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> filtered = postRaw(McpTestServers.MCP_PATH, garbage);
        HttpResponse<byte[]> bare = postRaw(McpTestServers.BARE_MCP_PATH, garbage);

        assertEquals(400, bare.statusCode(), "the SDK's own answer to a malformed body");
        assertEquals(bare.statusCode(), filtered.statusCode(), "status through the filter");
        assertEquals(bare.headers().firstValue("Content-Type"), filtered.headers().firstValue("Content-Type"));
        assertTrue(filtered.headers().firstValue("Mcp-Session-Id").isEmpty());
        // the SDK answers with a serialized exception; its stack trace differs by the filter's own
        // frames, everything else must be the same
        assertEquals(withoutStackTraces(EventLog.parse(new String(bare.body(), StandardCharsets.UTF_8))),
                withoutStackTraces(EventLog.parse(new String(filtered.body(), StandardCharsets.UTF_8))),
                "the SDK's error body reaches the client unchanged");

        String marker = sendMarker();
        List<RecordedEvent> events = eventLog.awaitUntil("the malformed request and the marker after it",
                all -> markerArrived(all, marker));
        List<RecordedEvent> rows = events.stream()
                .filter(e -> e.is(REQUEST_COMPLETED) && !marker.equals(e.jsonRpcId())).toList();
        assertEquals(1, rows.size(), () -> "exactly the filtered malformed request is recorded:\n" + EventLog.dump(events));
        RecordedEvent row = rows.get(0);
        assertAll("malformed " + row,
                () -> assertEquals("POST", row.httpMethod()),
                () -> assertEquals(400L, row.number("httpStatus")),
                () -> assertEquals("UNVERIFIED", row.text("outcome"), "the filter could not read it to its end"),
                () -> assertNull(row.mcpMethod()),
                () -> assertNull(row.sessionId()),
                () -> assertEquals((long) garbage.length, row.number("bytesIn")),
                () -> assertEquals((long) filtered.body().length, row.number("bytesOut")));
    }

    // ---------------------------------------------------------------------------------------------
    // Session end
    // ---------------------------------------------------------------------------------------------

    /**
     * Issue 10, item 6: the filter is mapped at {@code /mcp/*}; a 404 for another path under it
     * ({@code /mcp/other}, no servlet there) that names a live session does not end that session:
     * it goes on, and its end is the client's DELETE.
     */
    @Test
    void a404FromAnotherPathDoesNotEndALiveSession() {
        JavaSdkSession session = JavaSdkSession.create(deploymentUrl, McpTestServers.MCP_PATH, "mcpgate-404-it",
                "1.0.0", null);
        String sessionId;
        try (session) {
            session.client().initialize();
            sessionId = session.sessionId();
            for (String method : List.of("GET", "POST")) {
                HttpResponse<byte[]> notFound = send(HttpRequest.newBuilder(uri(McpTestServers.MCP_PATH + "/other"))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .header("Mcp-Session-Id", sessionId)
                        .method(method, "POST".equals(method)
                                ? HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
                                : HttpRequest.BodyPublishers.noBody())
                        .build());
                // WildFly's default servlet answers a POST to a path it does not know with 405, not 404
                int expected = "POST".equals(method) && notFound.statusCode() == 405 ? 405 : 404;
                assertEquals(expected, notFound.statusCode(), method + " /mcp/other");
            }
            String marker = sendMarker();
            List<RecordedEvent> events = eventLog.awaitUntil("the 404s and the marker after them",
                    all -> markerArrived(all, marker));
            assertEquals(2, events.stream().filter(e -> e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId())
                    && List.of(404L, 405L).contains(e.number("httpStatus"))).count(), () -> EventLog.dump(events));
            assertTrue(events.stream().anyMatch(e -> e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId())
                    && Long.valueOf(404).equals(e.number("httpStatus"))), () -> "no 404 of another path:\n"
                    + EventLog.dump(events));
            assertEquals(0, count(events, SESSION_ENDED, sessionId), () -> "the session was ended by a 404 of "
                    + "another path:\n" + EventLog.dump(events));
            assertEquals("echo on", text(session.client().callTool(
                    CallToolRequest.builder("echo").arguments(Map.of("text", "echo on")).build())));
        }
        List<RecordedEvent> events = eventLog.awaitUntil("the end of session " + sessionId,
                all -> count(all, SESSION_ENDED, sessionId) >= 1);
        List<RecordedEvent> ended = ofType(events, SESSION_ENDED, sessionId);
        assertEquals(1, ended.size(), () -> EventLog.dump(events));
        assertEquals("CLIENT_DELETE", ended.get(0).text("reason"));
    }

    // ---------------------------------------------------------------------------------------------
    // Mapping
    // ---------------------------------------------------------------------------------------------

    @Test
    void bareServletIsNotObserved() {
        try (JavaSdkSession session = JavaSdkSession.create(deploymentUrl, McpTestServers.BARE_MCP_PATH,
                "mcpgate-bare-it", "1.0.0", null)) {
            assertEquals(McpTestServers.BARE_SERVER_NAME, session.client().initialize().serverInfo().name());
            assertEquals("bare", text(session.client().callTool(
                    CallToolRequest.builder("echo").arguments(Map.of("text", "bare")).build())));
        }
        String marker = sendMarker();
        List<RecordedEvent> events = eventLog.awaitUntil("the marker sent after the bare session",
                all -> markerArrived(all, marker));
        List<RecordedEvent> others = events.stream().filter(e -> !marker.equals(e.jsonRpcId())).toList();
        assertTrue(others.isEmpty(), () -> "a session on " + McpTestServers.BARE_MCP_PATH
                + " (outside the filter mapping) was observed:\n" + EventLog.dump(others));
    }

    // ---------------------------------------------------------------------------------------------
    // helpers
    // ---------------------------------------------------------------------------------------------

    /** Sends a modern-era request through the filter whose event marks a point in the event order. */
    protected String sendMarker() {
        String id = "marker-" + UUID.randomUUID();
        byte[] body = modernCall(id, "mcpgate-marker", "1", "echo", Json.createObjectBuilder().add("text", "marker"))
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(uri(McpTestServers.MODERN_PATH))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", MODERN_VERSION)
                .header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "echo")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        assertEquals(200, response.statusCode(), "marker request");
        return id;
    }

    protected static boolean markerArrived(List<RecordedEvent> events, String marker) {
        return events.stream().anyMatch(e -> e.is(REQUEST_COMPLETED) && marker.equals(e.jsonRpcId()) && e.flag("inBatch"));
    }

    protected static String modernCall(String id, String clientName, String clientVersion, String tool,
            JsonObjectBuilder arguments) {
        JsonObject meta = Json.createObjectBuilder()
                .add("io.modelcontextprotocol/clientInfo",
                        Json.createObjectBuilder().add("name", clientName).add("version", clientVersion))
                .add("io.modelcontextprotocol/protocolVersion", MODERN_VERSION)
                .build();
        return Json.createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("id", id)
                .add("method", "tools/call")
                .add("params", Json.createObjectBuilder()
                        .add("name", tool)
                        .add("arguments", arguments)
                        .add("_meta", meta))
                .build()
                .toString();
    }

    protected HttpResponse<byte[]> postRaw(String path, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-06-18")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    protected URI uri(String path) {
        return URI.create(deploymentUrl.toString().replaceAll("/$", "") + path);
    }

    protected HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String text(CallToolResult result) {
        assertNotNull(result.content(), "result content");
        assertEquals(1, result.content().size(), () -> "one content item expected: " + result);
        if (result.content().get(0) instanceof TextContent text) {
            return text.text();
        }
        return fail("text content expected: " + result);
    }

    protected static long count(List<RecordedEvent> events, String type, String sessionId) {
        return ofType(events, type, sessionId).size();
    }

    protected static List<RecordedEvent> ofType(List<RecordedEvent> events, String type, String sessionId) {
        return events.stream().filter(e -> e.is(type) && sessionId.equals(e.sessionId())).toList();
    }

    private static RecordedEvent theRow(List<RecordedEvent> rows, String httpMethod, String mcpMethod,
            String jsonRpcId) {
        List<RecordedEvent> matching = rows.stream()
                .filter(r -> httpMethod.equals(r.httpMethod()))
                .filter(r -> Objects.equals(mcpMethod, r.mcpMethod()))
                .filter(r -> Objects.equals(jsonRpcId, r.jsonRpcId()))
                .toList();
        assertEquals(1, matching.size(), () -> "one " + httpMethod + " " + mcpMethod + " id=" + jsonRpcId
                + " expected among:\n" + EventLog.dump(rows));
        return matching.get(0);
    }

    private static RecordedEvent callRow(List<RecordedEvent> rows, List<Sent> posted, String tool) {
        Sent sent = posted.stream().filter(s -> "tools/call".equals(s.method()) && tool.equals(s.target()))
                .findFirst().orElseThrow(() -> new AssertionError("the client did not call " + tool));
        RecordedEvent row = theRow(rows, "POST", "tools/call", sent.jsonRpcId());
        assertEquals(tool, row.text("target"), "target of " + row);
        return row;
    }

    private static void assertSseResult(RecordedEvent row, String outcome) {
        assertAll(row.mcpMethod() + " " + row,
                () -> assertEquals(200L, row.number("httpStatus")),
                () -> assertEquals(outcome, row.text("outcome")),
                () -> assertTrue(row.flag("sse"), "answered through an event stream"),
                () -> assertTrue(row.number("bytesIn") > 0, "bytesIn > 0"),
                () -> assertTrue(row.number("bytesOut") > 0, "bytesOut > 0"),
                () -> assertTrue(row.number("latencyMicros") > 0, "latencyMicros > 0"));
    }

    /** Each event also came in a batch, and no observer ran on a request thread. */
    protected static void assertDeliveredOffTheRequestThreadInBatches(List<RecordedEvent> events) {
        for (RecordedEvent e : events) {
            assertTrue(e.flag("inBatch"), () -> "event never delivered in an EventBatch: " + e);
            String thread = e.text("observedOn");
            assertFalse(thread == null || thread.startsWith("http-") || thread.contains("-exec-"),
                    () -> "observer ran on a request thread (" + thread + "): " + e);
        }
    }

    private static JsonValue withoutStackTraces(JsonValue value) {
        if (value instanceof JsonObject object) {
            JsonObjectBuilder copy = Json.createObjectBuilder();
            object.forEach((key, v) -> {
                if (!key.equals("stackTrace")) {
                    copy.add(key, withoutStackTraces(v));
                }
            });
            return copy.build();
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder copy = Json.createArrayBuilder();
            array.forEach(v -> copy.add(withoutStackTraces(v)));
            return copy.build();
        }
        return value;
    }
}

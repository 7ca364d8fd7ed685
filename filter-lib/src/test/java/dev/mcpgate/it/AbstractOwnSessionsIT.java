package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static dev.mcpgate.it.RecordedEvent.SESSION_ENDED;
import static dev.mcpgate.it.RecordedEvent.SESSION_STARTED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.deployment.OwnModeServers;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code own} mode in a real server: the MCP Java SDK 2.1.0 stateless servlet (it keeps no session)
 * behind filter instances that mint and keep the sessions ({@link OwnModeServers}), driven by the
 * MCP Java SDK client and by plain HTTP requests for the answers a well-behaved client never
 * provokes. Every exchange, refused or not, must be a row.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractOwnSessionsIT {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"own-raw\",\"version\":\"1.0\"}}}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":\"list-1\",\"method\":\"tools/list\"}";
    private static final String MINTED_ID = "[A-Za-z0-9_-]{32}";

    @ArquillianResource
    protected URL deploymentUrl;

    private HttpClient http;
    private EventLog eventLog;

    @BeforeEach
    void clearEvents() {
        http = EventLog.client();
        eventLog = new EventLog(http, deploymentUrl);
        eventLog.clear();
    }

    @Test
    void javaClientGetsAMintedSessionUsesItAndDeletesIt() {
        JavaSdkSession session = JavaSdkSession.create(deploymentUrl, OwnModeServers.OWN_PATH, "own-java-it", "1.0.0",
                null);
        try (session) {
            McpSchema.InitializeResult init = session.client().initialize();
            assertEquals(OwnModeServers.SERVER_NAME, init.serverInfo().name());
            assertEquals(Set.of("echo"), session.client().listTools().tools().stream().map(McpSchema.Tool::name)
                    .collect(Collectors.toSet()));
            assertEquals("hello, own", echo(session, "hello, own"));
        }
        String sessionId = session.sessionId();
        assertTrue(sessionId.matches(MINTED_ID), "a minted id of 192 random bits, base64url: " + sessionId);

        List<RecordedEvent> events = eventLog.awaitUntil("the Java client's session to end", all -> all.stream()
                .anyMatch(e -> e.is(SESSION_ENDED) && sessionId.equals(e.sessionId())));
        List<RecordedEvent> own = of(events, OwnModeServers.OWN_ENDPOINT);
        RecordedEvent started = single(own, e -> e.is(SESSION_STARTED));
        RecordedEvent ended = single(own, e -> e.is(SESSION_ENDED));
        RecordedEvent delete = single(own, e -> e.is(REQUEST_COMPLETED) && "DELETE".equals(e.httpMethod()));
        List<RecordedEvent> posts = own.stream()
                .filter(e -> e.is(REQUEST_COMPLETED) && "POST".equals(e.httpMethod())).toList();
        assertAll("the filter's book of the session it minted",
                () -> assertEquals(sessionId, started.sessionId()),
                () -> assertEquals("own-java-it", started.clientName()),
                () -> assertEquals("CLIENT_DELETE", ended.text("reason")),
                () -> assertEquals(204, ended == null ? 0 : delete.number("httpStatus").intValue()),
                () -> assertEquals("OK", delete.text("outcome")),
                () -> assertTrue(posts.size() >= 4, () -> "initialize, initialized, list, call:\n" + EventLog.dump(own)),
                () -> assertTrue(posts.stream().allMatch(e -> sessionId.equals(e.sessionId())
                        && "OK".equals(e.text("outcome"))), () -> EventLog.dump(own)));

        // the session is gone: the server never saw the DELETE, the filter answers for it
        HttpResponse<String> after = post(OwnModeServers.OWN_PATH, TOOLS_LIST, sessionId);
        assertSessionUnknown(after);
    }

    @Test
    void requestsOutsideTheSessionRulesGetTheTransportsAnswersAndRows() {
        HttpResponse<String> noSession = post(OwnModeServers.OWN_PATH, TOOLS_LIST, null);
        HttpResponse<String> unknown = post(OwnModeServers.OWN_PATH, TOOLS_LIST, "never-minted");
        HttpResponse<String> get = send(request(OwnModeServers.OWN_PATH, "never-minted")
                .header("Accept", "text/event-stream").GET().build());
        HttpResponse<String> deleteUnknown = send(request(OwnModeServers.OWN_PATH, "never-minted").DELETE().build());

        HttpResponse<String> init = post(OwnModeServers.OWN_PATH, INITIALIZE, null);
        String minted = init.headers().firstValue("Mcp-Session-Id").orElse("");
        HttpResponse<String> list = post(OwnModeServers.OWN_PATH, TOOLS_LIST, minted);
        HttpResponse<String> delete = send(request(OwnModeServers.OWN_PATH, minted).DELETE().build());
        HttpResponse<String> deleteAgain = send(request(OwnModeServers.OWN_PATH, minted).DELETE().build());

        assertAll("answers",
                () -> assertEquals(400, noSession.statusCode(), noSession::body),
                () -> assertJsonRpcError(noSession, "list-1", -32000, "Mcp-Session-Id header is required"),
                () -> assertSessionUnknown(unknown),
                () -> assertEquals(405, get.statusCode(), get::body),
                () -> assertEquals("POST, DELETE", get.headers().firstValue("Allow").orElse(null)),
                () -> assertJsonRpcError(get, null, -32600, "no server-to-client stream"),
                () -> assertSessionUnknown(deleteUnknown),
                () -> assertEquals(200, init.statusCode(), init::body),
                () -> assertTrue(minted.matches(MINTED_ID), minted),
                () -> assertEquals(200, list.statusCode(), list::body),
                () -> assertTrue(list.body().contains("\"echo\""), list::body),
                () -> assertEquals(204, delete.statusCode(), delete::body),
                () -> assertEquals("", delete.body()),
                () -> assertSessionUnknown(deleteAgain));

        List<RecordedEvent> own = of(eventLog.awaitUntil("a row for each of the 8 exchanges", all ->
                of(all, OwnModeServers.OWN_ENDPOINT).stream().filter(e -> e.is(REQUEST_COMPLETED)).count() >= 8
                        && all.stream().anyMatch(e -> e.is(SESSION_ENDED))), OwnModeServers.OWN_ENDPOINT);
        List<String> rows = own.stream().filter(e -> e.is(REQUEST_COMPLETED))
                .map(e -> e.httpMethod() + " " + e.number("httpStatus") + " " + e.text("outcome") + " " + e.text("violation"))
                .toList();
        assertEquals(List.of(
                "POST 400 REJECTED SESSION_REQUIRED",
                "POST 404 REJECTED SESSION_UNKNOWN",
                "GET 405 REJECTED METHOD_NOT_ALLOWED",
                "DELETE 404 REJECTED SESSION_UNKNOWN",
                "POST 200 OK null",
                "POST 200 OK null",
                "DELETE 204 OK null",
                "DELETE 404 REJECTED SESSION_UNKNOWN"), rows);
        RecordedEvent started = single(own, e -> e.is(SESSION_STARTED));
        assertEquals(minted, started.sessionId());
        assertEquals("own-raw", started.clientName());
        assertEquals("CLIENT_DELETE", single(own, e -> e.is(SESSION_ENDED)).text("reason"));
    }

    @Test
    void modernEraRequestsPassWithoutASession() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
        HttpResponse<String> modern = send(request(OwnModeServers.OWN_PATH, null)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/list")
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertTrue(modern.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session on a modern request");
        assertFalse(modern.body().contains("Mcp-Session-Id header is required"), modern::body);
        RecordedEvent row = single(of(eventLog.awaitUntil("the modern request's row", all ->
                of(all, OwnModeServers.OWN_ENDPOINT).stream().anyMatch(e -> e.is(REQUEST_COMPLETED))),
                OwnModeServers.OWN_ENDPOINT), e -> e.is(REQUEST_COMPLETED));
        assertAll(() -> assertEquals("MODERN", row.text("era")),
                () -> assertNotEquals("REJECTED", row.text("outcome")),
                () -> assertNull(row.text("violation")),
                () -> assertNull(row.sessionId()));
    }

    @Test
    void expiredSessionIsUnknownAndTheJavaClientInitializesAgainByItself() {
        JavaSdkSession session = JavaSdkSession.create(deploymentUrl, OwnModeServers.EXPIRING_PATH, "own-expiry-it",
                "1.0.0", null);
        try (session) {
            session.client().initialize();
            assertEquals("before", echo(session, "before"));
            String first = session.sessionId();
            eventLog.awaitUntil("the idle session to expire", all -> all.stream().anyMatch(e ->
                    e.is(SESSION_ENDED) && first.equals(e.sessionId()) && "IDLE_TIMEOUT".equals(e.text("reason"))));

            String afterExpiry = echoOnceReinitialized(session, "after");
            assertEquals("after", afterExpiry);
            Set<String> ids = session.sessionIdsSent();
            assertEquals(2, ids.size(), () -> "the expired session and the new one: " + ids);
            String second = ids.stream().filter(id -> !id.equals(first)).findFirst().orElseThrow();
            List<RecordedEvent> events = of(eventLog.awaitUntil("the new session and the 404", all -> all.stream()
                    .anyMatch(e -> e.is(SESSION_STARTED) && second.equals(e.sessionId()))),
                    OwnModeServers.EXPIRING_ENDPOINT);
            assertTrue(events.stream().anyMatch(e -> e.is(REQUEST_COMPLETED) && first.equals(e.sessionId())
                    && Long.valueOf(404).equals(e.number("httpStatus")) && "SESSION_UNKNOWN".equals(e.text("violation"))),
                    () -> "the expired session's request was refused 404:\n" + EventLog.dump(events));
        }
    }

    /**
     * Expiry is checked on every use, not only by the sweep (hourly at this endpoint): the first
     * request after the absolute timeout gets the 404, and the session's end says why. Requests before
     * it never renew an absolute timeout, so the test can poll.
     */
    @Test
    void aSessionPastItsAbsoluteTimeoutEndsAtItsNextUseWithoutWaitingForTheSweep() {
        HttpResponse<String> init = post(OwnModeServers.LAZY_PATH, INITIALIZE, null);
        String minted = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        List<Integer> statuses = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last;
        do {
            last = post(OwnModeServers.LAZY_PATH, TOOLS_LIST, minted);
            statuses.add(last.statusCode());
            if (last.statusCode() == 200) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // pace the polling
            }
        } while (last.statusCode() == 200 && System.nanoTime() < deadline);
        assertEquals(200, statuses.get(0), "the session works before its timeout: " + statuses);
        assertSessionUnknown(last);
        List<RecordedEvent> events = of(eventLog.awaitUntil("the session's end", all -> all.stream()
                .anyMatch(e -> e.is(SESSION_ENDED) && minted.equals(e.sessionId()))), OwnModeServers.LAZY_ENDPOINT);
        assertEquals("ABSOLUTE_TIMEOUT", single(events, e -> e.is(SESSION_ENDED) && minted.equals(e.sessionId()))
                .text("reason"));
    }

    @Test
    void sessionLimitAnswers503WithRetryAfterUntilASessionEnds() {
        HttpResponse<String> first = post(OwnModeServers.FULL_PATH, INITIALIZE, null);
        HttpResponse<String> refused = post(OwnModeServers.FULL_PATH, INITIALIZE, null);
        String id = first.headers().firstValue("Mcp-Session-Id").orElse("");
        HttpResponse<String> delete = send(request(OwnModeServers.FULL_PATH, id).DELETE().build());
        HttpResponse<String> again = post(OwnModeServers.FULL_PATH, INITIALIZE, null);
        String againId = again.headers().firstValue("Mcp-Session-Id").orElse("");
        send(request(OwnModeServers.FULL_PATH, againId).DELETE().build());
        assertAll(
                () -> assertEquals(200, first.statusCode(), first::body),
                () -> assertTrue(id.matches(MINTED_ID), id),
                () -> assertEquals(503, refused.statusCode(), refused::body),
                () -> assertEquals(String.valueOf(OwnModeServers.FULL_RETRY_AFTER_SECONDS),
                        refused.headers().firstValue("Retry-After").orElse(null)),
                () -> assertTrue(refused.headers().firstValue("Mcp-Session-Id").isEmpty()),
                () -> assertJsonRpcError(refused, "1", -32000, "too many sessions"),
                () -> assertEquals(204, delete.statusCode()),
                () -> assertEquals(200, again.statusCode(), again::body),
                () -> assertTrue(againId.matches(MINTED_ID) && !againId.equals(id), againId));
        List<RecordedEvent> rows = of(eventLog.awaitUntil("the refusal's row", all -> all.stream()
                .anyMatch(e -> e.is(REQUEST_COMPLETED) && "SESSION_LIMIT".equals(e.text("violation")))),
                OwnModeServers.FULL_ENDPOINT);
        RecordedEvent row = single(rows, e -> "SESSION_LIMIT".equals(e.text("violation")));
        assertEquals("REJECTED", row.text("outcome"));
        assertEquals(503L, row.number("httpStatus"));
        assertEquals("initialize", row.mcpMethod());
    }

    /**
     * One echo after the session expired. The MCP Java SDK client answers the 404 of its session
     * by starting a new one itself (PEERS.md): with SDK 2.1.0 the call that met the 404 fails ("MCP
     * session with server terminated") while the client initializes again in the background, and
     * the next call runs in the new session. The test never calls {@code initialize()} again.
     */
    private static String echoOnceReinitialized(JavaSdkSession session, String text) {
        try {
            return echo(session, text);
        } catch (RuntimeException firstCallMetThe404) {
            return echo(session, text);
        }
    }

    private static String echo(JavaSdkSession session, String text) {
        McpSchema.CallToolResult result = session.client().callTool(CallToolRequest.builder("echo")
                .arguments(Map.of("text", text)).build());
        return ((TextContent) result.content().get(0)).text();
    }

    private static void assertSessionUnknown(HttpResponse<String> response) {
        assertEquals(404, response.statusCode(), response::body);
        JsonObject error = EventLog.parse(response.body()).asJsonObject().getJsonObject("error");
        assertEquals(-32001, error.getInt("code"), response::body);
        assertTrue(error.getString("message").contains("initialize"), response::body);
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    }

    private static void assertJsonRpcError(HttpResponse<String> response, String id, int code, String text) {
        JsonObject body = EventLog.parse(response.body()).asJsonObject();
        assertEquals("2.0", body.getString("jsonrpc"), response::body);
        if (id == null) {
            assertTrue(body.isNull("id"), response::body);
        } else {
            assertEquals(id, body.get("id").toString().replace("\"", ""), response::body);
        }
        assertEquals(code, body.getJsonObject("error").getInt("code"), response::body);
        assertTrue(body.getJsonObject("error").getString("message").contains(text), response::body);
        assertFalse(response.body().contains("stackTrace") || response.body().contains("<html"), response::body);
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String endpoint) {
        return events.stream().filter(e -> endpoint.equals(e.text("endpoint"))).toList();
    }

    private static RecordedEvent single(List<RecordedEvent> events, Predicate<RecordedEvent> which) {
        List<RecordedEvent> found = events.stream().filter(which).toList();
        assertEquals(1, found.size(), () -> "expected exactly one such event in:\n" + EventLog.dump(events));
        return found.get(0);
    }

    private HttpRequest.Builder request(String path, String sessionId) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(
                deploymentUrl.toString().replaceAll("/$", "") + path)).timeout(Duration.ofSeconds(30));
        if (sessionId != null) {
            builder.header("Mcp-Session-Id", sessionId);
        }
        return builder;
    }

    private HttpResponse<String> post(String path, String body, String sessionId) {
        return send(request(path, sessionId).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        return EventLog.send(http, request);
    }
}

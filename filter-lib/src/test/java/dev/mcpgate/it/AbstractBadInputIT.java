package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mcpgate.it.RawHttp.Answer;
import dev.mcpgate.it.deployment.EnforcedTestServers;
import dev.mcpgate.it.deployment.McpTestServers;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 11's bad-input table: the MCP Java SDK 2.1.0 streamable servlet behind a filter instance at
 * {@code guard=enforce} ({@link EnforcedTestServers}). Each class of bad input gets the status the
 * specification prescribes and a JSON-RPC error body — no stack trace, no HTML page —, the server
 * answers a fresh {@code initialize} afterwards, and a row (a {@code RequestCompleted} event of the
 * endpoint) records it.
 *
 * <p>Two tables: what the guard refuses itself (its rows say {@code REJECTED} and the violation),
 * and what the server behind answers with an error (malformed JSON, a batch, a missing session…),
 * whose error bodies become JSON-RPC only with error hygiene ({@code guard-error-body}).
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractBadInputIT {

    private static final String JSON = "Content-Type: application/json";
    private static final String ACCEPT = "Accept: application/json, text/event-stream";
    private static final String LEGACY = "MCP-Protocol-Version: 2025-06-18";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bad-input-it\","
            + "\"version\":\"1.0\"}%s}}";
    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @ArquillianResource
    protected URL deploymentUrl;

    private RawHttp raw;
    private EventLog eventLog;

    /** One class of bad input: how to send it, and what must come back. */
    private record Row(String name, Supplier<Answer> send, int status, Integer code, String violation) {
    }

    @BeforeEach
    void connect() {
        deploymentUrl = McpFilterDeployment.withContextPath(deploymentUrl);
        raw = new RawHttp(deploymentUrl);
        eventLog = new EventLog(EventLog.client(), deploymentUrl);
    }

    @Test
    void badInputTheGuardRefusesGetsTheSpecStatusAJsonRpcErrorAndARejectedRow() {
        byte[] large = initialize(",\"padding\":\"" + "x".repeat(70 * 1024) + "\"");
        String longId = "s".repeat(129);
        String modernCall = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
        String smuggled = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\",\"params\":{},"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"echo\"}}";
        runTable(List.of(
                new Row("evil Origin", () -> post(List.of(JSON, ACCEPT, "Origin: http://evil.example.com"),
                        initialize("")), 403, -32600, "ORIGIN"),
                new Row("evil Host", () -> post(List.of("Host: evil.example.com", JSON, ACCEPT), initialize("")),
                        403, -32600, "HOST"),
                new Row("DNS rebinding: Host and Origin agree on an evil name", () -> post(List.of(
                        "Host: evil.example.com", "Origin: http://evil.example.com", JSON, ACCEPT), initialize("")),
                        403, -32600, "HOST"),
                new Row("unknown MCP-Protocol-Version", () -> post(List.of(JSON, ACCEPT,
                        "MCP-Protocol-Version: 1999-01-01"), initialize("")), 400, -32022, "PROTOCOL_VERSION"),
                new Row("bogus MCP-Protocol-Version", () -> post(List.of(JSON, ACCEPT, "MCP-Protocol-Version: latest"),
                        bytes(TOOLS_LIST)), 400, -32022, "PROTOCOL_VERSION"),
                new Row("overlong session id", () -> post(List.of(JSON, ACCEPT, LEGACY, "Mcp-Session-Id: " + longId),
                        bytes(TOOLS_LIST)), 400, -32600, "SESSION_ID"),
                new Row("control character in the session id", () -> post(List.of(JSON, ACCEPT, LEGACY,
                        "Mcp-Session-Id: abc\tdef"), bytes(TOOLS_LIST)), 400, -32600, "SESSION_ID"),
                new Row("oversized body, Content-Length declared", () -> post(List.of(JSON, ACCEPT), large),
                        413, -32600, "BODY_TOO_LARGE"),
                new Row("oversized body, chunked", () -> raw.send("POST", EnforcedTestServers.PATH,
                        List.of(JSON, ACCEPT), large, true), 413, -32600, "BODY_TOO_LARGE"),
                new Row("2026-07-28 header/body mismatch", () -> post(List.of(JSON, ACCEPT,
                        "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/list"), bytes(modernCall)),
                        400, -32020, "HEADER_MISMATCH"),
                new Row("duplicate envelope member", () -> post(List.of(JSON, ACCEPT, LEGACY), bytes(smuggled)),
                        400, -32600, "AMBIGUOUS_MESSAGE"),
                new Row("repeated Mcp-Session-Id header", () -> post(List.of(JSON, ACCEPT, LEGACY,
                        "Mcp-Session-Id: first", "Mcp-Session-Id: second"), bytes(TOOLS_LIST)),
                        400, -32600, "SESSION_ID"),
                new Row("repeated Mcp-Method header", () -> post(List.of(JSON, ACCEPT,
                        "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call", "Mcp-Method: tools/list",
                        "Mcp-Name: echo"), bytes(modernCall)), 400, -32020, "HEADER_MISMATCH")));
    }

    /**
     * Bad input the guard lets through and the SDK servlet refuses: its status passes unchanged; its
     * body (a serialized Java exception, or Tomcat's HTML page) is a JSON-RPC error only with error
     * hygiene at {@code enforce}.
     */
    @Test
    void badInputTheServerRefusesGetsItsStatusWithAJsonRpcErrorBody() {
        runTable(List.of(
                new Row("malformed JSON", () -> post(List.of(JSON, ACCEPT, LEGACY), bytes("{\"jsonrpc\":\"2.0\",")),
                        400, null, null),
                new Row("batch array", () -> post(List.of(JSON, ACCEPT, LEGACY), bytes("[" + TOOLS_LIST + ","
                        + TOOLS_LIST + "]")), 400, null, null),
                new Row("not JSON-RPC", () -> post(List.of(JSON, ACCEPT, LEGACY), bytes("{\"hello\":\"world\"}")),
                        400, null, null),
                new Row("binary body", () -> post(List.of(JSON, ACCEPT, LEGACY), new byte[] {
                        (byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80, 0x7b}), 400, null, null),
                new Row("missing session id", () -> post(List.of(JSON, ACCEPT, LEGACY), bytes(TOOLS_LIST)),
                        400, null, null),
                new Row("unknown session id", () -> post(List.of(JSON, ACCEPT, LEGACY,
                        "Mcp-Session-Id: no-such-session"), bytes(TOOLS_LIST)), 404, null, null),
                new Row("wrong content type", () -> post(List.of("Content-Type: text/plain", ACCEPT, LEGACY),
                        initialize("")), 415, null, null),
                new Row("missing Accept", () -> post(List.of(JSON, LEGACY), initialize("")), 400, null, null),
                new Row("PUT", () -> raw.send("PUT", EnforcedTestServers.PATH, List.of(JSON, ACCEPT, LEGACY),
                        initialize(""), false), 405, null, null),
                new Row("session reused after DELETE", this::reuseAfterDelete, 404, null, null)));
    }

    /**
     * Principal binding: a session alice started, presented by mallory or anonymously, is answered
     * 404 like an unknown one (a JSON-RPC error, a rejected row naming the violation) and never
     * reaches the server; it is neither ended nor used up by it: alice goes on using it.
     */
    @Test
    void aSessionPresentedByAnotherPrincipalIsNotFoundAndStaysAliveForItsOwner() {
        String alice = "X-Test-User: alice";
        String session = initializeSession("alice", alice);
        awaitQuietAfter(session);
        for (String intruder : List.of("X-Test-User: mallory", "X-Test-Other: anonymous")) {
            Answer refused = post(List.of(intruder, JSON, ACCEPT, LEGACY, "Mcp-Session-Id: " + session),
                    bytes(TOOLS_LIST));
            String what = intruder + " -> " + refused.status() + " " + refused.body();
            assertEquals(404, refused.status(), what);
            assertJsonRpcError(what, refused, -32600);
            assertFalse(refused.body().contains(session), "the answer does not name the session: " + what);
            Answer unknown = post(List.of(intruder, JSON, ACCEPT, LEGACY, "Mcp-Session-Id: no-such-session-"
                    + Integer.toHexString(session.hashCode())), bytes(TOOLS_LIST));
            assertEquals(unknown.status() + " " + unknown.body(), refused.status() + " " + refused.body(),
                    "a refusal for another principal reads exactly like an unknown session");
        }
        Answer own = post(List.of(alice, JSON, ACCEPT, LEGACY, "Mcp-Session-Id: " + session), bytes(TOOLS_LIST));
        assertEquals(200, own.status(), "alice's session is still alive: " + own.body());
        assertTrue(own.body().contains("\"echo\""), own.body());
        List<RecordedEvent> events = eventLog.awaitUntil("two refusals and alice's tools/list", all -> all.stream()
                .filter(e -> e.is(REQUEST_COMPLETED) && session.equals(e.sessionId())).count() >= 3);
        List<RecordedEvent> refusals = events.stream().filter(e -> e.is(REQUEST_COMPLETED)
                && session.equals(e.sessionId()) && Long.valueOf(404).equals(e.number("httpStatus"))).toList();
        assertEquals(2, refusals.size(), EventLog.dump(events));
        refusals.forEach(r -> assertAll(r.toString(),
                () -> assertEquals("REJECTED", r.text("outcome")),
                () -> assertEquals("PRINCIPAL", r.text("violation"))));
        assertTrue(events.stream().noneMatch(e -> e.is(RecordedEvent.SESSION_ENDED)), "no session ended: "
                + EventLog.dump(events));
        List<RecordedEvent> alerts = eventLog.awaitUntil("a security event per refusal", all -> all.stream()
                        .filter(e -> e.is("SecurityEvent") && session.equals(e.sessionId())).count() >= 2)
                .stream().filter(e -> e.is("SecurityEvent") && session.equals(e.sessionId())).toList();
        assertEquals(2, alerts.size(), EventLog.dump(alerts));
        alerts.forEach(a -> assertAll(a.toString(),
                () -> assertEquals("PRINCIPAL", a.text("violation")),
                () -> assertTrue(a.flag("refused")),
                () -> assertEquals("alice", a.text("sessionPrincipal"))));
        assertEquals(java.util.Arrays.asList("mallory", null),
                alerts.stream().map(a -> a.text("requestPrincipal")).toList(), "who presented alice's session");
    }

    /**
     * The same bad input at the library's default level, {@code report} (the web fragment's filter
     * on {@value McpTestServers#MCP_PATH}): it reaches the server untouched, and its row names what
     * {@code enforce} would have refused.
     */
    @Test
    void atReportTheExchangePassesAndItsRowNamesTheViolation() {
        String marker = "report-" + System.nanoTime();
        Answer answer = raw.send("POST", McpTestServers.MCP_PATH, List.of(JSON, ACCEPT,
                "Origin: http://evil.example.com"), bytes(String.format(INITIALIZE, "").replace("bad-input-it", marker)),
                false);
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.body().contains("\"result\""), answer.body());
        RecordedEvent row = eventLog.awaitUntil("the reported row", events -> events.stream()
                        .anyMatch(e -> e.is(REQUEST_COMPLETED) && marker.equals(e.clientName())))
                .stream().filter(e -> e.is(REQUEST_COMPLETED) && marker.equals(e.clientName())).findFirst().orElseThrow();
        assertEquals("OK", row.text("outcome"), row.toString());
        assertEquals("ORIGIN", row.text("violation"), row.toString());
    }

    /** Waits for the rows of a session's initialize exchanges, then forgets them. */
    private void awaitQuietAfter(String session) {
        eventLog.awaitUntil("the session's start", events -> events.stream().filter(e -> e.is(REQUEST_COMPLETED)
                && session.equals(e.sessionId())).count() >= 2);
        eventLog.clear();
    }

    private void runTable(List<Row> rows) {
        List<Executable> checks = new ArrayList<>();
        for (Row row : rows) {
            checks.add(() -> check(row));
        }
        assertAll("bad input at " + EnforcedTestServers.PATH, checks);
    }

    private void check(Row row) {
        awaitQuiet();
        Answer answer = row.send().get();
        String what = row.name() + " -> " + answer.status() + " " + answer.header("content-type") + " " + answer.body();
        assertEquals(row.status(), answer.status(), what);
        assertJsonRpcError(what, answer, row.code());
        RecordedEvent recorded = eventLog.awaitUntil("the row of " + row.name(), events -> rowOf(events, row) != null)
                .stream().filter(e -> matches(e, row)).findFirst().orElseThrow();
        if (row.violation() != null) {
            assertEquals("REJECTED", recorded.text("outcome"), row.name() + ": " + recorded);
            assertEquals(row.violation(), recorded.text("violation"), row.name() + ": " + recorded);
        }
        assertAlive(row.name());
    }

    /** Lets the previous row's exchanges be recorded, then forgets them: each row's events are its own. */
    private void awaitQuiet() {
        String marker = initializeSession("marker");
        eventLog.awaitUntil("the marker initialize", events -> events.stream().anyMatch(e -> e.is(REQUEST_COMPLETED)
                && marker.equals(e.sessionId())));
        eventLog.clear();
    }

    /** After the bad input, the server still answers {@code initialize}. */
    private void assertAlive(String row) {
        Answer answer = post(List.of(JSON, ACCEPT), initialize(""));
        assertEquals(200, answer.status(), "after " + row + " the server must still answer: " + answer.body());
        assertNotNull(answer.header("mcp-session-id"), "after " + row);
    }

    private static RecordedEvent rowOf(List<RecordedEvent> events, Row row) {
        return events.stream().filter(e -> matches(e, row)).findFirst().orElse(null);
    }

    private static boolean matches(RecordedEvent event, Row row) {
        return event.is(REQUEST_COMPLETED) && EnforcedTestServers.ENDPOINT.equals(event.text("endpoint"))
                && Long.valueOf(row.status()).equals(event.number("httpStatus"));
    }

    static void assertJsonRpcError(String what, Answer answer, Integer code) {
        String body = answer.body();
        assertFalse(body.contains("stackTrace") || body.contains("Exception") || body.toLowerCase(Locale.ROOT)
                .contains("<html"), "no stack trace or HTML: " + what);
        String type = answer.header("content-type");
        assertTrue(type != null && type.startsWith("application/json"), "application/json: " + what);
        JsonValue parsed;
        try {
            parsed = EventLog.parse(body);
        } catch (RuntimeException e) {
            fail("not JSON: " + what);
            return;
        }
        assertEquals(JsonValue.ValueType.OBJECT, parsed.getValueType(), what);
        JsonObject message = parsed.asJsonObject();
        assertEquals("2.0", message.getString("jsonrpc", null), what);
        assertTrue(message.containsKey("id"), "a JSON-RPC error carries an id (null when unknown): " + what);
        JsonObject error = message.getJsonObject("error");
        assertNotNull(error, what);
        assertEquals(JsonValue.ValueType.NUMBER, error.get("code").getValueType(), what);
        assertEquals(JsonValue.ValueType.STRING, error.get("message").getValueType(), what);
        if (code != null) {
            assertEquals(code.intValue(), error.getInt("code"), what);
        }
    }

    /** A session, deleted, then used again: the server answers 404 for it. */
    private Answer reuseAfterDelete() {
        String session = initializeSession("reuse");
        Answer deleted = raw.send("DELETE", EnforcedTestServers.PATH, List.of(LEGACY, "Mcp-Session-Id: " + session),
                null, false);
        assertTrue(deleted.status() >= 200 && deleted.status() < 300, "DELETE: " + deleted);
        return post(List.of(JSON, ACCEPT, LEGACY, "Mcp-Session-Id: " + session), bytes(TOOLS_LIST));
    }

    /** {@code initialize} and {@code notifications/initialized}; returns the session id. */
    private String initializeSession(String client, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        all.addAll(List.of(JSON, ACCEPT));
        Answer init = post(all, initialize(""));
        assertEquals(200, init.status(), "initialize (" + client + "): " + init.body());
        String session = init.header("mcp-session-id");
        assertNotNull(session, "initialize (" + client + ") gave no session");
        all.addAll(List.of(LEGACY, "Mcp-Session-Id: " + session));
        Answer initialized = post(all, bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        assertEquals(202, initialized.status(), "notifications/initialized: " + initialized.body());
        return session;
    }

    private Answer post(List<String> headers, byte[] body) {
        return raw.send("POST", EnforcedTestServers.PATH, headers, body, false);
    }

    private static byte[] initialize(String extraParams) {
        return bytes(String.format(INITIALIZE, extraParams));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

}

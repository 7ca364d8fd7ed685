package dev.mcpgate.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.redact.SessionIdDisplay;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway WAR as users deploy it, on one server per subclass, in four deployments of the
 * packaged WAR: {@value #DEMO} (the built-in demo MCP server), {@value #GATEWAY} (gateway mode in
 * front of an {@link UpstreamMcpServer} in the test JVM), {@value #DOWN} (gateway mode in front of
 * a port where nothing listens, with credentials in its upstream URL: {@link #DOWN_SECRETS}) and {@value #LIMITS} (gateway mode with tiny
 * {@code upstream-max-concurrent} and {@code upstream-max-stream-lifetime}). Real MCP Java SDK 2.1.0 clients drive {@code /mcp}; the rows are read
 * back through the analytics API with the server's own authentication.
 *
 * <p>A subclass supplies the four {@code @Deployment}s with {@link #deployment} and makes the user
 * {@value #ADMIN} / {@value #PASSWORD} known to its server's realm, in the role {@code mcpgate-admin}, and
 * {@value #SCRAPER} / {@value #SCRAPER_PASSWORD} in the role {@code mcpgate-metrics}.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractGatewayWarIT {

    static final String DEMO = "demo";
    static final String GATEWAY = "gateway";
    static final String DOWN = "down";
    static final String LIMITS = "limits";
    static final String ADMIN = "mcpgate-it-admin";
    static final String PASSWORD = "mcpgate-it-secret";
    /** A user in the role {@code mcpgate-metrics} only: Prometheus. */
    static final String SCRAPER = "mcpgate-it-scraper";
    static final String SCRAPER_PASSWORD = "mcpgate-it-scrape-secret";

    /**
     * Started when the first subclass's deployments are built, before they are deployed; it ends
     * with the test JVM (its threads are daemons).
     */
    static final UpstreamMcpServer UPSTREAM = UpstreamMcpServer.start();

    /** A deployment of the packaged WAR for {@code name}: demo, gateway, down or limits. */
    static org.jboss.shrinkwrap.api.spec.WebArchive deployment(GatewayWars.Flavour flavour, String name) {
        String upstream = switch (name) {
            case DEMO -> null;
            case GATEWAY, LIMITS -> UPSTREAM.url();
            case DOWN -> "http://gw-user:gw-pass%40word@127.0.0.1:" + unusedPort() + "/mcp?token=gw-t0ken";
            default -> throw new IllegalArgumentException(name);
        };
        org.jboss.shrinkwrap.api.spec.WebArchive war = GatewayWars.war(flavour, "mcpgate-" + name, upstream);
        if (name.equals(GATEWAY)) {
            GatewayWars.withContextParam(war, "dev.mcpgate.gateway.upstream-idle-timeout", IDLE_TIMEOUT);
        }
        if (name.equals(LIMITS)) {
            GatewayWars.withContextParam(war, "dev.mcpgate.gateway.upstream-max-concurrent",
                    Integer.toString(MAX_CONCURRENT));
            GatewayWars.withContextParam(war, "dev.mcpgate.gateway.upstream-max-stream-lifetime", STREAM_LIFETIME);
        }
        return war;
    }

    /** What the down deployment's upstream URL holds that no client may see, raw and decoded. */
    static final List<String> DOWN_SECRETS = List.of("gw-user", "gw-pass", "gw-t0ken");

    /** The limits deployment's upstream-max-concurrent. */
    static final int MAX_CONCURRENT = 2;
    /** The limits deployment's upstream-max-stream-lifetime. */
    static final String STREAM_LIFETIME = "PT3S";

    /** The gateway deployment's upstream-idle-timeout, short for {@link #silentUpstreamGets504AfterTheIdleTimeout}. */
    static final String IDLE_TIMEOUT = "PT4S";

    @ArquillianResource
    @OperateOnDeployment(DEMO)
    URL demo;

    @ArquillianResource
    @OperateOnDeployment(GATEWAY)
    URL gateway;

    @ArquillianResource
    @OperateOnDeployment(DOWN)
    URL down;

    @ArquillianResource
    @OperateOnDeployment(LIMITS)
    URL limits;

    @Test
    void demoModeSessionIsStoredAndReadBackThroughTheApi() {
        String sessionId;
        try (McpSdkClient client = new McpSdkClient(demo, "war-it-demo", null)) {
            client.client().initialize();
            assertTrue(client.client().listTools().tools().stream().anyMatch(t -> t.name().equals("failing-tool")));
            CallToolResult echo = client.client().callTool(call("echo", Map.of("text", "hello gateway")));
            assertEquals("hello gateway", text(echo));
            CallToolResult failing = client.client().callTool(call("failing-tool", Map.of()));
            assertTrue(failing.isError());
            sessionId = client.sessionId();
        }
        ApiClient api = new ApiClient(demo);
        // the session parameter takes the full id; the answers show its fingerprint (log-session-ids)
        String fingerprint = SessionIdDisplay.fingerprint(sessionId);
        JsonArray rows = api.awaitItems("mcpgate/api/requests?session=" + sessionId + "&limit=50", ADMIN, PASSWORD,
                items -> items.size() >= 5); // initialize, initialized, tools/list, 2 × tools/call (+ DELETE)
        assertTrue(rows.stream().map(JsonValue::asJsonObject).filter(r -> !r.isNull("sessionId"))
                .allMatch(r -> r.getString("sessionId").equals(fingerprint)), rows.toString());
        assertFalse(rows.toString().contains(sessionId), rows.toString());
        assertEquals(1, count(rows, "tools/call", "echo", "ok"), rows.toString());
        assertEquals(1, count(rows, "tools/call", "failing-tool", "tool_error"), rows.toString());
        assertEquals(1, count(rows, "initialize", null, "ok"), rows.toString());
        assertTrue(rows.stream().map(JsonValue::asJsonObject)
                .allMatch(r -> r.getString("clientName").equals("war-it-demo")), rows.toString());
        assertTrue(rows.stream().map(JsonValue::asJsonObject)
                .allMatch(r -> r.getString("endpoint").equals(DEMO)), "demo mode names its rows demo: " + rows);

        JsonArray sessions = api.awaitItems("mcpgate/api/sessions", ADMIN, PASSWORD, items -> items.stream()
                .map(JsonValue::asJsonObject).anyMatch(s -> s.getString("sessionId").equals(fingerprint)
                        && "client_delete".equals(s.getString("endReason", null))));
        assertFalse(sessions.toString().contains(sessionId), "no full session id: " + sessions);
        JsonObject session = sessions.stream().map(JsonValue::asJsonObject)
                .filter(s -> s.getString("sessionId").equals(fingerprint)).findFirst().orElseThrow();
        assertEquals("war-it-demo", session.getString("clientName"));
        assertTrue(session.getJsonNumber("requests").longValue() >= 5, session.toString());
        // the sessions chart's counts: every session of the window by state, as the list has them
        JsonArray counts = api.get("mcpgate/api/sessions/counts", ADMIN, PASSWORD).json().getJsonArray("items");
        assertEquals("live", counts.getJsonObject(0).getString("state"), counts.toString());
        long deleted = sessions.stream().map(JsonValue::asJsonObject)
                .filter(s -> "client_delete".equals(s.getString("endReason", null))).count();
        assertEquals(deleted, counts.stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("state").equals("client_delete"))
                .mapToLong(c -> c.getJsonNumber("sessions").longValue()).sum(), counts.toString());

        JsonArray tools = api.awaitItems("mcpgate/api/tools?window=PT1H", ADMIN, PASSWORD,
                items -> items.stream().map(JsonValue::asJsonObject).anyMatch(t -> t.getString("tool").equals("echo")));
        JsonObject failingStats = tools.stream().map(JsonValue::asJsonObject)
                .filter(t -> t.getString("tool").equals("failing-tool")).findFirst().orElseThrow();
        assertEquals(1.0, failingStats.getJsonNumber("toolErrorRate").doubleValue(), failingStats.toString());

        // the catalogue history saw the demo server's tools/list; its tracker works on a thread of its own
        api.await("mcpgate/api/schema/versions?list=tools/list", ADMIN, PASSWORD,
                versions -> !versions.json().getJsonArray("items").isEmpty());
        ApiClient.Answer schema = api.get("mcpgate/api/schema/diff?list=tools/list&from=0&to=1", ADMIN, PASSWORD);
        assertEquals(200, schema.status(), schema.body());
        List<String> added = schema.json().getJsonArray("changes").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("change").equals("added")).map(c -> c.getString("name")).sorted().toList();
        assertEquals(List.of("echo", "failing-tool", "server-time", "slow-task"), added, schema.body());
        JsonArray current = new ApiClient.Answer(200, api.get("mcpgate/api/schema", ADMIN, PASSWORD).body(), null)
                .jsonArray();
        assertTrue(current.stream().map(JsonValue::asJsonObject).anyMatch(l -> l.getJsonObject("state")
                .getString("listMethod").equals("tools/list") && l.getJsonArray("items").size() == 4), current.toString());
        assertEquals(400, api.get("mcpgate/api/schema/versions?list=tools", ADMIN, PASSWORD).status());

        // every schema answer is bounded by limit and says when it was cut
        JsonObject cutDiff = api.get("mcpgate/api/schema/diff?list=tools/list&from=0&to=1&limit=1", ADMIN, PASSWORD)
                .json();
        assertEquals(4, cutDiff.getInt("total"), cutDiff.toString());
        assertTrue(cutDiff.getBoolean("truncated"), cutDiff.toString());
        assertEquals(1, cutDiff.getJsonArray("changes").size(), cutDiff.toString());
        assertFalse(schema.json().getBoolean("truncated"), schema.body());
        JsonObject cutTools = new ApiClient.Answer(200, api.get("mcpgate/api/schema?limit=2", ADMIN, PASSWORD).body(),
                null).jsonArray().stream().map(JsonValue::asJsonObject)
                .filter(l -> l.getJsonObject("state").getString("listMethod").equals("tools/list")).findFirst()
                .orElseThrow();
        assertEquals(2, cutTools.getJsonArray("items").size(), cutTools.toString());
        assertTrue(cutTools.getBoolean("truncated"), cutTools.toString());
        JsonObject versions = api.get("mcpgate/api/schema/versions?list=tools/list&limit=1", ADMIN, PASSWORD).json();
        assertEquals(1, versions.getJsonArray("items").size(), versions.toString());
        assertEquals(1, versions.getInt("limit"), versions.toString());
        JsonObject catalogueHealth = api.get("mcpgate/api/health", ADMIN, PASSWORD).json().getJsonObject("demo")
                .getJsonObject("health").getJsonObject("catalogue"); // where the catalogue's losses show
        assertEquals(32L * 1024 * 1024, catalogueHealth.getJsonNumber("memoryLimit").longValue(),
                catalogueHealth.toString());
        assertEquals(0, catalogueHealth.getInt("capturesOverBudget"), catalogueHealth.toString());
    }

    @Test
    void gatewayModeForwardsToTheUpstreamServerWithProgressBeforeTheResult() {
        List<Long> progressAt = new CopyOnWriteArrayList<>();
        String sessionId;
        long resultAt;
        try (McpSdkClient client = new McpSdkClient(gateway, "war-it-gateway",
                progress -> progressAt.add(System.nanoTime()))) {
            client.client().initialize();
            assertEquals("hello upstream", text(client.client().callTool(call("echo", Map.of("text", "hello upstream")))));
            CallToolResult slow = client.client().callTool(McpSchema.CallToolRequest.builder("slow-task")
                    .arguments(Map.of("steps", 3)).progressToken("war-it-progress").build());
            resultAt = System.nanoTime();
            assertFalse(Boolean.TRUE.equals(slow.isError()), slow.toString());
            sessionId = client.sessionId();
        }
        assertEquals(3, progressAt.size(), "progress notifications relayed by the gateway");
        // the upstream sends them 0.5 s apart: relayed one by one, the first is long before the result
        assertTrue(resultAt - progressAt.get(0) > 500_000_000L,
                "the first progress arrived only " + (resultAt - progressAt.get(0)) / 1_000_000 + " ms before the result");

        JsonArray rows = new ApiClient(gateway).awaitItems("mcpgate/api/requests?session=" + sessionId
                + "&tool=slow-task", ADMIN, PASSWORD, items -> items.size() == 1);
        JsonObject row = rows.getJsonObject(0);
        assertEquals("gateway", row.getString("endpoint"), "gateway mode names its rows after the mode, not demo");
        assertEquals("ok", row.getString("outcome"));
        assertTrue(row.getBoolean("sse"), row.toString());
        assertTrue(row.getJsonNumber("latencyMicros").longValue() >= 1_000_000L, row.toString());
    }

    /**
     * Issue 11: the WAR runs the guard at {@code enforce} when no source sets {@code guard}: a browser
     * page of a foreign origin is refused with 403 and a JSON-RPC error without id, the health answer
     * counts it and the violations API shows it from the rows, with the check's level.
     */
    @Test
    void warRefusesAForeignOriginByDefaultAndCountsIt() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"evil-1\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"war-it-evil\",\"version\":\"1\"}}}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(at(demo, "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Origin", "http://evil.example.com")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, response.statusCode(), response.body());
        JsonObject error = new ApiClient.Answer(403, response.body(), null).json();
        assertEquals(JsonValue.NULL, error.get("id"), "an Origin refusal carries no id");
        assertEquals(-32600, error.getJsonObject("error").getInt("code"));

        ApiClient api = new ApiClient(demo);
        JsonArray violations = api.awaitItems("mcpgate/api/violations", ADMIN, PASSWORD,
                items -> items.stream().anyMatch(v -> "origin".equals(v.asJsonObject().getString("violation"))));
        JsonObject origin = violations.stream().map(JsonValue::asJsonObject)
                .filter(v -> "origin".equals(v.getString("violation"))).findFirst().orElseThrow();
        assertEquals("enforce", origin.getString("level"), origin.toString());
        assertTrue(origin.getJsonNumber("rejected").longValue() >= 1, origin.toString());
        JsonObject counted = api.get("mcpgate/api/health", ADMIN, PASSWORD).json().getJsonObject("demo")
                .getJsonObject("health").getJsonObject("violations").getJsonObject("origin");
        assertTrue(counted.getJsonNumber("rejected").longValue() >= 1, counted.toString());
    }

    @Test
    void upstreamDownGets502WithJsonRpcErrorAndTheRowSaysSo() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"down-1\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"war-it-down\",\"version\":\"1\"}}}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        at(down, "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, response.statusCode(), response.body());
        JsonObject error = new ApiClient.Answer(502, response.body(), null).json();
        assertEquals("down-1", error.getString("id"));
        assertEquals(-32000, error.getJsonObject("error").getInt("code"));

        JsonArray rows = new ApiClient(down).awaitItems("mcpgate/api/requests?outcome=error", ADMIN, PASSWORD,
                items -> items.stream().anyMatch(r -> "down-1".equals(r.asJsonObject().getString("jsonRpcId", null))));
        JsonObject row = rows.stream().map(JsonValue::asJsonObject)
                .filter(r -> "down-1".equals(r.getString("jsonRpcId", null))).findFirst().orElseThrow();
        assertEquals(502, row.getInt("httpStatus"));
        assertEquals(-32000, row.getInt("errorCode"));
        assertEquals("initialize", row.getString("mcpMethod"));
        assertTrue(row.getString("errorMessage").startsWith("Upstream MCP server unavailable"), row.toString());
    }

    /**
     * The down deployment's upstream URL has a user, a password and a {@code ?token=}: a path that
     * makes the upstream URL invalid ({@code %20}, whose error message quotes the URL) and a refused
     * connection both get a 502 without them, and so do the rows the API shows.
     */
    @Test
    void upstreamCredentialsNeverReachTheClient() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> badPath = http.send(HttpRequest.newBuilder(at(down, "/mcp/%20"))
                .header("Accept", "application/json, text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(badPath.statusCode() == 502 || badPath.statusCode() == 400, badPath.statusCode() + " " + badPath.body());
        assertNoSecret(badPath.body());
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(at(down, "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":\"secret-1\",\"method\":\"ping\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, refused.statusCode(), refused.body());
        assertNoSecret(refused.body());
        JsonObject data = new ApiClient.Answer(502, refused.body(), null).json().getJsonObject("error").getJsonObject("data");
        assertTrue(data.getString("upstream").matches("http://127\\.0\\.0\\.1:\\d+/mcp"), data.toString());

        JsonArray rows = new ApiClient(down).awaitItems("mcpgate/api/requests?outcome=error&limit=1000", ADMIN, PASSWORD,
                items -> items.stream().anyMatch(r -> "secret-1".equals(r.asJsonObject().getString("jsonRpcId", null))));
        assertNoSecret(rows.toString());
    }

    private static void assertNoSecret(String text) {
        for (String secret : DOWN_SECRETS) {
            assertFalse(text.contains(secret), secret + " shown: " + text);
        }
    }

    @Test
    void clientLeavingAStreamCancelsTheUpstreamCallAndHeadersPassEndToEndOnly() throws Exception {
        UpstreamProbes.dripClientGone = new java.util.concurrent.CountDownLatch(1);
        URI uri = at(gateway, "/mcp/drip");
        try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\n"
                    + "Accept: text/event-stream\r\nMcp-Param-City: Paris\r\nAuthorization: Bearer t0k3n\r\n"
                    + "Connection: keep-alive, X-Hop\r\nX-Hop: only-this-hop\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String seen = readUntil(socket.getInputStream(), "data: 2");
            assertTrue(seen.startsWith("HTTP/1.1 200"), seen);
        } // the client goes away while the upstream still streams
        assertTrue(UpstreamProbes.dripClientGone.await(15, java.util.concurrent.TimeUnit.SECONDS),
                "the upstream stream was not cancelled after the client left");
        Map<String, String> headers = UpstreamProbes.DRIP_HEADERS;
        assertEquals("Paris", headers.get("mcp-param-city"), headers.toString());
        assertEquals("Bearer t0k3n", headers.get("authorization"), headers.toString());
        assertFalse(headers.containsKey("x-hop"), "a header named by Connection is hop-by-hop: " + headers);
        assertNotNull(headers.get("x-forwarded-for"), headers.toString());
    }

    /**
     * Issue 12: the WAR resumes SSE streams by default, in gateway mode too. A client that leaves a
     * tool's progress stream does not cancel the upstream call (the proxy servlet's listeners never
     * hear of it): the gateway keeps reading, and a GET with the last event id the client saw gets
     * exactly the rest — the later progress and the result — with McpGate's consecutive ids.
     */
    @Test
    void gatewayModeKeepsTheStreamOfAClientThatLeftAndItsResumeGetsTheRest() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI mcp = at(gateway, "/mcp");
        HttpResponse<String> init = http.send(post(mcp, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"war-it-resume\",\"version\":\"1\"}}}"), HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError(init.body()));
        http.send(HttpRequest.newBuilder(mcp).header("Content-Type", "application/json").header("Mcp-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .build(), HttpResponse.BodyHandlers.discarding());

        String call = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"slow-task\","
                + "\"arguments\":{\"steps\":4},\"_meta\":{\"progressToken\":\"resume-it\"}}}";
        String seen;
        try (java.net.Socket socket = new java.net.Socket(mcp.getHost(), mcp.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] body = call.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String head = "POST " + mcp.getRawPath() + " HTTP/1.1\r\nHost: " + mcp.getAuthority() + "\r\n"
                    + "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
                    + "MCP-Protocol-Version: 2025-11-25\r\nMcp-Session-Id: " + session + "\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            seen = readUntilEventEnd(socket.getInputStream(), "\"progress\":2.0");
        } // the client goes away mid-stream, two steps before the result
        assertTrue(seen.contains("\nretry: "), "a priming event with retry: opens the stream: " + seen);
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("\nid: ([a-z2-7]{12})-(\\d+)-(\\d+)\n").matcher(seen);
        String tag = null;
        long stream = 0;
        long lastSeq = -1;
        while (ids.find()) {
            tag = ids.group(1);
            stream = Long.parseLong(ids.group(2));
            lastSeq = Long.parseLong(ids.group(3));
        }
        assertEquals(2, lastSeq, "priming (0), then progress 1 and 2: " + seen);

        HttpResponse<String> resumed = http.send(HttpRequest.newBuilder(mcp).timeout(java.time.Duration.ofSeconds(30))
                .header("Accept", "text/event-stream").header("MCP-Protocol-Version", "2025-11-25")
                .header("Mcp-Session-Id", session).header("Last-Event-ID", tag + "-" + stream + "-" + lastSeq)
                .GET().build(), HttpResponse.BodyHandlers.ofString()); // the whole rest: it ends with the stream
        assertEquals(200, resumed.statusCode(), resumed.body());
        String rest = resumed.body();
        assertFalse(rest.contains("\"progress\":1.0") || rest.contains("\"progress\":2.0"), "nothing twice: " + rest);
        assertTrue(rest.contains("\"progress\":3.0") && rest.contains("\"progress\":4.0"), rest);
        assertTrue(rest.contains("\"id\":7,\"result\"") && rest.contains("finished 4 steps"), rest);
        for (long seq = 3; seq <= 5; seq++) {
            assertTrue(rest.contains("id: " + tag + "-" + stream + "-" + seq + "\n"), "event " + seq + " in " + rest);
        }
    }

    @Test
    void silentUpstreamGets504AfterTheIdleTimeout() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        at(gateway, "/mcp/silent"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertEquals(504, response.statusCode(), response.body());
        JsonObject error = new ApiClient.Answer(504, response.body(), null).json();
        assertEquals(9, error.getInt("id"));
        assertEquals(-32001, error.getJsonObject("error").getInt("code"));
        assertTrue(seconds >= 3 && seconds < 30, "answered after " + seconds + " s, idle timeout " + IDLE_TIMEOUT);
    }

    @Test
    void upstreamReceivesThePathAndQueryExactlyAsTheClientEncodedThem() throws Exception {
        HttpResponse<String> response = send(at(gateway, "/mcp/probe/a%20b/caf%C3%A9;v=1/x%3Fy/../z/?q=%2F%2e%2e&r=1"),
                "GET", null);
        assertEquals(200, response.statusCode(), response.body());
        JsonObject seen = new ApiClient.Answer(200, response.body(), null).json();
        assertEquals("/mcp/probe/a%20b/caf%C3%A9;v=1/z/", seen.getString("uri"), response.body());
        assertEquals("q=%2F%2e%2e&r=1", seen.getString("query"), response.body());
    }

    /**
     * Issue 15: the upstream call carries the trace context of McpGate's span for the exchange. The
     * WAR ships the OpenTelemetry API without an SDK, so that span records nothing and carries its
     * parent's context on: the client's MCP span from {@code params._meta.traceparent} (the parent
     * the conventions prefer over the transport's header), else the {@code traceparent} header.
     */
    @Test
    void upstreamCallCarriesTheTraceContextOfTheMcpParentFromMetaElseTheHeader() throws Exception {
        String header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        String meta = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String call = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\""
                + ",\"_meta\":{\"traceparent\":\"" + meta + "\"}}}";
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> withMeta = http.send(HttpRequest.newBuilder(post(at(gateway, "/mcp/probe/trace"), call),
                (name, value) -> true).header("traceparent", header).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, withMeta.statusCode(), withMeta.body());
        // the same trace as the _meta parent: its span id is the parent's where nothing records spans (Tomcat
        // here), McpGate's own span's where the server registers an SDK (Payara's MicroProfile Telemetry)
        assertEquals(traceId(meta),
                traceId(new ApiClient.Answer(200, withMeta.body(), null).json().getString("traceparent")));
        HttpResponse<String> headerOnly = http.send(HttpRequest.newBuilder(post(at(gateway, "/mcp/probe/trace"),
                call.replace(",\"_meta\":{\"traceparent\":\"" + meta + "\"}", "")), (name, value) -> true)
                .header("traceparent", header).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, headerOnly.statusCode(), headerOnly.body());
        assertEquals(traceId(header),
                traceId(new ApiClient.Answer(200, headerOnly.body(), null).json().getString("traceparent")));
    }

    /** The trace id of a W3C {@code traceparent} ({@code version-traceid-spanid-flags}). */
    private static String traceId(String traceparent) {
        String[] parts = traceparent.split("-");
        assertEquals(4, parts.length, traceparent);
        return parts[1];
    }

    @Test
    void encodedDotSegmentsAndSlashesAreRefusedWith400AndNeverReachTheUpstream() throws Exception {
        int adminHits = UpstreamProbes.ADMIN_HITS.size();
        // decoded by the gateway's server to %2e%2e: the upstream would decode them again to ..
        HttpResponse<String> doubleEncoded = send(at(gateway, "/mcp/probe/%252e%252e/%252e%252e/admin"), "POST",
                "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}");
        assertEquals(400, doubleEncoded.statusCode(), doubleEncoded.body());
        JsonObject error = new ApiClient.Answer(400, doubleEncoded.body(), null).json();
        assertEquals(5, error.getInt("id"), doubleEncoded.body());
        assertEquals(-32600, error.getJsonObject("error").getInt("code"), doubleEncoded.body());
        // the server decodes and resolves these to /mcp/admin itself; the raw path shows the trick
        for (String path : List.of("/mcp/probe/%2e%2e/admin", "/mcp/probe/.%2E/admin", "/mcp/probe/%2e/admin",
                "/mcp/probe/..;x/admin")) {
            HttpResponse<String> refused = send(at(gateway, path), "GET", null);
            assertEquals(400, refused.statusCode(), path + " " + refused.body());
            assertEquals(-32600, new ApiClient.Answer(400, refused.body(), null).json().getJsonObject("error")
                    .getInt("code"), path + " " + refused.body());
        }
        // refused by the gateway (400) or already by the server (Tomcat 400, Payara's Grizzly 404)
        for (String path : List.of("/mcp/probe/..%2F..%2Fadmin", "/mcp/probe/%5C..%5C..%5Cadmin",
                "/mcp/probe/%252F..%252F..%252Fadmin")) {
            int status = send(at(gateway, path), "GET", null).statusCode();
            assertTrue(status == 400 || status == 404, path + " answered " + status);
        }
        assertEquals(adminHits, UpstreamProbes.ADMIN_HITS.size(), "reached the upstream: " + UpstreamProbes.ADMIN_HITS);

        JsonArray rows = new ApiClient(gateway).awaitItems("mcpgate/api/requests?outcome=error&limit=200", ADMIN,
                PASSWORD, items -> items.stream().map(JsonValue::asJsonObject).anyMatch(r -> r.getInt("httpStatus") == 400
                        && "ping".equals(r.getString("mcpMethod", null)) && r.getInt("errorCode", 0) == -32600
                        && "5".equals(r.getString("jsonRpcId", null))));
        assertFalse(rows.isEmpty());
    }

    @Test
    void callsBeyondUpstreamMaxConcurrentGet503WithRetryAfterWhileTheOthersSucceed() throws Exception {
        UpstreamProbes.holdReleased = false;
        // HTTP/1.1: one connection per call, as MCP clients make them (the default would offer an h2c
        // upgrade, which Payara Micro accepts, multiplexing the calls over one connection)
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ApiClient api = new ApiClient(limits);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> held = new java.util.ArrayList<>();
        try {
            for (int i = 1; i <= MAX_CONCURRENT; i++) {
                held.add(http.sendAsync(post(at(limits, "/mcp/hold"), "{\"jsonrpc\":\"2.0\",\"id\":" + i
                        + ",\"method\":\"ping\"}"), HttpResponse.BodyHandlers.ofString()));
            }
            awaitCondition(() -> UpstreamProbes.HELD.size() == MAX_CONCURRENT, "the upstream holds "
                    + MAX_CONCURRENT + " calls");
            // and the gateway counts both as under way (the upstream alone could hold one the gateway let go)
            api.await("mcpgate/api/health", ADMIN, PASSWORD, answer -> answer.json().getJsonObject(GATEWAY)
                    .getJsonObject("gateway").getInt("active") == MAX_CONCURRENT);
            HttpResponse<String> refused = http.send(post(at(limits, "/mcp/hold"),
                    "{\"jsonrpc\":\"2.0\",\"id\":\"one-too-many\",\"method\":\"ping\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), refused.body());
            assertTrue(refused.headers().firstValue("Retry-After").orElse("").matches("[1-9][0-9]*"),
                    refused.headers().map().toString());
            JsonObject error = new ApiClient.Answer(503, refused.body(), null).json();
            assertEquals("one-too-many", error.getString("id"), refused.body());
            assertEquals(-32000, error.getJsonObject("error").getInt("code"), refused.body());
        } finally {
            UpstreamProbes.releaseHeld();
        }
        for (var call : held) {
            assertEquals(200, call.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        }
        assertEquals(200, http.send(post(at(limits, "/mcp/hold"), "{\"jsonrpc\":\"2.0\",\"id\":9,"
                + "\"method\":\"ping\"}"), HttpResponse.BodyHandlers.ofString()).statusCode(), "permits come back");

        JsonObject gatewayHealth = api.await("mcpgate/api/health", ADMIN, PASSWORD, answer -> true).json()
                .getJsonObject(GATEWAY).getJsonObject("gateway");
        assertEquals(MAX_CONCURRENT, gatewayHealth.getInt("maxConcurrent"), gatewayHealth.toString());
        assertTrue(gatewayHealth.getJsonNumber("refused").longValue() >= 1, gatewayHealth.toString());
        api.awaitItems("mcpgate/api/requests?outcome=error", ADMIN, PASSWORD, items -> items.stream()
                .map(JsonValue::asJsonObject).anyMatch(r -> r.getInt("httpStatus") == 503
                        && r.getInt("errorCode", 0) == -32000));
    }

    @Test
    void clientsTricklingTheirBodiesHoldNoGatewaySlot() throws Exception {
        URI uri = at(limits, "/mcp");
        List<java.net.Socket> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONCURRENT; i++) {
                java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort());
                slow.add(socket);
                String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority() + "\r\n"
                        // not JSON: the McpGate filter reads a JSON POST ahead itself, before the gateway servlet
                        + "Content-Type: text/plain\r\nAccept: application/json, text/event-stream\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":" + (100 + i) + ",";
                socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush(); // and the remaining bytes never come
            }
            awaitRequestsInTheGateway(MAX_CONCURRENT);
            // one exchange (a session's standing GET stream would take the other place)
            HttpResponse<String> initialize = send(uri, "POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":"
                    + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"war-it-trickle\",\"version\":\"1.0.0\"}}}");
            assertEquals(200, initialize.statusCode(), initialize.body());
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
    }

    /**
     * Waits until {@code count} requests are inside the gateway servlet (reading their bodies), where
     * the server runs in this JVM ({@link #serverRunsInThisJvm}); elsewhere there is nothing to see.
     */
    private void awaitRequestsInTheGateway(int count) throws InterruptedException {
        if (!serverRunsInThisJvm()) {
            return;
        }
        awaitCondition(() -> Thread.getAllStackTraces().values().stream().filter(stack -> java.util.Arrays.stream(stack)
                .anyMatch(frame -> frame.getClassName().equals("dev.mcpgate.gateway.proxy.UpstreamProxyServlet")
                        && frame.getMethodName().equals("service"))).count() >= count,
                count + " requests inside the gateway servlet");
    }

    /** Whether the server under test runs in the test's JVM (embedded), so that its threads can be seen. */
    boolean serverRunsInThisJvm() {
        return false;
    }

    @Test
    void sseStreamIsClosedCleanlyAfterTheMaximumStreamLifetime() throws Exception {
        UpstreamProbes.dripClientGone = new java.util.concurrent.CountDownLatch(1);
        long start = System.nanoTime();
        HttpResponse<String> stream = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(at(limits,
                "/mcp/drip")).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString())
                .get(60, java.util.concurrent.TimeUnit.SECONDS); // the whole stream, not only its head
        long millis = (System.nanoTime() - start) / 1_000_000L;
        assertEquals(200, stream.statusCode());
        assertTrue(millis >= 2_500 && millis < 20_000, "the stream lasted " + millis + " ms, lifetime " + STREAM_LIFETIME);
        String body = stream.body();
        assertTrue(body.endsWith("\n\n"), "the stream ends after a whole event: " + body);
        String[] events = body.substring(0, body.length() - 2).split("\n\n");
        assertTrue(events.length >= 10, body);
        for (int i = 0; i < events.length; i++) {
            assertEquals("event: tick\ndata: " + (i + 1), events[i]);
        }
        assertTrue(UpstreamProbes.dripClientGone.await(15, java.util.concurrent.TimeUnit.SECONDS),
                "the upstream stream was not closed");
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .timeout(java.time.Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpResponse<String> send(URI uri, String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(30))
                .header("Accept", "application/json, text/event-stream");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** {@code path} below a deployment's context path. */
    private static URI at(URL deployment, String path) {
        return URI.create(deployment.toString().replaceAll("/$", "") + path);
    }

    /** Reads until the SSE event holding {@code marker} has ended (its blank line arrived). */
    private static String readUntilEventEnd(java.io.InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (seen.indexOf(marker) < 0 || seen.indexOf("\n\n", seen.indexOf(marker)) < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("the stream ended before " + marker + ": " + seen);
            }
            seen.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    private static String readUntil(java.io.InputStream in, String marker) throws IOException {
        StringBuilder seen = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (seen.indexOf(marker) < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new AssertionError("the stream ended before " + marker + ": " + seen);
            }
            seen.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    @Test
    void apiWithoutCredentialsGets401AndWrongPasswordToo() {
        ApiClient api = new ApiClient(demo);
        ApiClient.Answer anonymous = api.get("mcpgate/api/health", null, null);
        assertEquals(401, anonymous.status());
        assertNotNull(anonymous.authenticate(), "a Basic challenge");
        assertEquals(401, api.get("mcpgate/api/requests", ADMIN, "not-the-password").status());
        assertEquals(401, api.get("mcpgate/", null, null).status(), "the dashboard is protected too");
        McpSdkClient.ping(demo); // WildFly starts the filter at its first request
        ApiClient.Answer health = api.get("mcpgate/api/health", ADMIN, PASSWORD);
        assertEquals(200, health.status(), health.body());
        assertEquals("ok", health.json().getJsonObject("demo").getString("status"), health.body());
    }

    /** Issue 10: the store's quarantine count is part of the health answer (nothing refused here). */
    @Test
    void healthAnswerCarriesTheStoreQuarantineCount() {
        McpSdkClient.ping(demo); // WildFly starts the filter at its first request
        ApiClient.Answer health = new ApiClient(demo).get("mcpgate/api/health", ADMIN, PASSWORD);
        assertEquals(200, health.status(), health.body());
        jakarta.json.JsonObject store = health.json().getJsonObject("demo").getJsonObject("health")
                .getJsonObject("store");
        assertNotNull(store, health.body());
        assertEquals(0, store.getJsonNumber("quarantined").longValue(), health.body());
    }

    @Test
    void timeseriesCountsTheWindowsExchangesStepByStepAsTheRequestsCallDoes() {
        Instant since = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        try (McpSdkClient client = new McpSdkClient(demo, "war-it-timeseries", null)) {
            client.client().initialize();
            client.client().callTool(call("echo", Map.of("text", "one")));
            client.client().callTool(call("echo", Map.of("text", "two")));
            assertTrue(client.client().callTool(call("failing-tool", Map.of())).isError());
        }
        Instant until = Instant.now().plusMillis(1);
        ApiClient api = new ApiClient(demo);
        String window = "since=" + since + "&until=" + until;
        // the writer is asynchronous and the session's last rows (its DELETE, its GET stream, which ends after
        // it) come in a later batch than its calls: read until the series and the rows agree, or time out
        api.awaitItems("mcpgate/api/requests?" + window + "&tool=failing-tool", ADMIN, PASSWORD,
                items -> !items.isEmpty());
        Instant deadline = Instant.now().plusSeconds(30);
        JsonObject series;
        JsonArray rows;
        do {
            series = api.get("mcpgate/api/timeseries?from=" + since + "&to=" + until, ADMIN, PASSWORD).json();
            rows = api.get("mcpgate/api/requests?" + window + "&limit=1000", ADMIN, PASSWORD).json()
                    .getJsonArray("items");
        } while (rows.size() != sum(series.getJsonArray("points"), "calls") && Instant.now().isBefore(deadline));
        assertEquals("PT1M", series.getString("step"), series.toString());
        assertEquals(since.toString(), series.getString("since"), series.toString());
        JsonArray points = series.getJsonArray("points");
        assertEquals(points.size(), series.getInt("count"));
        assertEquals(since.toString(), points.getJsonObject(0).getString("t"), series.toString());
        assertEquals(rows.size(), sum(points, "calls"), series + " vs " + rows);
        assertEquals(rows.stream().map(JsonValue::asJsonObject).filter(r -> r.getString("outcome").equals("tool_error"))
                .count(), sum(points, "toolErrors"), series.toString());
        assertTrue(sum(points, "calls") >= 5, "initialize, initialized, 3 × tools/call: " + series);
        assertTrue(points.stream().map(JsonValue::asJsonObject).filter(p -> p.getInt("calls") > 0)
                .allMatch(p -> p.getJsonNumber("p50Ms").doubleValue() <= p.getJsonNumber("p99Ms").doubleValue()),
                series.toString());
        // other tests' late rows can land in this minute between two reads: read both names until they agree
        String byFromTo;
        String bySinceUntil;
        do {
            byFromTo = api.get("mcpgate/api/timeseries?from=" + since + "&to=" + until, ADMIN, PASSWORD).body();
            bySinceUntil = api.get("mcpgate/api/timeseries?" + window, ADMIN, PASSWORD).body();
        } while (!byFromTo.equals(bySinceUntil) && Instant.now().isBefore(deadline.plusSeconds(30)));
        assertEquals(byFromTo, bySinceUntil, "since/until are from/to's other names");
        // over a day: hourly points, read from the rollups' table and the raw rows of the open hour
        JsonObject days = api.get("mcpgate/api/timeseries?since=P2D", ADMIN, PASSWORD).json();
        assertEquals("PT1H", days.getString("step"), days.toString());
        assertTrue(sum(days.getJsonArray("points"), "calls") >= sum(points, "calls"), days.toString());
        ApiClient.Answer both = api.get("mcpgate/api/timeseries?since=PT1H&from=PT1H", ADMIN, PASSWORD);
        assertEquals(400, both.status(), both.body());
        assertEquals("from", both.json().getString("parameter"));
    }

    private static long sum(JsonArray points, String field) {
        return points.stream().map(JsonValue::asJsonObject).mapToLong(p -> p.getJsonNumber(field).longValue()).sum();
    }

    @Test
    void badParameterGets400NamingIt() {
        ApiClient api = new ApiClient(demo);
        ApiClient.Answer badLimit = api.get("mcpgate/api/requests?limit=lots", ADMIN, PASSWORD);
        assertEquals(400, badLimit.status(), badLimit.body());
        assertEquals("limit", badLimit.json().getString("parameter"));
        assertEquals(400, api.get("mcpgate/api/requests?outcome=fine", ADMIN, PASSWORD).status());
        assertEquals(400, api.get("mcpgate/api/requests?since=yesterday", ADMIN, PASSWORD).status());
        assertEquals(400, api.get("mcpgate/api/tools?colour=blue", ADMIN, PASSWORD).status());
        assertEquals(404, api.get("mcpgate/api/nothing", ADMIN, PASSWORD).status());
    }

    @Test
    void dashboardIsServedToTheAdmin() {
        ApiClient.Answer page = new ApiClient(demo).get("mcpgate/", ADMIN, PASSWORD);
        assertEquals(200, page.status());
        assertTrue(page.body().contains("dashboard.js"), page.body());
        assertTrue(page.body().indexOf("format.js") >= 0
                && page.body().indexOf("format.js") < page.body().indexOf("dashboard.js"), "format.js first: " + page.body());
        ApiClient.Answer format = new ApiClient(demo).get("mcpgate/format.js", ADMIN, PASSWORD);
        assertEquals(200, format.status());
        assertTrue(format.body().contains("const method"), "the request table's method column: " + format.body());
    }

    /**
     * Issue 15: Prometheus scrapes {@code /mcpgate/metrics} with the role {@code mcpgate-metrics} and
     * finds the calls a real MCP client made, with the conventions' names and attributes; the role
     * opens nothing else, and no credentials get 401.
     */
    @Test
    void metricsRoleScrapesTheOperationsTheClientMade() {
        ApiClient api = new ApiClient(demo);
        McpSdkClient.ping(demo); // WildFly starts the filter at its first request
        String echo = "mcp_method_name=\"tools/call\",mcp_protocol_version=\"2025-11-25\",mcp_resource_uri=\"\","
                + "mcpgate_endpoint=\"demo\"";
        long before = operations(api.get("mcpgate/metrics", SCRAPER, SCRAPER_PASSWORD).body(), "", "echo");
        try (McpSdkClient client = new McpSdkClient(demo, "war-it-metrics", null)) {
            client.client().initialize();
            for (int i = 0; i < 3; i++) {
                assertEquals("scraped " + i, text(client.client().callTool(call("echo", Map.of("text", "scraped " + i)))));
            }
            assertTrue(client.client().callTool(call("failing-tool", Map.of())).isError());
        }
        ApiClient.Answer scrape = api.await("mcpgate/metrics", SCRAPER, SCRAPER_PASSWORD,
                answer -> operations(answer.body(), "", "echo") >= before + 3);
        assertEquals(before + 3, operations(scrape.body(), "", "echo"), "exactly the calls made: " + scrape.body());
        assertTrue(scrape.body().contains("mcp_server_operation_duration_seconds_bucket{error_type=\"\",gen_ai_prompt_name=\"\","
                + "gen_ai_tool_name=\"echo\"," + echo + ",le=\"0.01\"}"), "the conventions' buckets: " + scrape.body());
        assertTrue(operations(scrape.body(), "tool_error", "failing-tool") >= 1, scrape.body());
        assertTrue(scrape.body().contains("mcpgate_sessions_active{mcpgate_endpoint=\"demo\"}"), scrape.body());
        assertTrue(scrape.body().contains("jvm_memory_used_bytes"), "the JVM's meters too: " + scrape.body());
        assertTrue(scrape.body().contains("# TYPE mcp_server_operation_duration_seconds histogram"), scrape.body());

        assertEquals(200, api.get("mcpgate/metrics", ADMIN, PASSWORD).status(), "the admin may scrape too");
        ApiClient.Answer anonymous = api.get("mcpgate/metrics", null, null);
        assertEquals(401, anonymous.status(), anonymous.body());
        assertNotNull(anonymous.authenticate(), "a Basic challenge");
        assertEquals(403, api.get("mcpgate/api/health", SCRAPER, SCRAPER_PASSWORD).status(),
                "the metrics role opens the metrics only");
        assertEquals(403, api.get("mcpgate/", SCRAPER, SCRAPER_PASSWORD).status());
    }

    /** The count of {@code tools/call} operations of {@code tool} on the demo endpoint with this {@code error.type}. */
    private static long operations(String scrape, String errorType, String tool) {
        return scrape.lines().filter(line -> line.startsWith("mcp_server_operation_duration_seconds_count{"))
                .filter(line -> line.contains("error_type=\"" + errorType + "\"") && line.contains("gen_ai_tool_name=\""
                        + tool + "\"") && line.contains("mcp_method_name=\"tools/call\"")
                        && line.contains("mcpgate_endpoint=\"demo\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
        return McpSchema.CallToolRequest.builder(tool).arguments(arguments).build();
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    /**
     * The client's own exchanges of that method, target and outcome. The WAR bridges by default: while it learns the
     * server's era, an exchange is relayed over the loopback, and that bridge leg is a row of its own.
     */
    private static long count(JsonArray rows, String method, String target, String outcome) {
        return rows.stream().map(JsonValue::asJsonObject)
                .filter(r -> !r.getBoolean("bridgeLeg", false))
                .filter(r -> method.equals(r.getString("mcpMethod", null)))
                .filter(r -> target == null || target.equals(r.getString("target", null)))
                .filter(r -> outcome.equals(r.getString("outcome")))
                .count();
    }

    private static int unusedPort() {
        try {
            return UpstreamMcpServer.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

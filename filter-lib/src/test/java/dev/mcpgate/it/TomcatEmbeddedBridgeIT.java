package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.bridge.TestBridgeFilter;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The era bridge's spine (issue 14) in embedded Tomcat, with {@code bridge=on} and a test translator for
 * 2026-07-28 clients ({@link TestBridgeFilter}) in front of the MCP Java SDK 2.1.0 legacy servlet: a modern
 * request is answered asynchronously through the translator, whose calls to the server go over the loopback
 * with the marker (observed as legs, the marker never seen by the servlet); the rows carry both eras; a forged
 * marker is refused; a legacy client of the legacy server goes through as without the bridge.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedBridgeIT {

    /** A 2026-07-28 request's {@code _meta}. */
    static final String META = "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"modern-it\",\"version\":\"1\"},"
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}";

    @ArquillianResource
    private URL deploymentUrl;

    private final HttpClient http = EventLog.client();

    /** A deny rule the bridged client's own exchange must meet (the legs are not judged again). */
    static final String RULES = "rules:\n  - name: no-forbidden\n    match: {tool: forbidden}\n    action: deny\n";

    @Deployment(testable = false)
    static WebArchive deployment() throws java.io.IOException {
        java.nio.file.Path rules = java.nio.file.Files.writeString(
                java.nio.file.Files.createTempDirectory("mcpgate-bridge-it").resolve("rules.yaml"), RULES);
        String webXml;
        try (java.io.InputStream in = TomcatEmbeddedBridgeIT.class.getResourceAsStream("/deployment/web-bridge-on.xml")) {
            webXml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        webXml = webXml.replace("<param-value>on</param-value>\n    </init-param>", "<param-value>on</param-value>\n"
                + "    </init-param>\n    <init-param>\n      <param-name>rules-file</param-name>\n      <param-value>"
                + rules + "</param-value>\n    </init-param>");
        return McpFilterDeployment.forTomcat().addPackage(TestBridgeFilter.class.getPackage())
                .setWebXML(new org.jboss.shrinkwrap.api.asset.StringAsset(webXml));
    }

    @Test
    void aBridgedClientsExchangeMeetsTheRulesBeforeItIsBridgedAndTheServerNeverSeesIt() throws Exception {
        EventLog log = EventLog.cleared(deploymentUrl);
        spy("DELETE");
        HttpResponse<String> answer = modern("tools/call", "{\"jsonrpc\":\"2.0\",\"id\":\"deny-1\","
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"forbidden\",\"arguments\":{},\"_meta\":"
                + META + "}}", Map.of("Mcp-Name", "forbidden"));
        assertTrue(answer.body().contains("no-forbidden"), answer.statusCode() + " " + answer.body());
        RecordedEvent row = log.awaitUntil("the client's row", all -> all.stream().anyMatch(e -> isRow(e, "deny-1")))
                .stream().filter(e -> isRow(e, "deny-1") && !e.flag("bridgeLeg")).findFirst().orElseThrow();
        assertEquals("BLOCKED", row.text("outcome"), "judged as the client's exchange: " + row);
        assertEquals("no-forbidden", row.text("rule"), row.toString());
        assertEquals("0 0", spy("GET"), "blocked before the bridge: no leg reached the servlet");
    }

    @Test
    void aModernClientOfALegacyServerIsAnsweredThroughTheTranslatorAndEveryLegIsObserved() throws Exception {
        EventLog log = EventLog.cleared(deploymentUrl);
        spy("DELETE");
        HttpResponse<String> answer = modern("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\","
                + "\"params\":{\"_meta\":" + META + "}}", Map.of());
        assertEquals(200, answer.statusCode(), answer.body());
        JsonObject result = json(answer.body()).getJsonObject("result");
        assertEquals("complete", result.getString("resultType"), answer.body());
        assertTrue(result.getJsonArray("tools").stream().anyMatch(t -> "echo".equals(t.asJsonObject().getString("name"))),
                answer.body());
        assertEquals(7, json(answer.body()).getInt("id"));
        assertTrue(answer.headers().firstValue("Mcp-Session-Id").isEmpty(), "a modern client sees no session");

        List<RecordedEvent> events = log.awaitUntil("the bridged row and its legs", all -> bridgedRow(all) != null
                && legs(all, "tools/list").size() == 1 && !legs(all, "initialize").isEmpty());
        RecordedEvent row = bridgedRow(events);
        assertEquals("MODERN", row.text("era"), row.toString());
        assertEquals("OK", row.text("outcome"), row.toString());
        assertFalse(row.flag("bridgeLeg"), row.toString());
        RecordedEvent leg = legs(events, "tools/list").get(0);
        assertEquals("LEGACY", leg.text("era"), leg.toString());
        assertNull(leg.text("upstreamEra"), "a leg is not bridged itself: " + leg);
        assertEquals("bridge-it", leg.clientName(), "the leg's client is the session's: " + leg);
        String[] spy = spy("GET").split(" ");
        assertTrue(Integer.parseInt(spy[0]) >= 4, "the legs reached the servlet: " + String.join(" ", spy));
        assertEquals("0", spy[1], "the marker header never reaches the servlet");
    }

    @Test
    void openStreamsPastBridgeThreadsLeaveRequestTranslationItsThreads() throws Exception {
        assertEquals(200, modern("tools/list", listCall("warm"), Map.of()).statusCode(), "the era is learnt");
        List<java.util.concurrent.CompletableFuture<HttpResponse<java.io.InputStream>>> listens =
                new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) { // bridge-threads=2 in this deployment
                String body = "{\"jsonrpc\":\"2.0\",\"id\":\"l" + i + "\",\"method\":\"subscriptions/listen\","
                        + "\"params\":{\"_meta\":" + META + "}}";
                listens.add(http.sendAsync(request("subscriptions/listen", body).build(),
                        HttpResponse.BodyHandlers.ofInputStream()));
            }
            for (var listen : listens) {
                assertEquals(200, listen.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode(),
                        "every listen is open: streams have their own budget");
            }
            HttpResponse<String> list = modern("tools/list", listCall("streams-list"), Map.of());
            assertEquals(200, list.statusCode(), "a request is translated while the streams are open: " + list.body());
        } finally {
            modern("release/listens", "{\"jsonrpc\":\"2.0\",\"id\":\"r\",\"method\":\"release/listens\","
                    + "\"params\":{\"_meta\":" + META + "}}", Map.of()); // ends the held streams
            for (var listen : listens) {
                if (listen.isDone() && !listen.isCompletedExceptionally()) {
                    listen.get().body().close();
                }
            }
        }
    }

    private static String listCall(String id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/list\",\"params\":{\"_meta\":"
                + META + "}}";
    }

    @Test
    void aTranslatorThatThrowsIsAnsweredWithAJsonRpcInternalError() throws Exception {
        HttpResponse<String> answer = modern("boom/translator", "{\"jsonrpc\":\"2.0\",\"id\":\"b\","
                + "\"method\":\"boom/translator\",\"params\":{\"_meta\":" + META + "}}", Map.of());
        assertEquals(500, answer.statusCode(), answer.body());
        JsonObject error = json(answer.body()).getJsonObject("error");
        assertEquals(-32603, error.getInt("code"), answer.body());
        assertEquals("b", json(answer.body()).getString("id"));
    }

    @Test
    void aForgedMarkerIsRefusedAndNeverReachesTheServer() throws Exception {
        EventLog log = EventLog.cleared(deploymentUrl);
        spy("DELETE");
        HttpResponse<String> answer = modern("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/list\","
                + "\"params\":{\"_meta\":" + META + "}}", Map.of("Mcp-Gate-Bridge", "forged"));
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals(-32600, json(answer.body()).getJsonObject("error").getInt("code"), answer.body());
        assertEquals("0 0", spy("GET"), "nothing reached the servlet");
        RecordedEvent row = log.awaitUntil("the refused row", all -> all.stream().anyMatch(e -> isRow(e, "9")))
                .stream().filter(e -> isRow(e, "9")).findFirst().orElseThrow();
        assertEquals("REJECTED", row.text("outcome"), row.toString());
    }

    @Test
    void aLegacyClientOfTheLegacyServerGoesThroughUnbridged() throws Exception {
        // the server's era learnt first: before that, an exchange of either era goes to a bridge thread for the probe
        assertEquals(200, modern("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{\"_meta\":" + META + "}}", Map.of()).statusCode());
        EventLog log = EventLog.cleared(deploymentUrl);
        String sessionId;
        try (JavaSdkSession session = JavaSdkSession.create(deploymentUrl, "/mcp", "legacy-it", "1.0", null)) {
            session.client().initialize();
            McpSchema.CallToolResult result = session.client().callTool(new McpSchema.CallToolRequest("echo",
                    Map.of("text", "same era")));
            assertEquals("same era", ((McpSchema.TextContent) result.content().get(0)).text());
            sessionId = session.sessionId();
        }
        List<RecordedEvent> calls = log.awaitUntil("the call's row", all -> all.stream()
                .anyMatch(e -> e.is(REQUEST_COMPLETED) && "tools/call".equals(e.mcpMethod())));
        for (RecordedEvent e : calls) {
            if (e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId())) {
                assertNull(e.text("upstreamEra"), e.toString());
                assertFalse(e.flag("bridgeLeg"), e.toString());
            }
        }
    }

    private static boolean isRow(RecordedEvent e, String jsonRpcId) {
        return e.is(REQUEST_COMPLETED) && jsonRpcId.equals(e.jsonRpcId());
    }

    private static RecordedEvent bridgedRow(List<RecordedEvent> events) {
        return events.stream().filter(e -> e.is(REQUEST_COMPLETED) && "LEGACY".equals(e.text("upstreamEra"))
                && "tools/list".equals(e.mcpMethod()) && "7".equals(e.jsonRpcId())).findFirst().orElse(null);
    }

    private static List<RecordedEvent> legs(List<RecordedEvent> events, String method) {
        return events.stream().filter(e -> e.is(REQUEST_COMPLETED) && e.flag("bridgeLeg")
                && method.equals(e.mcpMethod()) && ("initialize".equals(method) || "7".equals(e.jsonRpcId()))).toList();
    }

    private HttpResponse<String> modern(String method, String body, Map<String, String> extra) throws Exception {
        HttpRequest.Builder request = request(method, body);
        extra.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String body) throws Exception {
        return HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private String spy(String method) throws Exception {
        URI uri = URI.create(McpFilterDeployment.withContextPath(deploymentUrl).toString().replaceAll("/?$", "/")
                + "marker-spy");
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private URI endpoint() throws Exception {
        return URI.create(McpFilterDeployment.withContextPath(deploymentUrl).toString().replaceAll("/?$", "") + "/mcp");
    }

    static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}

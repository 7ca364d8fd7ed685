package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.it.intercept.CdiTestInterceptor;
import dev.mcpgate.it.intercept.InterceptedServer;
import dev.mcpgate.it.intercept.TestInterceptor;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The interceptor chain in a real server: the packaged filter on embedded Tomcat in front of an MCP Java
 * SDK 2.1.0 server ({@link InterceptedServer}, which tells what it saw), driven by the SDK's client and by
 * raw HTTP, with {@link TestInterceptor} registered through {@code META-INF/services} in the WAR.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedInterceptorIT {

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat().addPackage(TestInterceptor.class.getPackage())
                .addAsServiceProvider(McpInterceptor.class, TestInterceptor.class);
    }

    private JavaSdkSession session() {
        return JavaSdkSession.create(deploymentUrl, InterceptedServer.PATH, "interceptor-it", "1.0", null);
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static McpSchema.CallToolResult record(McpSyncClient mcp, String text) {
        return mcp.callTool(new McpSchema.CallToolRequest("record", Map.of("text", text)));
    }

    private static String seen(McpSyncClient mcp) {
        return text(mcp.callTool(new McpSchema.CallToolRequest("seen", Map.of())));
    }

    @Test
    void aDeniedCallFailsAtTheClientTheServerNeverSeesItAndItsRowSaysBlockedByTheRule() {
        String marker = "before-" + UUID.randomUUID();
        String sessionId;
        try (JavaSdkSession session = session()) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            assertEquals(marker, text(record(mcp, marker)));
            assertThrows(RuntimeException.class, () -> record(mcp, TestInterceptor.DENY));
            String seen = seen(mcp);
            assertTrue(seen.contains(marker), seen);
            assertFalse(List.of(seen.split(",")).contains(TestInterceptor.DENY), "the server saw: " + seen);
            sessionId = session.sessionId();
        }
        RecordedEvent row = awaitCallRow(sessionId, "BLOCKED");
        assertEquals("deny-text", row.text("rule"));
        assertEquals(403L, row.number("httpStatus"));
        assertEquals((long) TestInterceptor.DENIED_CODE, row.number("errorCode"));
        assertEquals(TestInterceptor.DENIED_MESSAGE, row.text("errorMessage"));
    }

    @Test
    void aMockedCallIsAnsweredWithoutTheServer() {
        String sessionId;
        try (JavaSdkSession session = session()) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            McpSchema.CallToolResult result = record(mcp, TestInterceptor.MOCK);
            assertEquals(TestInterceptor.MOCKED, text(result));
            assertFalse(List.of(seen(mcp).split(",")).contains(TestInterceptor.MOCK));
            sessionId = session.sessionId();
        }
        RecordedEvent row = awaitCallRow(sessionId, "MOCKED");
        assertEquals("mock-text", row.text("rule"));
        assertEquals(200L, row.number("httpStatus"));
    }

    @Test
    void aCdiBeanInterceptorIsFoundAndRunsBeforeOneWithoutPriority() {
        try (JavaSdkSession session = session()) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            assertEquals(CdiTestInterceptor.MOCKED, text(record(mcp, CdiTestInterceptor.CDI_MOCK)));
            assertEquals(CdiTestInterceptor.MOCKED, text(record(mcp, CdiTestInterceptor.ORDER_PROBE)),
                    "@Priority(1) answers before the service-loaded interceptor, which would block it");
        }
    }

    @Test
    void aModifiedCallReachesTheServerWithTheNewArguments() {
        String sessionId;
        try (JavaSdkSession session = session()) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            assertEquals(TestInterceptor.SHOUTED, text(record(mcp, TestInterceptor.SHOUT)));
            assertTrue(List.of(seen(mcp).split(",")).contains(TestInterceptor.SHOUTED));
            sessionId = session.sessionId();
        }
        RecordedEvent row = awaitCallRow(sessionId, "MODIFIED");
        assertEquals("shout-text", row.text("rule"));
        assertEquals("record", row.text("target"));
    }

    @Test
    void aBlockIsTheVerdictsStatusHeadersAndJsonRpcErrorWithTheRequestsId() {
        RawHttp.Answer answer = new RawHttp(deploymentUrl).send("POST", "/mcp/modern", modernHeaders("tools/call",
                "record"), bytes("{\"jsonrpc\":\"2.0\",\"id\":\"call-7\",\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"record\",\"arguments\":{\"text\":\"deny\"},\"_meta\":" + modernMeta() + "}}"),
                false);
        assertEquals(403, answer.status(), answer.body());
        assertEquals("yes", answer.header(TestInterceptor.DENIED_HEADER));
        assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.header("Content-Type"));
        JsonObject body = EventLog.parse(answer.body()).asJsonObject();
        assertEquals("call-7", body.getString("id"));
        assertEquals(TestInterceptor.DENIED_CODE, body.getJsonObject("error").getInt("code"));
        assertEquals(TestInterceptor.DENIED_MESSAGE, body.getJsonObject("error").getString("message"));
    }

    @Test
    void aBlockedNotificationGetsTheStatusAndAnErrorWithoutId() {
        RawHttp.Answer answer = new RawHttp(deploymentUrl).send("POST", "/mcp/modern",
                modernHeaders(TestInterceptor.DENIED_NOTIFICATION, null), bytes("{\"jsonrpc\":\"2.0\",\"method\":\""
                        + TestInterceptor.DENIED_NOTIFICATION + "\",\"params\":{\"_meta\":" + modernMeta() + "}}"),
                false);
        assertEquals(403, answer.status(), answer.body());
        JsonObject body = EventLog.parse(answer.body()).asJsonObject();
        assertTrue(body.isNull("id"), answer.body());
        assertEquals(TestInterceptor.DENIED_CODE, body.getJsonObject("error").getInt("code"));
    }

    @Test
    void aMockForAClientThatAcceptsOnlyAnEventStreamIsOneSseEvent() {
        List<String> headers = new java.util.ArrayList<>(modernHeaders("tools/call", "record"));
        headers.set(0, "Accept: text/event-stream");
        RawHttp.Answer answer = new RawHttp(deploymentUrl).send("POST", "/mcp/modern", headers,
                bytes("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"record\","
                        + "\"arguments\":{\"text\":\"mock\"},\"_meta\":" + modernMeta() + "}}"), false);
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.header("Content-Type").startsWith("text/event-stream"), answer.header("Content-Type"));
        assertTrue(answer.body().startsWith("event: message\ndata: {"), answer.body());
        JsonObject message = EventLog.parse(answer.body().substring(answer.body().indexOf('{')).trim())
                .asJsonObject();
        assertEquals(9, message.getInt("id"));
        assertEquals(TestInterceptor.MOCKED, message.getJsonObject("result").getJsonArray("content")
                .getJsonObject(0).getString("text"));
    }

    @Test
    void aBatchWithOneDeniedMessageIsRefusedWholeAndTheServerSeesNoneOfIt() {
        String marker = "batch-" + UUID.randomUUID();
        String call = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{\"name\":\"record\","
                + "\"arguments\":{\"text\":\"%s\"}}}";
        RawHttp.Answer answer = new RawHttp(deploymentUrl).send("POST", InterceptedServer.PATH, List.of(
                "Accept: application/json, text/event-stream", "Content-Type: application/json",
                "MCP-Protocol-Version: 2025-03-26"), bytes("[" + String.format(call, 1, marker) + ","
                        + String.format(call, 2, TestInterceptor.DENY) + "]"), false);
        assertEquals(403, answer.status(), answer.body());
        JsonObject body = EventLog.parse(answer.body()).asJsonObject();
        assertTrue(body.isNull("id"), answer.body());
        assertEquals(TestInterceptor.DENIED_CODE, body.getJsonObject("error").getInt("code"));
        try (JavaSdkSession session = session()) {
            session.client().initialize();
            String seen = seen(session.client());
            assertFalse(seen.contains(marker), "the server saw the batch's first call: " + seen);
        }
    }

    private static List<String> modernHeaders(String method, String name) {
        List<String> headers = new java.util.ArrayList<>(List.of("Accept: application/json, text/event-stream",
                "Content-Type: application/json", "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: " + method));
        if (name != null) {
            headers.add("Mcp-Name: " + name);
        }
        return headers;
    }

    private static String modernMeta() {
        return "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientInfo\":"
                + "{\"name\":\"raw\",\"version\":\"1\"}}";
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private RecordedEvent awaitCallRow(String sessionId, String outcome) {
        assertNotNull(sessionId);
        EventLog log = new EventLog(EventLog.client(), deploymentUrl);
        List<RecordedEvent> events = log.awaitUntil("the " + outcome + " row of session " + sessionId,
                all -> all.stream().anyMatch(e -> isCall(e, sessionId, outcome)));
        return events.stream().filter(e -> isCall(e, sessionId, outcome)).findFirst().orElseThrow();
    }

    private static boolean isCall(RecordedEvent e, String sessionId, String outcome) {
        return e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId()) && "tools/call".equals(e.mcpMethod())
                && outcome.equals(e.text("outcome"));
    }
}

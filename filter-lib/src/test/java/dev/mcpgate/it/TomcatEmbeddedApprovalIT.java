package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.it.approval.ApprovalDesk;
import dev.mcpgate.it.approval.HoldingInterceptor;
import dev.mcpgate.it.intercept.InterceptedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Holds for approval in a real server: the packaged filter on embedded Tomcat in front of an MCP Java SDK
 * 2.1.0 server, an interceptor from {@code META-INF/services} that holds calls through the filter's
 * approvals (as the rules file's {@code hold} action does), and an operator deciding through
 * {@link ApprovalDesk}. The SDK client's call waits until the decision; the server sees only approved calls.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedApprovalIT {

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat().addPackage(InterceptedServer.class.getPackage())
                .addPackage(HoldingInterceptor.class.getPackage())
                .addAsServiceProvider(McpInterceptor.class, HoldingInterceptor.class);
    }

    private JavaSdkSession session() {
        return JavaSdkSession.create(deploymentUrl, InterceptedServer.PATH, "approval-it", "1.0", null);
    }

    private static McpSchema.CallToolResult record(McpSyncClient mcp, String text) {
        return mcp.callTool(new McpSchema.CallToolRequest("record", Map.of("text", text)));
    }

    private String seen() {
        try (JavaSdkSession other = session()) {
            other.client().initialize();
            return ((McpSchema.TextContent) other.client().callTool(new McpSchema.CallToolRequest("seen", Map.of()))
                    .content().get(0)).text();
        }
    }

    @Test
    void aHeldCallWaitsForTheOperatorAndReachesTheServerOnceApproved() throws Exception {
        String marker = HoldingInterceptor.HOLD + UUID.randomUUID();
        try (JavaSdkSession session = session()) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> record(mcp, marker));
            String id = awaitHold(marker);
            assertFalse(call.isDone(), "the call waits for the decision");
            assertFalse(List.of(seen().split(",")).contains(marker), "the server has not seen the held call");

            assertEquals("DECIDED", decide(id, "approve", null));

            McpSchema.CallToolResult result = call.get(30, TimeUnit.SECONDS);
            assertEquals(marker, ((McpSchema.TextContent) result.content().get(0)).text());
            assertTrue(List.of(seen().split(",")).contains(marker), "the server saw the approved call");
            RecordedEvent decided = awaitDecision(id);
            assertEquals("APPROVED", decided.text("decision"));
            assertEquals(ApprovalDesk.OPERATOR, decided.text("decidedBy"));
            assertEquals(HoldingInterceptor.RULE, decided.text("rule"));
            assertEquals(HoldingInterceptor.RULES_VERSION, decided.text("rulesVersion"));
            assertEquals("record", decided.text("target"));
            assertEquals(64, decided.text("argumentsDigest").length());
            assertEquals("DECIDED".equals(decide(id, "deny", null)), false, "a hold is decided once");
        }
    }

    @Test
    void aDeniedCallFailsAtTheClientWithTheReasonAndTheServerNeverSeesIt() throws Exception {
        String marker = HoldingInterceptor.HOLD + UUID.randomUUID();
        String sessionId;
        try (JavaSdkSession session = session()) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            CompletableFuture<McpSchema.CallToolResult> call = CompletableFuture.supplyAsync(() -> record(mcp, marker));
            String id = awaitHold(marker);

            assertEquals("DECIDED", decide(id, "deny", "not today"));

            Exception failure = assertThrows(Exception.class, () -> call.get(30, TimeUnit.SECONDS));
            assertTrue(String.valueOf(failure.getMessage()).contains("not today"), failure.toString());
            sessionId = session.sessionId();
            assertEquals("DENIED", awaitDecision(id).text("decision"));
        }
        assertFalse(List.of(seen().split(",")).contains(marker), "the server never saw the denied call");
        RecordedEvent row = awaitCallRow(sessionId, "BLOCKED");
        assertEquals(HoldingInterceptor.RULE, row.text("rule"));
        assertEquals(200L, row.number("httpStatus"));
    }

    @Test
    void aCallNobodyDecidesFailsAfterItsTimeoutAndItsDecisionSaysSo() {
        String marker = HoldingInterceptor.HOLD_BRIEFLY + UUID.randomUUID();
        String sessionId;
        try (JavaSdkSession session = session()) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            RuntimeException failure = assertThrows(RuntimeException.class, () -> record(mcp, marker));
            assertTrue(String.valueOf(failure.getMessage()).contains("not approved in time"), failure.toString());
            sessionId = session.sessionId();
        }
        assertFalse(List.of(seen().split(",")).contains(marker), "the server never saw the call");
        RecordedEvent row = awaitCallRow(sessionId, "BLOCKED");
        assertEquals(HoldingInterceptor.RULE, row.text("rule"));
        EventLog log = new EventLog(EventLog.client(), deploymentUrl);
        List<RecordedEvent> events = log.awaitUntil("a timed-out decision", all -> all.stream()
                .anyMatch(e -> e.is("ApprovalDecided") && "TIMED_OUT".equals(e.text("decision"))
                        && sessionId.equals(e.text("sessionId"))));
        assertNotNull(events);
    }

    /** Polls the desk until a hold whose arguments carry {@code marker} is pending; its id. */
    private String awaitHold(String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = EventLog.client().send(HttpRequest.newBuilder(desk("")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            try (var reader = Json.createReader(new StringReader(answer.body()))) {
                JsonArray holds = reader.readArray();
                for (JsonObject hold : holds.getValuesAs(JsonObject.class)) {
                    if (hold.getString("arguments").contains(marker)) {
                        return hold.getString("id");
                    }
                }
            }
            Thread.sleep(20); // a poll's pause, not a synchronisation: the loop ends on what the desk says
        }
        throw new AssertionError("no hold for " + marker + " within 20 s");
    }

    private String decide(String id, String decision, String reason) throws Exception {
        String query = "?id=" + id + "&decision=" + decision
                + (reason == null ? "" : "&reason=" + URLEncoder.encode(reason, StandardCharsets.UTF_8));
        HttpResponse<String> answer = EventLog.client().send(HttpRequest.newBuilder(desk(query))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return answer.body();
    }

    private URI desk(String query) {
        return URI.create(deploymentUrl.toString().replaceAll("/?$", "") + ApprovalDesk.PATH + query);
    }

    private RecordedEvent awaitDecision(String id) {
        EventLog log = new EventLog(EventLog.client(), deploymentUrl);
        return log.awaitUntil("the decision of hold " + id, all -> all.stream()
                .anyMatch(e -> e.is("ApprovalDecided") && id.equals(e.text("holdId")))).stream()
                .filter(e -> e.is("ApprovalDecided") && id.equals(e.text("holdId"))).findFirst().orElseThrow();
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

package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.it.answer.AnswerInterceptor;
import dev.mcpgate.it.deployment.McpTestServers;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server's answer held back and rewritten in the interceptors' response phase, in a real server: the
 * packaged filter on embedded Tomcat in front of the MCP Java SDK 2.1.0 server ({@code /mcp}, answers as
 * SSE) and a JSON servlet ({@code /mcp/modern}, which flushes half a body), with {@link AnswerInterceptor}
 * registered through {@code META-INF/services}; the SDK client (and raw HTTP) sees the rewritten answers.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedAnswerRewriteIT {

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat().addPackage(AnswerInterceptor.class.getPackage())
                .addAsServiceProvider(McpInterceptor.class, AnswerInterceptor.class);
    }

    private JavaSdkSession session(java.util.function.Consumer<McpSchema.ProgressNotification> progress) {
        return JavaSdkSession.create(deploymentUrl, McpTestServers.MCP_PATH, "answer-it", "1.0", progress);
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void aToolResultRewrittenInTheResponsePhaseReachesTheSdkClientAndItsRowSaysModifiedByTheRule() {
        String sessionId;
        try (JavaSdkSession session = session(null)) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("echo",
                    Map.of("text", "h\u00e9llo \uD83D\uDE00")));
            assertEquals(AnswerInterceptor.PREFIX + "h\u00e9llo \uD83D\uDE00", text(result));
            sessionId = session.sessionId();
        }
        RecordedEvent row = awaitCallRow(sessionId, "tools/call", "MODIFIED");
        assertEquals(AnswerInterceptor.CALL_RULE, row.text("rule"));
        assertEquals("echo", row.text("target"));
    }

    @Test
    void aToolsListFilteredInTheResponsePhaseHidesTheToolFromTheSdkClient() {
        try (JavaSdkSession session = session(null)) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            Set<String> tools = mcp.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
            assertEquals(Set.of("echo", "progress", "fail"), tools, "the server offers boom too");
        }
    }

    @Test
    void anErrorInsteadOfTheAnswerFailsTheCallAtTheSdkClient() {
        try (JavaSdkSession session = session(null)) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            RuntimeException failure = assertThrows(RuntimeException.class, () -> mcp.callTool(
                    new McpSchema.CallToolRequest("echo", Map.of("text", AnswerInterceptor.WITHHOLD))));
            Throwable cause = failure;
            while (cause != null && !(cause instanceof McpError)) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof McpError, () -> "not a JSON-RPC error: " + failure);
            assertEquals(AnswerInterceptor.WITHHELD_CODE, ((McpError) cause).getJsonRpcError().code());
        }
    }

    @Test
    void progressNotificationsReachTheSdkClientWhileTheAnswerIsStillToComeAndTheAnswerIsRewritten() {
        List<Long> progressAt = new CopyOnWriteArrayList<>();
        try (JavaSdkSession session = session(p -> progressAt.add(System.nanoTime()))) {
            McpSyncClient mcp = session.client();
            mcp.initialize();
            McpSchema.CallToolResult result = mcp.callTool(McpSchema.CallToolRequest.builder("progress")
                    .arguments(Map.of("steps", 2, "intervalMillis", 1500))
                    .progressToken("answer-it-progress")
                    .build());
            long answeredAt = System.nanoTime();
            assertEquals(AnswerInterceptor.PREFIX + McpTestServers.PROGRESS_RESULT, text(result));
            assertEquals(2, progressAt.size());
            // the server pauses 1.5 s after each notification: held with the answer, they would come with it
            long aheadMillis = (answeredAt - progressAt.get(0)) / 1_000_000;
            assertTrue(aheadMillis >= 1000, "the first notification came only " + aheadMillis + " ms before the answer");
        }
    }

    @Test
    void aJsonBodyFlushedInTwoHalvesReachesTheClientRewrittenWithTheRightLength() {
        RawHttp.Answer answer = new RawHttp(deploymentUrl).send("POST", McpTestServers.MODERN_PATH, List.of(
                        "Accept: application/json, text/event-stream", "Content-Type: application/json",
                        "MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/call", "Mcp-Name: echo"),
                ("{\"jsonrpc\":\"2.0\",\"id\":\"j-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                        + "\"arguments\":{\"text\":\"x\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                        + "\"2026-07-28\",\"io.modelcontextprotocol/clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}}")
                        .getBytes(StandardCharsets.UTF_8), false);
        assertEquals(200, answer.status(), answer.body());
        JsonObject body = EventLog.parse(answer.body()).asJsonObject();
        assertEquals("j-1", body.getString("id"));
        assertEquals(AnswerInterceptor.PREFIX + "modern \u2713 tools/call echo \u00e9t\u00e9",
                body.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
        String length = answer.header("Content-Length");
        if (length != null) { // else chunked: the servlet flushed after the value closed, the length was unknown
            assertEquals(answer.body().getBytes(StandardCharsets.UTF_8).length, Integer.parseInt(length));
        }
    }

    private RecordedEvent awaitCallRow(String sessionId, String method, String outcome) {
        assertNotNull(sessionId);
        EventLog log = new EventLog(EventLog.client(), deploymentUrl);
        List<RecordedEvent> events = log.awaitUntil("the " + outcome + " " + method + " row of session " + sessionId,
                all -> all.stream().anyMatch(e -> isRow(e, sessionId, method, outcome)));
        return events.stream().filter(e -> isRow(e, sessionId, method, outcome)).findFirst().orElseThrow();
    }

    private static boolean isRow(RecordedEvent e, String sessionId, String method, String outcome) {
        return e.is(REQUEST_COMPLETED) && sessionId.equals(e.sessionId()) && method.equals(e.mcpMethod())
                && outcome.equals(e.text("outcome"));
    }
}

package dev.mcpgate.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway in front of a non-Java MCP server: the WAR (Tomcat flavour, embedded Tomcat) with
 * {@code upstream-url} pointing at a TypeScript SDK server on Node ({@link TypeScriptUpstream}),
 * driven by the MCP Java SDK client. Runs with {@code mvn verify -Pnode}.
 */
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedTypeScriptUpstreamIT {

    private static final TypeScriptUpstream UPSTREAM = TypeScriptUpstream.start();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TomcatEmbeddedGatewayWarIT.withRealm(
                GatewayWars.war(GatewayWars.Flavour.TOMCAT, "mcpgate-ts-gateway", UPSTREAM.url()));
    }

    @ArquillianResource
    URL gateway;

    @AfterAll
    static void stopUpstream() throws InterruptedException {
        UPSTREAM.close();
    }

    @Test
    void javaClientThroughTheGatewayToTypeScriptServerGetsProgressBeforeTheResult() {
        List<Long> progressAt = new CopyOnWriteArrayList<>();
        long resultAt;
        String sessionId;
        try (McpSdkClient client = new McpSdkClient(gateway, "war-it-ts", p -> progressAt.add(System.nanoTime()))) {
            McpSchema.InitializeResult init = client.client().initialize();
            assertEquals("mcpgate-ts-upstream", init.serverInfo().name());
            assertEquals("from java", text(client.client().callTool(McpSchema.CallToolRequest.builder("echo")
                    .arguments(Map.of("text", "from java")).build())));
            CallToolResult done = client.client().callTool(McpSchema.CallToolRequest.builder("progress")
                    .arguments(Map.of("steps", 4, "intervalMs", 300)).progressToken("ts-progress").build());
            resultAt = System.nanoTime();
            assertEquals("done", text(done));
            assertTrue(client.client().callTool(McpSchema.CallToolRequest.builder("fail").arguments(Map.of())
                    .build()).isError());
            sessionId = client.sessionId();
        }
        assertEquals(4, progressAt.size(), "progress notifications relayed from the TypeScript server");
        assertTrue(resultAt - progressAt.get(0) > 600_000_000L, "the first progress arrived only "
                + (resultAt - progressAt.get(0)) / 1_000_000 + " ms before the result: buffered, not streamed");

        JsonArray rows = new ApiClient(gateway).awaitItems("mcpgate/api/requests?session=" + sessionId,
                AbstractGatewayWarIT.ADMIN, AbstractGatewayWarIT.PASSWORD,
                items -> items.stream().map(JsonValue::asJsonObject).filter(r -> "tools/call".equals(
                        r.getString("mcpMethod", null))).count() == 3);
        JsonObject fail = rows.stream().map(JsonValue::asJsonObject)
                .filter(r -> "fail".equals(r.getString("target", null))).findFirst().orElseThrow();
        assertEquals("tool_error", fail.getString("outcome"));
        JsonObject progress = rows.stream().map(JsonValue::asJsonObject)
                .filter(r -> "progress".equals(r.getString("target", null))).findFirst().orElseThrow();
        assertEquals("ok", progress.getString("outcome"));
        assertTrue(progress.getBoolean("sse"), progress.toString());
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}

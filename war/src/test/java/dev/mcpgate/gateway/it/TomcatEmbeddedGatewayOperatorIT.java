package dev.mcpgate.gateway.it;

import static dev.mcpgate.gateway.it.AbstractGatewayWarIT.ADMIN;
import static dev.mcpgate.gateway.it.AbstractGatewayWarIT.PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The operator's paths of the gateway WAR (Tomcat flavour, embedded Tomcat, demo mode), driven by a
 * real MCP Java SDK client: a rules file ({@code dev.mcpgate.rules-file}) whose {@code hold} rule
 * makes the client's call wait for a decision in the approvals API, and catalogue pinning
 * ({@code dev.mcpgate.catalogue-pinning=enforce}) approved through the pins API. Both are settings
 * of the filter given as context-params, the way a user configures the WAR.
 */
@ExtendWith(ArquillianExtension.class)
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedGatewayOperatorIT {

    /** The demo server's echo tool waits for an operator; the other tools pass. */
    private static final String RULES = """
            {"default": "allow", "rules": [
              {"name": "hold-echo", "match": {"tool": "echo"}, "action": "hold", "timeout": "PT30S"}
            ]}
            """;

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = GatewayWars.war(GatewayWars.Flavour.TOMCAT, "mcpgate-operator", null);
        GatewayWars.withContextParam(war, "dev.mcpgate.rules-file", rulesFile().toString());
        GatewayWars.withContextParam(war, "dev.mcpgate.catalogue-pinning", "enforce");
        GatewayWars.withContextParam(war, "dev.mcpgate.schema-history", "true");
        return TomcatEmbeddedGatewayWarIT.withRealm(war);
    }

    @ArquillianResource
    URL operator;

    private ApiClient api;

    /** Until pinning has read its approvals every tool is held back (fail-closed): wait for that. */
    @BeforeEach
    void pinningLoaded() {
        api = new ApiClient(operator);
        api.await("mcpgate/api/pins", ADMIN, PASSWORD, pins -> pins.json().getBoolean("loaded"));
    }

    @Test
    void heldCallWaitsForTheOperatorAndCompletesWhenApprovedOrFailsWhenDenied() throws Exception {
        try (McpSdkClient client = new McpSdkClient(operator, "war-it-operator", null)) {
            client.client().initialize();
            assertFalse(client.client().callTool(call("server-time", Map.of())).isError(), "no hold rule: passes");

            CompletableFuture<CallToolResult> approved = CompletableFuture.supplyAsync(
                    () -> client.client().callTool(call("echo", Map.of("text", "approve me"))));
            JsonObject held = awaitPending("approve me");
            assertEquals("hold-echo", held.getString("rule"), held.toString());
            assertEquals("echo", held.getString("target"), held.toString());
            assertFalse(approved.isDone(), "the client's call waits while the hold is pending");
            ApiClient.Answer decided = api.post("mcpgate/api/approvals/" + held.getString("id"), ADMIN, PASSWORD,
                    "{\"decision\":\"approve\",\"reason\":\"looks fine\"}");
            assertEquals(200, decided.status(), decided.body());
            assertEquals("approve me", text(approved.get(30, TimeUnit.SECONDS)), "the server's own answer");

            CompletableFuture<CallToolResult> denied = CompletableFuture.supplyAsync(
                    () -> client.client().callTool(call("echo", Map.of("text", "deny me"))));
            JsonObject second = awaitPending("deny me");
            decided = api.post("mcpgate/api/approvals/" + second.getString("id"), ADMIN, PASSWORD,
                    "{\"decision\":\"deny\",\"reason\":\"not today\"}");
            assertEquals(200, decided.status(), decided.body());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> denied.get(30, TimeUnit.SECONDS));
            McpError error = (McpError) McpError.findRootCause(refused);
            assertEquals(-32001, error.getJsonRpcError().code(), error.toString());
            assertTrue(error.getJsonRpcError().message().contains("not today"), error.toString());

            assertEquals(409, api.post("mcpgate/api/approvals/" + second.getString("id"), ADMIN, PASSWORD,
                    "{\"decision\":\"approve\"}").status(), "a hold is decided once");
            assertDecisionsStored(held.getString("id"), second.getString("id"));
            assertEchoRows(client.sessionId());
        }
    }

    /** The recorder's rows: the approved call went on to the server; the denied one is blocked by the rule. */
    private void assertEchoRows(String sessionId) {
        var echo = api.awaitItems("mcpgate/api/requests?session=" + sessionId + "&limit=50", ADMIN, PASSWORD,
                items -> items.stream().map(JsonValue::asJsonObject)
                        .filter(r -> "echo".equals(r.getString("target", null))).count() == 2)
                .stream().map(JsonValue::asJsonObject).filter(r -> "echo".equals(r.getString("target", null)))
                .map(r -> r.getString("outcome") + ":" + r.getString("rule", null)).sorted().toList();
        assertEquals(java.util.List.of("blocked:hold-echo", "ok:null"), echo);
    }

    @Test
    void operatorApprovesTheCurrentToolCatalogueThroughThePinsApi() {
        try (McpSdkClient client = new McpSdkClient(operator, "war-it-pins", null)) {
            client.client().initialize();
            assertEquals(4, client.client().listTools().tools().size(), "nothing approved yet: every tool listed");
            // the catalogue history records the list answer on a thread of its own
            JsonObject before = api.await("mcpgate/api/pins", ADMIN, PASSWORD,
                    pins -> !pins.json().isNull("currentVersion")).json();
            assertEquals("enforce", before.getString("mode"), before.toString());
            int current = before.getInt("currentVersion");
            ApiClient.Answer approved = api.post("mcpgate/api/pins", ADMIN, PASSWORD,
                    "{\"list\":\"tools/list\",\"version\":" + current + "}");
            assertEquals(200, approved.status(), approved.body());

            JsonObject after = api.get("mcpgate/api/pins", ADMIN, PASSWORD).json();
            assertTrue(after.getBoolean("upToDate"), after.toString());
            assertEquals(current, after.getJsonObject("approved").getInt("version"), after.toString());
            assertEquals(ADMIN, after.getJsonObject("approved").getString("decidedBy"), after.toString());
            assertEquals(4, client.client().listTools().tools().size(), "the approved tools stay listed");
            assertFalse(client.client().callTool(call("server-time", Map.of())).isError(), "and callable");
        }
    }

    /** Polls the approvals API until a hold of echo with these arguments is pending; returns it. */
    private JsonObject awaitPending(String text) {
        String arguments = "{\"text\":\"" + text + "\"}";
        return api.await("mcpgate/api/approvals", ADMIN, PASSWORD, answer -> pending(answer, arguments) != null)
                .json().getJsonArray("pending").stream().map(JsonValue::asJsonObject)
                .filter(p -> arguments.equals(p.getString("arguments", null))).findFirst().orElseThrow();
    }

    private static JsonObject pending(ApiClient.Answer answer, String arguments) {
        return answer.json().getJsonArray("pending").stream().map(JsonValue::asJsonObject)
                .filter(p -> arguments.equals(p.getString("arguments", null))).findFirst().orElse(null);
    }

    /** Both decisions are rows of mcp_approval (the writer is asynchronous), naming the admin. */
    private void assertDecisionsStored(String approvedId, String deniedId) {
        JsonObject answer = api.await("mcpgate/api/approvals", ADMIN, PASSWORD,
                a -> "store".equals(a.json().getString("decisionsFrom"))
                        && a.json().getJsonArray("decisions").size() >= 2).json();
        Map<String, JsonObject> byId = new java.util.HashMap<>();
        answer.getJsonArray("decisions").stream().map(JsonValue::asJsonObject).forEach(d -> byId.put(d.getString("id"), d));
        assertEquals("approved", byId.get(approvedId).getString("decision"), answer.toString());
        assertEquals("denied", byId.get(deniedId).getString("decision"), answer.toString());
        assertEquals("not today", byId.get(deniedId).getString("reason"), answer.toString());
        assertTrue(byId.values().stream().allMatch(d -> ADMIN.equals(d.getString("decidedBy"))), answer.toString());
        assertEquals(0, answer.getInt("pendingCount"), answer.toString());
    }

    private static Path rulesFile() {
        try {
            Path file = Files.createTempFile("mcpgate-it-rules", ".json");
            Files.writeString(file, RULES);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments) {
        return McpSchema.CallToolRequest.builder(tool).arguments(arguments).build();
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}

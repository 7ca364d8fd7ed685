package dev.mcpgate.conformance.sdk210;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An MCP Java SDK 2.1.0 client session against a URL (loaded through {@link Sdk210}): initialize, list the
 * tools, {@code echo}, {@code progress} with a progress token, {@code fail} (tool error), {@code boom}
 * (JSON-RPC error), {@code test_elicitation} (the server asks the client; the client accepts), then
 * {@code test_trigger_tool_change} and the {@code notifications/tools/list_changed} that must follow on the
 * session's GET stream, and DELETE. Only JDK types cross back: a map of what happened.
 */
public final class LegacyClientRun implements Function<String, Map<String, Object>> {

    public static final String CLIENT_NAME = "mcpgate-bridge-e2e-legacy";
    static final Duration LIST_CHANGE_WAIT = Duration.ofSeconds(15);

    @Override
    public Map<String, Object> apply(String url) {
        URI uri = URI.create(url);
        List<Double> progress = new CopyOnWriteArrayList<>();
        CountDownLatch listChanged = new CountDownLatch(1);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        uri.getScheme() + "://" + uri.getAuthority())
                .endpoint(uri.getPath())
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation(CLIENT_NAME, "1.0.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        Map.of("username", "e2e", "email", "e2e@example.org")))
                .progressConsumer(p -> progress.add(p.progress()))
                .toolsChangeConsumer(tools -> listChanged.countDown())
                .build();
        Map<String, Object> seen = new LinkedHashMap<>();
        try {
            step(seen, "protocolVersion", () -> {
                McpSchema.InitializeResult init = client.initialize();
                seen.put("serverName", init.serverInfo().name());
                return init.protocolVersion();
            });
            step(seen, "tools", () -> client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
            step(seen, "echo", () -> text(client.callTool(call("echo", Map.of("text", "hello bridge"), null))));
            step(seen, "progressText", () -> text(client.callTool(call("progress", Map.of(), "e2e-progress"))));
            seen.put("progress", List.copyOf(progress));
            step(seen, "failIsError", () -> Boolean.TRUE.equals(client.callTool(call("fail", Map.of(), null))
                    .isError()));
            step(seen, "boomCode", () -> boom(client));
            step(seen, "elicitation", () -> text(client.callTool(call("test_elicitation", Map.of(), null))));
            step(seen, "triggered", () -> text(client.callTool(call("test_trigger_tool_change", Map.of(), null))));
            step(seen, "listChanged", () -> listChanged.await(LIST_CHANGE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } finally {
            step(seen, "closed", () -> {
                client.closeGracefully();
                return true;
            });
        }
        return seen;
    }

    /** One step's value, or "ERROR ..." when it threw: every step is tried, and the test shows which failed. */
    private static void step(Map<String, Object> seen, String key, java.util.concurrent.Callable<Object> step) {
        try {
            seen.put(key, step.call());
        } catch (Exception e) {
            seen.put(key, "ERROR " + e);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Object boom(McpSyncClient client) {
        try {
            client.callTool(call("boom", Map.of(), null));
            return "no error";
        } catch (McpError e) {
            return e.getJsonRpcError().code();
        }
    }

    private static McpSchema.CallToolRequest call(String tool, Map<String, Object> arguments, String progressToken) {
        McpSchema.CallToolRequest.Builder builder = McpSchema.CallToolRequest.builder(tool).arguments(arguments);
        if (progressToken != null) {
            builder.progressToken(progressToken);
        }
        return builder.build();
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).findFirst().orElse(null);
    }
}

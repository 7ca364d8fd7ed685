package dev.mcpgate.conformance.sdk210;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * An MCP Java SDK 2.1.0 server (loaded through {@link Sdk210}) as one servlet at the given endpoint, with the
 * tools the bridge's end-to-end test calls: {@code echo}, {@code progress} (three notifications when the call
 * has a progress token), {@code fail} (tool error), {@code boom} (JSON-RPC error -32603 from a thrown
 * {@code McpError}), {@code ask} (an elicitation/create request to the client, its answer in the result) and
 * {@code test_trigger_tool_change} (notifications/tools/list_changed to every session). Returns the servlet.
 */
public final class LegacyServer implements Function<String, Object> {

    public static final String NAME = "mcpgate-bridge-e2e-sdk210";

    @Override
    public Object apply(String endpoint) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(endpoint)
                .build();
        AtomicReference<McpSyncServer> self = new AtomicReference<>();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(NAME, "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).logging().build())
                .tools(List.of(
                        tool("echo", (x, r) -> text(String.valueOf(r.arguments().get("text")), false)),
                        tool("progress", LegacyServer::progress),
                        tool("fail", (x, r) -> text("fail: a tool error, as asked", true)),
                        tool("boom", (x, r) -> {
                            throw McpError.builder(-32603).message("boom: the tool threw").build();
                        }),
                        tool("ask", (x, r) -> {
                            McpSchema.ElicitResult answer = x.createElicitation(McpSchema.ElicitFormRequest.builder(
                                    "What is your name?", Map.of("type", "object", "properties",
                                            Map.of("name", Map.of("type", "string")), "required", List.of("name")))
                                    .build());
                            return text("Hello, " + (answer.content() == null ? null : answer.content().get("name"))
                                    + " (" + answer.action() + ")", false);
                        }),
                        tool("test_trigger_tool_change", (x, r) -> {
                            self.get().notifyToolsListChanged();
                            return text("Mutation triggered", false);
                        })))
                .build();
        self.set(server);
        return transport;
    }

    private static McpSchema.CallToolResult progress(McpSyncServerExchange x, McpSchema.CallToolRequest r) {
        for (int step = 1; step <= 3; step++) {
            if (r.progressToken() != null) {
                x.progressNotification(McpSchema.ProgressNotification.builder(r.progressToken(), step).total(3.0)
                        .build());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return text("progress done", false);
    }

    private static SyncToolSpecification tool(String name,
            BiFunction<McpSyncServerExchange, McpSchema.CallToolRequest, McpSchema.CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object", "properties", Map.of()))
                        .description("Bridge end-to-end tool " + name).build())
                .callHandler(handler)
                .build();
    }

    private static McpSchema.CallToolResult text(String text, boolean isError) {
        return McpSchema.CallToolResult.builder().addContent(new McpSchema.TextContent(text)).isError(isError).build();
    }
}

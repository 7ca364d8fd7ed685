package dev.mcpgate.gateway.demo;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The built-in MCP server of the gateway WAR, so that it is useful and demonstrable on its own:
 * the MCP Java SDK's streamable servlet on {@code /mcp}, behind {@code McpSessionFilter}, with a
 * few tools worth trying — {@code echo}, {@code server-time}, {@code slow-task} (reports progress
 * while it runs) and {@code failing-tool} (returns a tool error).
 */
public final class DemoMcpServer implements AutoCloseable {

    private final McpSyncServer server;

    private DemoMcpServer(McpSyncServer server) {
        this.server = server;
    }

    /** Registers the demo server's servlet at {@code path} ({@code /mcp}) of {@code context}. */
    public static DemoMcpServer install(ServletContext context, String path) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(path)
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("mcpgate-demo", "0.1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
                .tools(echo(), serverTime(), slowTask(), failingTool())
                .build();
        ServletRegistration.Dynamic servlet = context.addServlet("mcpgate-demo-server", transport);
        servlet.setAsyncSupported(true); // the SDK answers asynchronously
        servlet.addMapping(path);
        context.log("McpGate demo MCP server at " + context.getContextPath() + path);
        return new DemoMcpServer(server);
    }

    /**
     * Closes the server and stops Reactor's shared schedulers: the SDK's Reactor lives in this WAR,
     * and its threads would otherwise outlive the application (Tomcat reports them as leaks).
     */
    @Override
    public void close() {
        try {
            server.closeGracefully();
        } finally {
            reactor.core.scheduler.Schedulers.shutdownNow();
        }
    }

    private static SyncToolSpecification echo() {
        return tool("echo", "Returns the text you send.",
                Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")),
                        "required", List.of("text")),
                (exchange, request) -> result(String.valueOf(request.arguments().get("text")), false));
    }

    private static SyncToolSpecification serverTime() {
        return tool("server-time", "Returns the server's date and time (ISO-8601).",
                Map.of("type", "object"),
                (exchange, request) -> result(ZonedDateTime.now().toString(), false));
    }

    private static SyncToolSpecification slowTask() {
        return tool("slow-task", "Works for a few seconds, reporting progress every half second.",
                Map.of("type", "object", "properties", Map.of("steps", Map.of("type", "integer"))),
                DemoMcpServer::runSlowTask);
    }

    private static SyncToolSpecification failingTool() {
        return tool("failing-tool", "Always fails with a tool error (isError: true).",
                Map.of("type", "object"),
                (exchange, request) -> result("The failing tool failed, as it always does.", true));
    }

    private static CallToolResult runSlowTask(McpSyncServerExchange exchange, CallToolRequest request) {
        Object steps = request.arguments() == null ? null : request.arguments().get("steps");
        int total = steps instanceof Number n ? Math.max(1, Math.min(20, n.intValue())) : 5;
        for (int step = 1; step <= total; step++) {
            if (request.progressToken() != null) {
                exchange.progressNotification(new McpSchema.ProgressNotification(
                        request.progressToken(), step, (double) total, "step " + step + " of " + total));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result("interrupted at step " + step, true);
            }
        }
        return result("finished " + total + " steps", false);
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> inputSchema,
                                              BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name(name).description(description).inputSchema(inputSchema).build())
                .callHandler(handler)
                .build();
    }

    private static CallToolResult result(String text, boolean isError) {
        return CallToolResult.builder().addTextContent(text).isError(isError).build();
    }
}

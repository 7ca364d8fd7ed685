package dev.mcpgate.it.deployment;

import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The MCP servers of the test deployment, registered programmatically so that nothing but the
 * filter jar's web fragment decides what the filter covers.
 *
 * <ul>
 *   <li>{@value #MCP_PATH}: the MCP Java SDK streamable servlet, behind the filter (the fragment
 *       maps {@code /mcp} and {@code /mcp/*}).</li>
 *   <li>{@value #BARE_MCP_PATH}: a second SDK server with the same tools, outside the filter
 *       mapping, for bare-versus-filtered comparisons.</li>
 *   <li>{@value #MODERN_PATH}: a stateless "modern era" JSON-RPC servlet ({@link ModernEraServlet}),
 *       behind the filter through {@code /mcp/*}. The SDK servlet only answers URIs that end with
 *       its endpoint, so it never sees this path.</li>
 * </ul>
 *
 * <p>Tools: {@code echo} (returns {@code text}), {@code progress} (sends {@code steps} progress
 * notifications {@code intervalMillis} apart with the caller's progress token, then returns
 * "done"), {@code fail} (a result with {@code isError: true} and the text "it failed"),
 * {@code boom} (throws, which the SDK turns into a JSON-RPC internal error).
 */
@WebListener
public class McpTestServers implements ServletContextListener {

    public static final String MCP_PATH = "/mcp";
    public static final String BARE_MCP_PATH = "/bare/mcp";
    public static final String MODERN_PATH = "/mcp/modern";
    public static final String SERVER_NAME = "mcpgate-it-server";
    public static final String BARE_SERVER_NAME = "mcpgate-it-bare-server";
    public static final String SERVER_VERSION = "1.0.0";

    public static final String FAIL_TEXT = "it failed";
    public static final String BOOM_MESSAGE = "boom";
    public static final String PROGRESS_RESULT = "done";

    private final List<McpSyncServer> servers = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        servers.add(SdkServlets.streamable(context, "mcp-sdk", MCP_PATH, SERVER_NAME, tools()));
        servers.add(SdkServlets.streamable(context, "mcp-sdk-bare", BARE_MCP_PATH, BARE_SERVER_NAME, tools()));

        ServletRegistration.Dynamic modern = context.addServlet("mcp-modern", new ModernEraServlet());
        modern.setAsyncSupported(true);
        modern.addMapping(MODERN_PATH);
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        SdkServlets.closeAll(sce.getServletContext(), servers);
    }

    private static SyncToolSpecification[] tools() {
        return new SyncToolSpecification[] {echoTool(), progressTool(), failTool(), boomTool()};
    }

    private static SyncToolSpecification echoTool() {
        return tool("echo", "Returns the text argument.",
                Map.of("type", "object",
                        "properties", Map.of("text", Map.of("type", "string")),
                        "required", List.of("text")),
                (exchange, request) -> text(String.valueOf(request.arguments().get("text")), false));
    }

    private static SyncToolSpecification progressTool() {
        return tool("progress", "Sends progress notifications, then returns 'done'.",
                Map.of("type", "object",
                        "properties", Map.of(
                                "steps", Map.of("type", "integer"),
                                "intervalMillis", Map.of("type", "integer"))),
                McpTestServers::progress);
    }

    private static CallToolResult progress(McpSyncServerExchange exchange, CallToolRequest request) {
        int steps = intArgument(request, "steps", 3);
        long interval = intArgument(request, "intervalMillis", 100);
        Object token = request.progressToken();
        for (int step = 1; step <= steps; step++) {
            if (token != null) {
                exchange.progressNotification(McpSchema.ProgressNotification.builder(token, step)
                        .total((double) steps)
                        .message("step " + step + " of " + steps)
                        .build());
            }
            pause(interval);
        }
        return text(PROGRESS_RESULT, false);
    }

    private static SyncToolSpecification failTool() {
        return tool("fail", "Returns a tool error.", Map.of("type", "object"),
                (exchange, request) -> text(FAIL_TEXT, true));
    }

    /**
     * {@code boom} throws after this pause. MCP Java SDK 2.1.0 on Tomcat 10.1 has a race when a tool
     * fails a few milliseconds into the request (seen on the bare servlet, without the filter): the
     * SDK finds the response writer in error ("Client disconnected"), completes the async context
     * twice, and the client gets a closed connection with no response instead of the JSON-RPC
     * error. A tool that fails after a short pause gets its error answered reliably.
     */
    public static final long BOOM_DELAY_MILLIS = 200;

    private static SyncToolSpecification boomTool() {
        return tool("boom", "Throws.", Map.of("type", "object"),
                (exchange, request) -> {
                    pause(BOOM_DELAY_MILLIS);
                    throw new RuntimeException(BOOM_MESSAGE);
                });
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static SyncToolSpecification tool(String name, String description, Map<String, Object> inputSchema,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, inputSchema).description(description).build())
                .callHandler(handler)
                .build();
    }

    private static CallToolResult text(String text, boolean isError) {
        return CallToolResult.builder().addTextContent(text).isError(isError).build();
    }

    private static int intArgument(CallToolRequest request, String name, int defaultValue) {
        Object value = request.arguments() == null ? null : request.arguments().get(name);
        return value instanceof Number number ? number.intValue() : defaultValue;
    }
}

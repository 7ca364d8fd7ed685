package dev.mcpgate.it.intercept;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An MCP Java SDK server at {@value #PATH} (behind the filter) that remembers what it was called with:
 * {@code record} keeps its {@code text} argument and returns it, {@code seen} returns every text kept
 * so far, joined by commas. So a test can tell what the server saw, and that it never saw a request.
 */
@WebListener
public class InterceptedServer implements ServletContextListener {

    public static final String PATH = "/mcp/intercepted";

    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private McpSyncServer server;

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder().mcpEndpoint(PATH).build();
        server = McpServer.sync(transport)
                .serverInfo("mcpgate-it-intercepted", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(tool("record", (exchange, request) -> {
                    String text = String.valueOf(request.arguments().get("text"));
                    SEEN.add(text);
                    return text(text);
                }), tool("seen", (exchange, request) -> text(String.join(",", SEEN))))
                .build();
        ServletRegistration.Dynamic registration = sce.getServletContext().addServlet("mcp-intercepted", transport);
        registration.setAsyncSupported(true);
        registration.addMapping(PATH);
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        if (server != null) {
            server.closeGracefully();
        }
    }

    private static SyncToolSpecification tool(String name,
            java.util.function.BiFunction<io.modelcontextprotocol.server.McpSyncServerExchange,
                    McpSchema.CallToolRequest, CallToolResult> call) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object",
                        "properties", Map.of("text", Map.of("type", "string")))).description(name).build())
                .callHandler(call)
                .build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).isError(false).build();
    }
}

package dev.mcpgate.it.rules;

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
 * An MCP Java SDK server at {@value #PATH}, behind the filter and its rules file, that remembers every
 * call it got as {@code tool:text}; {@code seen} returns them joined by commas, so a test can tell that
 * the server never saw a call, or saw it with other arguments.
 */
@WebListener
public class RulesServer implements ServletContextListener {

    public static final String PATH = "/mcp/rules";
    public static final List<String> TOOLS = List.of("record", "weather", "limited", "admin_reset", "seen");

    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private McpSyncServer server;

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder().mcpEndpoint(PATH).build();
        McpServer.SyncSpecification<?> spec = McpServer.sync(transport)
                .serverInfo("mcpgate-it-rules", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build());
        for (String name : TOOLS) {
            spec.tools(tool(name));
        }
        server = spec.build();
        ServletRegistration.Dynamic registration = sce.getServletContext().addServlet("mcp-rules", transport);
        registration.setAsyncSupported(true);
        registration.addMapping(PATH);
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        if (server != null) {
            server.closeGracefully();
        }
    }

    private static SyncToolSpecification tool(String name) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object",
                        "properties", Map.of("text", Map.of("type", "string")))).description(name).build())
                .callHandler((exchange, request) -> {
                    if (name.equals("seen")) {
                        return text(String.join(",", SEEN));
                    }
                    String text = name + ":" + request.arguments().get("text");
                    SEEN.add(text);
                    return text(text);
                })
                .build();
    }

    private static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).isError(false).build();
    }
}

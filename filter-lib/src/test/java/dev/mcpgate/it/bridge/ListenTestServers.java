package dev.mcpgate.it.bridge;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.Map;

/**
 * The legacy server of the listen-relay IT: an MCP Java SDK 2.1.0 streamable servlet at {@value #PATH}
 * (outside the filter's {@code /mcp/*} mapping: the test reaches it directly, as the bridge's loopback leg
 * would), announcing {@code listChanged} for tools and prompts and {@code resources.subscribe}. Its tools
 * and notifications are changed through {@link ListenControlServlet}.
 */
@WebListener
public class ListenTestServers implements ServletContextListener {

    public static final String PATH = "/listen/mcp";
    static final String SERVER_ATTRIBUTE = ListenTestServers.class.getName() + ".server";

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder().mcpEndpoint(PATH).build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("listen-it-server", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).prompts(true).resources(true, false)
                        .build())
                .tools(tool("echo"))
                .build();
        context.setAttribute(SERVER_ATTRIBUTE, server);
        ServletRegistration.Dynamic sdk = context.addServlet("listen-it-sdk", transport);
        sdk.setAsyncSupported(true);
        sdk.addMapping(PATH);
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        if (sce.getServletContext().getAttribute(SERVER_ATTRIBUTE) instanceof McpSyncServer server) {
            server.closeGracefully();
        }
    }

    static SyncToolSpecification tool(String name) {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, Map.of("type", "object")).description("A tool.").build())
                .callHandler((exchange, request) -> CallToolResult.builder().addTextContent(name).build())
                .build();
    }
}

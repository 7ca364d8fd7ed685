package dev.mcpgate.it.catalogue;

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
import java.util.List;
import java.util.Map;

/**
 * The servers of the catalogue-history test deployment, behind the filter:
 * <ul>
 *   <li>{@value #SDK_PATH}: an MCP Java SDK server announcing {@code tools.listChanged}, whose tools
 *       {@link CatalogueServlet} changes at runtime (the SDK then sends
 *       {@code notifications/tools/list_changed} on the clients' GET streams);</li>
 *   <li>{@value #PAGED_PATH}: {@link PagingServlet}, hand-written answers that page
 *       {@code resources/list} (the SDK server never paginates).</li>
 * </ul>
 */
@WebListener
public class CatalogueTestServers implements ServletContextListener {

    public static final String SDK_PATH = "/mcp/catalogue";
    public static final String PAGED_PATH = "/mcp/paged";
    static final String SERVER_ATTRIBUTE = CatalogueTestServers.class.getName() + ".server";

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder()
                .mcpEndpoint(SDK_PATH)
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("catalogue-it-server", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool("echo", "Returns the text argument.", "text"), tool("fail", "Returns a tool error.", null))
                .build();
        context.setAttribute(SERVER_ATTRIBUTE, server);
        ServletRegistration.Dynamic sdk = context.addServlet("mcp-catalogue-sdk", transport);
        sdk.setAsyncSupported(true);
        sdk.addMapping(SDK_PATH);
        ServletRegistration.Dynamic paged = context.addServlet("mcp-catalogue-paged", new PagingServlet());
        paged.setAsyncSupported(true);
        paged.addMapping(PAGED_PATH);
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        Object server = sce.getServletContext().getAttribute(SERVER_ATTRIBUTE);
        if (server instanceof McpSyncServer sync) {
            sync.closeGracefully();
        }
    }

    /** A tool with one string property {@code property} (or none when {@code null}). */
    static SyncToolSpecification tool(String name, String description, String property) {
        Map<String, Object> schema = property == null ? Map.of("type", "object")
                : Map.of("type", "object", "properties", Map.of(property, Map.of("type", "string")),
                        "required", List.of(property));
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(name, schema).description(description).build())
                .callHandler((exchange, request) -> CallToolResult.builder().addTextContent(name).build())
                .build();
    }
}

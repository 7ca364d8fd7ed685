package dev.mcpgate.it.deployment;

import dev.mcpgate.McpSessionFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * MCP servers that keep no session — the MCP Java SDK 2.1.0 {@code HttpServletStatelessServerTransport}
 * — each behind its own {@link McpSessionFilter} instance in {@code own} mode, registered here
 * (outside the web fragment's {@code /mcp/*}):
 *
 * <ul>
 *   <li>{@value #OWN_PATH} (endpoint {@value #OWN_ENDPOINT}): the default timeouts.</li>
 *   <li>{@value #EXPIRING_PATH} (endpoint {@value #EXPIRING_ENDPOINT}): sessions idle for
 *       {@value #EXPIRING_IDLE} end, swept every {@value #EXPIRING_SWEEP}.</li>
 *   <li>{@value #LAZY_PATH} (endpoint {@value #LAZY_ENDPOINT}): sessions end {@value #LAZY_ABSOLUTE}
 *       after they started, and the sweep runs only hourly: expiry there is the lazy check's.</li>
 *   <li>{@value #FULL_PATH} (endpoint {@value #FULL_ENDPOINT}): {@code max-sessions=1}, sweep
 *       (and so {@code Retry-After}) {@value #FULL_RETRY_AFTER_SECONDS} s.</li>
 * </ul>
 * Tool: {@code echo} (returns {@code text}).
 */
@WebListener
public class OwnModeServers implements ServletContextListener {

    public static final String OWN_PATH = "/own/mcp";
    public static final String OWN_ENDPOINT = "own";
    public static final String EXPIRING_PATH = "/own-expiring/mcp";
    public static final String EXPIRING_ENDPOINT = "own-expiring";
    public static final String EXPIRING_IDLE = "PT1S";
    public static final String EXPIRING_SWEEP = "PT0.2S";
    public static final String LAZY_PATH = "/own-lazy/mcp";
    public static final String LAZY_ENDPOINT = "own-lazy";
    public static final String LAZY_ABSOLUTE = "PT2S";
    public static final String FULL_PATH = "/own-full/mcp";
    public static final String FULL_ENDPOINT = "own-full";
    public static final int FULL_RETRY_AFTER_SECONDS = 7;
    public static final String SERVER_NAME = "mcpgate-it-stateless-server";

    private final List<McpStatelessSyncServer> servers = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        register(context, OWN_ENDPOINT, OWN_PATH, Map.of());
        register(context, EXPIRING_ENDPOINT, EXPIRING_PATH,
                Map.of("session-idle-timeout", EXPIRING_IDLE, "session-sweep-interval", EXPIRING_SWEEP));
        register(context, LAZY_ENDPOINT, LAZY_PATH,
                Map.of("session-absolute-timeout", LAZY_ABSOLUTE, "session-sweep-interval", "PT1H"));
        register(context, FULL_ENDPOINT, FULL_PATH,
                Map.of("max-sessions", "1", "session-sweep-interval", "PT" + FULL_RETRY_AFTER_SECONDS + "S"));
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        for (McpStatelessSyncServer server : servers) {
            try {
                server.closeGracefully();
            } catch (RuntimeException e) {
                sce.getServletContext().log("closing a stateless MCP test server failed", e);
            }
        }
        servers.clear();
    }

    private void register(ServletContext context, String endpoint, String path, Map<String, String> settings) {
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .messageEndpoint(path)
                .build();
        servers.add(McpServer.sync(transport)
                .serverInfo(SERVER_NAME, McpTestServers.SERVER_VERSION)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(echoTool())
                .build());
        ServletRegistration.Dynamic servlet = context.addServlet("stateless-" + endpoint, transport);
        servlet.setAsyncSupported(true);
        servlet.addMapping(path);

        FilterRegistration.Dynamic filter = context.addFilter(endpoint, new McpSessionFilter());
        filter.setAsyncSupported(true);
        filter.setInitParameter("mode", "own");
        filter.setInitParameter("endpoint-name", endpoint);
        settings.forEach(filter::setInitParameter);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false,
                path.substring(0, path.lastIndexOf('/')) + "/*");
    }

    private static McpStatelessServerFeatures.SyncToolSpecification echoTool() {
        return McpStatelessServerFeatures.SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("echo", Map.of("type", "object",
                                "properties", Map.of("text", Map.of("type", "string")),
                                "required", List.of("text")))
                        .description("Returns the text argument.").build())
                .callHandler((transportContext, request) -> McpSchema.CallToolResult.builder()
                        .addTextContent(String.valueOf(request.arguments().get("text"))).isError(false).build())
                .build();
    }
}

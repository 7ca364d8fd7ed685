package dev.mcpgate.it.conformance;

import dev.mcpgate.McpSessionFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
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

/**
 * Two MCP Java SDK 2.1.0 servers with the conformance suite's fixtures ({@link LegacyFixtures}), for
 * the legacy conformance run: {@value #BARE_PATH} with nothing in front, and {@value #ENFORCED_PATH}
 * behind a second {@link McpSessionFilter} instance registered here at {@code guard=enforce} (endpoint
 * {@value #ENFORCED_ENDPOINT}). Both paths lie outside the web fragment's {@code /mcp} mapping.
 * Only the conformance IT's deployment holds this package.
 */
@WebListener
public class LegacyFixtureServers implements ServletContextListener {

    public static final String BARE_PATH = "/conformance/bare/mcp";
    public static final String ENFORCED_PATH = "/conformance/enforced/mcp";
    public static final String ENFORCED_ENDPOINT = "conformance-enforced";

    private final List<McpSyncServer> servers = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        servers.add(start(context, "conformance-bare", BARE_PATH));
        servers.add(start(context, "conformance-enforced", ENFORCED_PATH));
        FilterRegistration.Dynamic filter = context.addFilter("mcpgate-conformance-enforced", McpSessionFilter.class);
        filter.setAsyncSupported(true); // the SDK servlet behind it goes async
        filter.setInitParameter("endpoint-name", ENFORCED_ENDPOINT);
        filter.setInitParameter("guard", "enforce");
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, ENFORCED_PATH);
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        servers.forEach(McpSyncServer::closeGracefully);
        servers.clear();
    }

    private static McpSyncServer start(ServletContext context, String name, String path) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(path)
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("mcpgate-conformance-legacy", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .tools(false).resources(false, false).prompts(false).logging().completions().build())
                .tools(LegacyFixtures.tools())
                .resources(LegacyFixtures.resources())
                .resourceTemplates(LegacyFixtures.resourceTemplates())
                .prompts(LegacyFixtures.prompts())
                .completions(LegacyFixtures.completions())
                .build();
        ServletRegistration.Dynamic registration = context.addServlet(name, transport);
        registration.setAsyncSupported(true);
        registration.addMapping(path);
        return server;
    }
}

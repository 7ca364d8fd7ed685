package dev.mcpgate.it.conformance.bridged;

import dev.mcpgate.McpSessionFilter;
import dev.mcpgate.it.conformance.BridgeFixtures;
import dev.mcpgate.it.conformance.LegacyFixtures;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
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
 * MCP Java SDK 2.1.0 servers (2025-11-25 and older only) with the conformance suite's fixtures
 * ({@link LegacyFixtures} and their 2026-07-28 counterparts {@link BridgeFixtures}), each behind a filter with
 * the era bridge on, for 2026-07-28 clients:
 * <ul>
 *   <li>{@value #BRIDGED_PATH}: {@code bridge=on}, {@code bridge-upstream-era=legacy}, {@code guard=enforce}
 *       (endpoint {@value #BRIDGED_ENDPOINT}) — the conformance suite's 2026-07-28 requirement set runs here;</li>
 *   <li>{@value #AUTO_PATH}: {@code bridge=on}, {@code bridge-upstream-era=auto} (endpoint
 *       {@value #AUTO_ENDPOINT}): the filter learns by itself that the server is legacy.</li>
 * </ul>
 * A package of its own, so that only the bridged ITs deploy it: a filter that does not know the bridge's
 * settings refuses them and the whole deployment fails, as it should, naming the setting.
 */
@WebListener
public class BridgedFixtureServers implements ServletContextListener {

    public static final String BRIDGED_PATH = "/conformance/bridged/mcp";
    public static final String BRIDGED_ENDPOINT = "conformance-bridged";
    public static final String AUTO_PATH = "/conformance/bridged-auto/mcp";
    public static final String AUTO_ENDPOINT = "conformance-bridged-auto";
    public static final String SERVER_NAME = "mcpgate-conformance-legacy";

    private final List<McpSyncServer> servers = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        servers.add(start(context, "conformance-bridged", BRIDGED_PATH));
        servers.add(start(context, "conformance-bridged-auto", AUTO_PATH));
        bridge(context, BRIDGED_ENDPOINT, BRIDGED_PATH, "legacy");
        bridge(context, AUTO_ENDPOINT, AUTO_PATH, "auto");
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        servers.forEach(McpSyncServer::closeGracefully);
        servers.clear();
    }

    /** A filter instance with the bridge on in front of {@code path}, its loopback leg to that same servlet. */
    private static void bridge(ServletContext context, String endpoint, String path, String upstreamEra) {
        FilterRegistration.Dynamic filter = context.addFilter("mcpgate-" + endpoint, McpSessionFilter.class);
        filter.setAsyncSupported(true); // the SDK servlet behind it goes async, and so does a bridged exchange
        filter.setInitParameter("endpoint-name", endpoint);
        filter.setInitParameter("guard", "enforce");
        filter.setInitParameter("bridge", "on");
        filter.setInitParameter("bridge-upstream-era", upstreamEra);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path);
    }

    private static McpSyncServer start(ServletContext context, String name, String path) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(path)
                .build();
        BridgeFixtures bridged = new BridgeFixtures();
        List<SyncToolSpecification> tools = new ArrayList<>(LegacyFixtures.tools());
        tools.addAll(bridged.tools());
        List<SyncPromptSpecification> prompts = new ArrayList<>(LegacyFixtures.prompts());
        prompts.addAll(bridged.prompts());
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(SERVER_NAME, "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder()
                        .tools(true).resources(false, false).prompts(true).logging().completions().build())
                .tools(tools)
                .resources(LegacyFixtures.resources())
                .resourceTemplates(LegacyFixtures.resourceTemplates())
                .prompts(prompts)
                .completions(LegacyFixtures.completions())
                .build();
        bridged.attach(server);
        ServletRegistration.Dynamic registration = context.addServlet(name, transport);
        registration.setAsyncSupported(true);
        registration.addMapping(path);
        return server;
    }
}

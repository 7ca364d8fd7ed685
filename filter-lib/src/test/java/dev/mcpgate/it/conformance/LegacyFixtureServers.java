package dev.mcpgate.it.conformance;

import dev.mcpgate.McpSessionFilter;
import io.modelcontextprotocol.server.McpSyncServer;
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
 * Three MCP Java SDK 2.1.0 servers with the conformance suite's fixtures ({@link LegacyFixtures}), for
 * the legacy conformance run: {@value #BARE_PATH} with nothing in front, {@value #ENFORCED_PATH}
 * behind a second {@link McpSessionFilter} instance registered here at {@code guard=enforce} (endpoint
 * {@value #ENFORCED_ENDPOINT}), and {@value #RESUME_PATH} behind a third one at {@code guard=enforce},
 * {@code resume=true} and {@code sse-close-after=}{@value #RESUME_CLOSE_AFTER} (endpoint
 * {@value #RESUME_ENDPOINT}): shorter than {@code test_reconnection} takes, so that McpGate closes
 * that POST stream before the result and the suite resumes with {@code Last-Event-ID}. All paths lie
 * outside the web fragment's {@code /mcp} mapping. Only the conformance IT's deployment holds this package.
 */
@WebListener
public class LegacyFixtureServers implements ServletContextListener {

    public static final String BARE_PATH = "/conformance/bare/mcp";
    public static final String ENFORCED_PATH = "/conformance/enforced/mcp";
    public static final String ENFORCED_ENDPOINT = "conformance-enforced";
    public static final String RESUME_PATH = "/conformance/resume/mcp";
    public static final String RESUME_ENDPOINT = "conformance-resume";
    public static final String RESUME_CLOSE_AFTER = "PT0.5S";

    private final List<McpSyncServer> servers = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        servers.add(start(context, "conformance-bare", BARE_PATH));
        servers.add(start(context, "conformance-enforced", ENFORCED_PATH));
        servers.add(start(context, "conformance-resume", RESUME_PATH));
        guard(context, ENFORCED_ENDPOINT, ENFORCED_PATH);
        FilterRegistration.Dynamic resume = guard(context, RESUME_ENDPOINT, RESUME_PATH);
        resume.setInitParameter("resume", "true");
        resume.setInitParameter("sse-close-after", RESUME_CLOSE_AFTER);
    }

    /** A filter instance at {@code guard=enforce} in front of {@code path}. */
    private static FilterRegistration.Dynamic guard(ServletContext context, String endpoint, String path) {
        FilterRegistration.Dynamic filter = context.addFilter("mcpgate-" + endpoint, McpSessionFilter.class);
        filter.setAsyncSupported(true); // the SDK servlet behind it goes async
        filter.setInitParameter("endpoint-name", endpoint);
        filter.setInitParameter("guard", "enforce");
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path);
        return filter;
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        servers.forEach(McpSyncServer::closeGracefully);
        servers.clear();
    }

    private static McpSyncServer start(ServletContext context, String name, String path) {
        LegacyFixtureServer fixture = LegacyFixtureServer.at(path);
        ServletRegistration.Dynamic registration = context.addServlet(name, fixture.servlet());
        registration.setAsyncSupported(true);
        registration.addMapping(path);
        return fixture.server();
    }
}

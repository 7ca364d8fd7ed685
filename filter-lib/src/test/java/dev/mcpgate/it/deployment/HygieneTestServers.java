package dev.mcpgate.it.deployment;

import dev.mcpgate.McpSessionFilter;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.WebListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 11, error hygiene: two filter instances of their own, registered here on paths of their
 * own (the jar's fragment covers only {@code /mcp/*}), with every guard check off but
 * {@code guard-error-body}:
 * <ul>
 *   <li>{@value #ENFORCE_PATH}{@code /*}: endpoint {@value #ENFORCE_ENDPOINT}, {@code enforce}, in front of
 *       an MCP Java SDK 2.1.0 streamable servlet at {@value #MCP_PATH} and the
 *       {@link HygieneProbeServlet} at {@value #PROBE_PATH};</li>
 *   <li>{@value #REPORT_PATH}{@code /*}: endpoint {@value #REPORT_ENDPOINT}, {@code report}, in front of
 *       the probe servlet at {@value #REPORT_PROBE_PATH}.</li>
 * </ul>
 * {@value #RELEASE_PATH}, outside both, lets a held probe answer go on.
 */
@WebListener
public class HygieneTestServers implements ServletContextListener {

    public static final String ENFORCE_PATH = "/hygiene";
    public static final String REPORT_PATH = "/hygiene-report";
    public static final String MCP_PATH = ENFORCE_PATH + "/mcp";
    public static final String PROBE_PATH = ENFORCE_PATH + "/probe";
    public static final String REPORT_PROBE_PATH = REPORT_PATH + "/probe";
    public static final String RELEASE_PATH = "/hygiene-release";
    public static final String ENFORCE_ENDPOINT = "hygiene";
    public static final String REPORT_ENDPOINT = "hygiene-report";

    private final List<McpSyncServer> servers = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        servers.add(SdkServlets.streamable(context, "hygiene-sdk", MCP_PATH, "mcpgate-hygiene-server",
                SyncToolSpecification.builder()
                        .tool(McpSchema.Tool.builder("echo", Map.of("type", "object",
                                "properties", Map.of("text", Map.of("type", "string")))).build())
                        .callHandler((exchange, request) -> CallToolResult.builder()
                                .addTextContent(String.valueOf(request.arguments().get("text"))).build())
                        .build()));

        ServletRegistration.Dynamic probe = context.addServlet("hygiene-probe", new HygieneProbeServlet());
        probe.setAsyncSupported(true);
        probe.addMapping(PROBE_PATH, REPORT_PROBE_PATH);
        context.addServlet("hygiene-release", new HygieneProbeServlet.Release()).addMapping(RELEASE_PATH);

        filter(context, "McpGateHygieneEnforce", ENFORCE_ENDPOINT, "enforce", ENFORCE_PATH + "/*");
        filter(context, "McpGateHygieneReport", REPORT_ENDPOINT, "report", REPORT_PATH + "/*");
    }

    private static void filter(ServletContext context, String name, String endpoint, String level, String pattern) {
        FilterRegistration.Dynamic filter = context.addFilter(name, McpSessionFilter.class);
        filter.setAsyncSupported(true); // the SDK servlet and the probe answer asynchronously
        filter.setInitParameters(Map.of(
                "endpoint-name", endpoint,
                "guard", "off",
                "guard-error-body", level,
                "dispatch-interval", "PT0.05S"));
        filter.addMappingForUrlPatterns(null, false, List.of(pattern).toArray(String[]::new));
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        SdkServlets.closeAll(sce.getServletContext(), servers);
    }
}

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
import jakarta.servlet.annotation.WebListener;
import java.util.Map;

/**
 * An MCP Java SDK 2.1.0 streamable server at {@value #PATH} behind its own instance of the filter,
 * registered here programmatically on {@code /enforced/*} with {@code guard=enforce} (endpoint
 * {@value #ENDPOINT}, {@code max-request-body} {@value #MAX_REQUEST_BODY}): the bad-input table of
 * issue 11 runs against it. Outside the web fragment's {@code /mcp/*}, so the filter instance
 * of the other tests never sees it.
 */
@WebListener
public class EnforcedTestServers implements ServletContextListener {

    public static final String PATH = "/enforced/mcp";
    public static final String ENDPOINT = "enforced";
    public static final String MAX_REQUEST_BODY = "64KiB";
    private static final String SERVER_ATTRIBUTE = EnforcedTestServers.class.getName() + ".server";

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        McpSyncServer server = SdkServlets.streamable(context, "mcp-sdk-enforced", PATH, "mcpgate-it-enforced",
                SyncToolSpecification.builder()
                        .tool(McpSchema.Tool.builder("echo", Map.of("type", "object")).description("Echoes.").build())
                        .callHandler((exchange, request) -> CallToolResult.builder()
                                .addTextContent(String.valueOf(request.arguments().get("text"))).build())
                        .build());
        context.setAttribute(SERVER_ATTRIBUTE, server);

        FilterRegistration.Dynamic authentication = context.addFilter("TestPrincipalFilter", TestPrincipalFilter.class);
        authentication.setAsyncSupported(true);
        // before every other mapping, the filter's after: Payara orders two "before" mappings newest first
        authentication.addMappingForUrlPatterns(null, false, "/enforced/*");

        FilterRegistration.Dynamic filter = context.addFilter("McpSessionFilterEnforced", McpSessionFilter.class);
        filter.setAsyncSupported(true);
        filter.setInitParameter("endpoint-name", ENDPOINT);
        filter.setInitParameter("guard", "enforce");
        filter.setInitParameter("max-request-body", MAX_REQUEST_BODY);
        filter.setInitParameter("schema-history", "false");
        filter.addMappingForUrlPatterns(null, true, "/enforced/*");
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        if (sce.getServletContext().getAttribute(SERVER_ATTRIBUTE) instanceof McpSyncServer server) {
            server.closeGracefully();
        }
    }
}

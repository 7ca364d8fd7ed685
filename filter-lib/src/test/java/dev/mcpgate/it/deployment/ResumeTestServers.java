package dev.mcpgate.it.deployment;

import dev.mcpgate.McpSessionFilter;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * MCP Java SDK 2.1.0 streamable servers (legacy era: they mint the sessions, answer POSTs with SSE,
 * and have no resumability of their own), each behind its own {@link McpSessionFilter} instance
 * with {@code resume=true}, registered here (outside the web fragment's {@code /mcp/*}):
 *
 * <ul>
 *   <li>{@value #RESUME_PATH} (endpoint {@value #RESUME_ENDPOINT}): the default replay bounds.</li>
 *   <li>{@value #SMALL_PATH} (endpoint {@value #SMALL_ENDPOINT}): {@code replay-max-events=}{@value #SMALL_MAX_EVENTS},
 *       so that a longer stream loses its first events.</li>
 *   <li>{@value #HEARTBEAT_PATH} (endpoint {@value #HEARTBEAT_ENDPOINT}): {@code sse-heartbeat=}{@value #HEARTBEAT}.</li>
 * </ul>
 * Tool: {@value #PROGRESS_TOOL} sends {@code steps} (default {@value #DEFAULT_STEPS}) progress
 * notifications {@code intervalMillis} (default {@value #DEFAULT_INTERVAL_MILLIS}) apart with the
 * caller's progress token, then returns {@value #PROGRESS_RESULT}.
 */
@WebListener
public class ResumeTestServers implements ServletContextListener {

    public static final String RESUME_PATH = "/resume/mcp";
    public static final String RESUME_ENDPOINT = "resume";
    public static final String SMALL_PATH = "/resume-small/mcp";
    public static final String SMALL_ENDPOINT = "resume-small";
    public static final int SMALL_MAX_EVENTS = 4;
    public static final String HEARTBEAT_PATH = "/resume-heartbeat/mcp";
    public static final String HEARTBEAT_ENDPOINT = "resume-heartbeat";
    public static final String HEARTBEAT = "PT0.2S";
    /** The {@code sse-retry} default: what the priming event's {@code retry:} says, in ms. */
    public static final long DEFAULT_RETRY_MILLIS = 1000;

    public static final String PROGRESS_TOOL = "progress_steps";
    public static final int DEFAULT_STEPS = 10;
    public static final int DEFAULT_INTERVAL_MILLIS = 100;
    public static final String PROGRESS_RESULT = "done";
    public static final String SERVER_NAME = "mcpgate-it-resume-server";

    private final List<McpSyncServer> servers = new ArrayList<>();

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        ServletContext context = sce.getServletContext();
        register(context, RESUME_ENDPOINT, RESUME_PATH, Map.of());
        register(context, SMALL_ENDPOINT, SMALL_PATH, Map.of("replay-max-events", String.valueOf(SMALL_MAX_EVENTS)));
        register(context, HEARTBEAT_ENDPOINT, HEARTBEAT_PATH, Map.of("sse-heartbeat", HEARTBEAT));
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        SdkServlets.closeAll(sce.getServletContext(), servers);
    }

    private void register(ServletContext context, String endpoint, String path, Map<String, String> settings) {
        servers.add(SdkServlets.streamable(context, "sdk-" + endpoint, path, SERVER_NAME, progressStepsTool()));

        FilterRegistration.Dynamic filter = context.addFilter(endpoint, new McpSessionFilter());
        filter.setAsyncSupported(true);
        filter.setInitParameter("endpoint-name", endpoint);
        filter.setInitParameter("resume", "true");
        settings.forEach(filter::setInitParameter);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false,
                path.substring(0, path.lastIndexOf('/')) + "/*");
    }

    private static SyncToolSpecification progressStepsTool() {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder(PROGRESS_TOOL, Map.of("type", "object",
                                "properties", Map.of(
                                        "steps", Map.of("type", "integer"),
                                        "intervalMillis", Map.of("type", "integer"))))
                        .description("Sends progress notifications, then returns 'done'.").build())
                .callHandler(ResumeTestServers::progressSteps)
                .build();
    }

    private static CallToolResult progressSteps(McpSyncServerExchange exchange, CallToolRequest request) {
        int steps = intArgument(request, "steps", DEFAULT_STEPS);
        long interval = intArgument(request, "intervalMillis", DEFAULT_INTERVAL_MILLIS);
        Object token = request.progressToken();
        for (int step = 1; step <= steps; step++) {
            if (token != null) {
                exchange.progressNotification(McpSchema.ProgressNotification.builder(token, step)
                        .total((double) steps)
                        .message("step " + step + " of " + steps)
                        .build());
            }
            try {
                Thread.sleep(interval); // the tool's work: a stream that takes its time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return CallToolResult.builder().addTextContent(PROGRESS_RESULT).isError(false).build();
    }

    private static int intArgument(CallToolRequest request, String name, int defaultValue) {
        Object value = request.arguments() == null ? null : request.arguments().get(name);
        return value instanceof Number number ? number.intValue() : defaultValue;
    }
}

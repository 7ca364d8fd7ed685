package dev.mcpgate.bench;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.McpSessionFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * Replay memory against its bound (issue 12), in its own JVM: one embedded Tomcat on 127.0.0.1 with
 * two contexts, each an MCP Java SDK 2.1.0 server with a tool {@code burst} that sends {@code M}
 * progress notifications of about {@code size} bytes and then answers, behind its own
 * {@code McpSessionFilter}: {@code /plain/mcp} with {@code resume} off, {@code /resume/mcp} with
 * {@code resume=true} and {@code replay-max-bytes=B} (the other replay bounds at their defaults,
 * which {@code M} events of {@code size} bytes stay under, so that only the endpoint-wide bound
 * evicts). {@code N} legacy-era sessions on each, one {@code burst} each, all kept open (no DELETE:
 * their logs stay). Not timed.
 *
 * <p>Figures: the SSE bytes the clients received from {@code /resume}; what the filter counts as held
 * ({@link McpGateEndpoint#replayBytes()}, which must stay at or under {@code B}) and evicted
 * ({@link McpGateEndpoint#replayEventsEvicted()}, which must be above 0: the bound was reached); and the
 * heap the logs take, from {@link MemoryMXBean} after GC: growth over the {@code /resume} sessions
 * minus growth over the same sessions on {@code /plain}, so that the SDK's and the filter's session
 * state cancel out. Prints {@code REPLAY_MEMORY key=value ...}; exits 1 when a request failed or a
 * bound was not kept.
 */
public final class ReplayMemory {

    private static final String PLAIN = "replay-plain";
    private static final String RESUME = "replay-resume";

    public static void main(String[] args) throws Exception {
        int sessions = Integer.parseInt(args.length > 0 ? args[0] : "200");
        int events = Integer.parseInt(args.length > 1 ? args[1] : "100");
        int size = Integer.parseInt(args.length > 2 ? args[2] : "1024");
        String bound = args.length > 3 ? args[3] : "4MiB";
        Logger.getLogger("io.modelcontextprotocol").setLevel(Level.WARNING);
        Logger.getLogger("reactor").setLevel(Level.WARNING);

        File base = Files.createTempDirectory("mcpgate-bench-replay").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        List<McpSyncServer> servers = new ArrayList<>();
        context(tomcat, base, PLAIN, Map.of(), size, servers);
        Context resume = context(tomcat, base, RESUME, Map.of("resume", "true", "replay-max-bytes", bound), size,
                servers);
        tomcat.start();
        int port = connector.getLocalPort();
        McpGateEndpoint endpoint = McpGateEndpoint.find(resume.getServletContext(), RESUME).orElseThrow();
        long boundBytes = endpoint.config().resume().options().maxBytes();

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<String> failures = new ArrayList<>();
        // warm both paths' classes; the sessions are deleted, so that the logs are empty again
        drive(port, PLAIN, 20, events, true, failures);
        drive(port, RESUME, 20, events, true, failures);
        if (endpoint.replayBytes() != 0) {
            failures.add("replay bytes held after the warm-up sessions were deleted: " + endpoint.replayBytes());
        }
        long evictedBefore = endpoint.replayEventsEvicted();
        long m0 = SessionHeap.usedAfterGc(memory);
        drive(port, PLAIN, sessions, events, false, failures);
        long m1 = SessionHeap.usedAfterGc(memory);
        long received = drive(port, RESUME, sessions, events, false, failures);
        long m2 = SessionHeap.usedAfterGc(memory);
        long held = endpoint.replayBytes();
        long evicted = endpoint.replayEventsEvicted() - evictedBefore;
        long replayHeap = (m2 - m1) - (m1 - m0);

        if (held > boundBytes) {
            failures.add("replay bytes held " + held + " > replay-max-bytes " + boundBytes);
        }
        if (evicted == 0) {
            failures.add("no event evicted: the run did not reach replay-max-bytes (" + received + " bytes sent)");
        }
        System.out.println("REPLAY_MEMORY sessions=" + sessions + " events=" + events + " size=" + size
                + " bound=" + boundBytes + " received=" + received + " held=" + held + " evicted=" + evicted
                + " heap=" + replayHeap + " plainHeap=" + (m1 - m0) + " resumeHeap=" + (m2 - m1));
        failures.forEach(f -> System.out.println("FAILED " + f));
        servers.forEach(McpSyncServer::closeGracefully);
        tomcat.stop();
        tomcat.destroy();
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    /**
     * {@code sessions} sessions on one connection, each initialize + initialized + one burst (+ DELETE when
     * {@code delete}); the SSE bytes received.
     */
    private static long drive(int port, String name, int sessions, int events, boolean delete, List<String> failures)
            throws IOException {
        HttpConn conn = new HttpConn("127.0.0.1", port);
        String path = "/" + name + "/mcp";
        long received = 0;
        try {
            for (int s = 0; s < sessions; s++) {
                HttpConn.Response r = conn.exchange("POST", path, null, bytes("{\"jsonrpc\":\"2.0\",\"id\":1,"
                        + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"mcpgate-bench\",\"version\":\"1.0.0\"}}}"));
                String sid = r.sessionId();
                if (r.status() != 200 || sid == null) {
                    failures.add(name + ": initialize -> " + r.status());
                    return received;
                }
                conn.exchange("POST", path, sid, bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
                r = conn.exchange("POST", path, sid, bytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"burst\",\"arguments\":{\"events\":" + events + "},"
                        + "\"_meta\":{\"progressToken\":\"p" + s + "\"}}}"));
                int progress = count(r.body(), "notifications/progress");
                if (r.status() != 200 || progress != events || !r.body().contains("burst done")) {
                    failures.add(name + ": burst -> " + r.status() + ", " + progress + " progress events of " + events);
                    return received;
                }
                received += r.body().getBytes(StandardCharsets.UTF_8).length;
                if (delete) {
                    conn.exchange("DELETE", path, sid, null);
                }
            }
        } finally {
            conn.close();
        }
        return received;
    }

    private static Context context(Tomcat tomcat, File base, String name, Map<String, String> settings, int size,
            List<McpSyncServer> servers) throws IOException {
        File dir = new File(base, "ctx-" + name);
        Files.createDirectories(dir.toPath());
        Context context = tomcat.addContext("/" + name, dir.getAbsolutePath());
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder().mcpEndpoint("/mcp").build();
        servers.add(McpServer.sync(transport)
                .serverInfo("mcpgate-bench-" + name, "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(burstTool(size))
                .build());
        Wrapper wrapper = Tomcat.addServlet(context, "mcp", transport);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        FilterDef def = new FilterDef();
        def.setFilterName("McpSessionFilter");
        def.setFilter(new McpSessionFilter());
        def.setFilterClass(McpSessionFilter.class.getName());
        def.setAsyncSupported("true");
        def.addInitParameter("endpoint-name", name);
        def.addInitParameter("executor", "none");
        settings.forEach(def::addInitParameter);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("McpSessionFilter");
        map.addURLPattern("/mcp");
        context.addFilterMap(map);
        return context;
    }

    /** {@code burst}: {@code events} progress notifications whose message is {@code size} characters, then the result. */
    private static SyncToolSpecification burstTool(int size) {
        String message = "x".repeat(size);
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("burst", Map.of("type", "object",
                                "properties", Map.of("events", Map.of("type", "integer"))))
                        .description("Sends the given number of progress notifications, then answers.").build())
                .callHandler((exchange, request) -> {
                    int n = ((Number) request.arguments().get("events")).intValue();
                    for (int i = 1; i <= n; i++) {
                        exchange.progressNotification(ProgressNotification.builder(request.progressToken(), i)
                                .total((double) n).message(message).build());
                    }
                    return CallToolResult.builder().addTextContent("burst done").build();
                })
                .build();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

}

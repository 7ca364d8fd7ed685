package dev.mcpgate.bench;

import dev.mcpgate.McpSessionFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.io.IOException;
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
 * The server JVM: one embedded Tomcat on 127.0.0.1 and a free port, every {@link Configuration}
 * on its own context ({@code /floor/mcp}, {@code /floor-observe/mcp}, {@code /bare/mcp},
 * {@code /observe-nostore/mcp}), each with its own servlet instance and its own filter instance,
 * and {@code /stats} ({@link StatsServlet}). Prints {@code PORT <n>} once started; stops when its
 * standard input ends.
 */
public final class BenchServer {

    private static final Logger QUIET_SDK = Logger.getLogger("io.modelcontextprotocol");
    private static final Logger QUIET_REACTOR = Logger.getLogger("reactor");

    public static void main(String[] args) throws Exception {
        QUIET_SDK.setLevel(Level.WARNING);
        QUIET_REACTOR.setLevel(Level.WARNING);
        File base = Files.createTempDirectory("mcpgate-bench-tomcat").toFile();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setProperty("maxKeepAliveRequests", "-1");
        connector.setProperty("keepAliveTimeout", "60000");
        tomcat.setConnector(connector);

        List<McpSyncServer> servers = new ArrayList<>();
        for (Configuration c : Configuration.values()) {
            Context context = tomcat.addContext("/" + c.wireName, docBase(base, c.wireName));
            HttpServlet servlet;
            if (c.kind == Configuration.Kind.SDK) {
                HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                        .builder().mcpEndpoint("/mcp").build();
                servers.add(McpServer.sync(transport)
                        .serverInfo("mcpgate-bench-" + c.wireName, "1.0.0")
                        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                        .tools(echoTool())
                        .build());
                servlet = transport;
            } else {
                servlet = new FloorServlet();
            }
            Wrapper wrapper = Tomcat.addServlet(context, "mcp", servlet);
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded("/mcp", "mcp");
            if (c.filtered) {
                FilterDef def = new FilterDef();
                def.setFilterName("McpSessionFilter");
                def.setFilter(new McpSessionFilter());
                def.setFilterClass(McpSessionFilter.class.getName());
                def.setAsyncSupported("true");
                def.addInitParameter("endpoint-name", c.wireName);
                def.addInitParameter("executor", "none");
                def.addInitParameter("heartbeat-interval", "PT0.5S");
                context.addFilterDef(def);
                FilterMap map = new FilterMap();
                map.setFilterName("McpSessionFilter");
                map.addURLPattern("/mcp");
                map.addURLPattern("/mcp/*");
                context.addFilterMap(map);
            }
        }
        Context stats = tomcat.addContext("/stats", docBase(base, "stats"));
        Tomcat.addServlet(stats, "stats", new StatsServlet());
        stats.addServletMappingDecoded("/", "stats");

        tomcat.start();
        System.out.println("PORT " + connector.getLocalPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the harness closes our input
        }
        for (McpSyncServer server : servers) {
            try {
                server.closeGracefully();
            } catch (RuntimeException e) {
                // stopping anyway
            }
        }
        tomcat.stop();
        tomcat.destroy();
        System.exit(0);
    }

    private static String docBase(File base, String name) throws IOException {
        File dir = new File(base, "ctx-" + name);
        Files.createDirectories(dir.toPath());
        return dir.getAbsolutePath();
    }

    private static SyncToolSpecification echoTool() {
        return SyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder("echo", Map.of("type", "object",
                                "properties", Map.of("text", Map.of("type", "string")),
                                "required", List.of("text")))
                        .description("Returns the text argument.").build())
                .callHandler((exchange, request) -> CallToolResult.builder()
                        .addTextContent(String.valueOf(request.arguments().get("text"))).isError(false).build())
                .build();
    }
}

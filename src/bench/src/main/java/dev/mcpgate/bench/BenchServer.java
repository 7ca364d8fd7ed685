package dev.mcpgate.bench;

import dev.mcpgate.McpSessionFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.servlet.http.HttpServlet;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
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
 * and {@code /stats} ({@link StatsServlet}). {@code observe-derby}'s filter writes into an embedded
 * Derby database in a fresh temp directory; {@code observe-postgres}'s into an embedded PostgreSQL
 * (zonky) that this JVM starts first and stops last. Prints {@code PORT <n>} once started; stops
 * when its standard input ends.
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

        // the stores' databases: fresh for every server start
        Path derbyDir = Files.createTempDirectory("mcpgate-bench-derby");
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        String postgresUrl = postgres.getJdbcUrl("postgres", "postgres");

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
                if (c.store == Configuration.Store.DERBY) {
                    Path dir = derbyDir.resolve(c.wireName);
                    def.addInitParameter("store", "jpa");
                    def.addInitParameter("store-data-dir", dir.toString());
                    // the same database StoreSinks.openEmbeddedDerby opens (directory/db), for counting rows
                    StatsServlet.STORES.put(c.wireName, new String[] {
                            "jdbc:derby:" + dir.resolve("db").toAbsolutePath(), null, null});
                } else if (c.store == Configuration.Store.POSTGRES) {
                    def.addInitParameter("store", "jpa");
                    def.addInitParameter("store-jdbc-url", postgresUrl);
                    def.addInitParameter("store-user", "postgres");
                    StatsServlet.STORES.put(c.wireName, new String[] {postgresUrl, "postgres", null});
                }
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
        tomcat.stop(); // the filters' destroy() writes what their stores hold, then closes them
        tomcat.destroy();
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("stopping the embedded PostgreSQL failed: " + e);
        }
        deleteQuietly(derbyDir);
        System.exit(0);
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp directory: left behind
        }
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

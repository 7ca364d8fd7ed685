package dev.mcpgate.bench;

import dev.mcpgate.McpSessionFilter;
import dev.mcpgate.gateway.GatewaySetting;
import dev.mcpgate.gateway.proxy.UpstreamClientKind;
import dev.mcpgate.gateway.proxy.UpstreamProxyServlet;
import dev.mcpgate.gateway.proxy.UpstreamSettings;
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
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * The server JVM: one embedded Tomcat on 127.0.0.1 and a free port, every {@link Configuration}
 * on its own context ({@code /floor/mcp}, {@code /floor-observe/mcp}, {@code /bare/mcp},
 * {@code /observe-nostore/mcp}, ...), each with its own servlet instance and its own filter instance,
 * and {@code /stats} ({@link StatsServlet}). {@code gateway-proxied-<client>} is the gateway WAR's proxy
 * servlet forwarding to {@code gateway-direct} on the same server over loopback; its context is
 * added once Tomcat listens (it needs the port). {@code observe-derby}'s filter writes into an embedded
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
        StatsServlet.database = DatabaseCpu.of(postgres.getPostgresDatabase());

        List<McpSyncServer> servers = new ArrayList<>();
        for (Configuration c : Configuration.values()) {
            if (c.kind == Configuration.Kind.PROXY) {
                continue; // needs the port: added once Tomcat is listening
            }
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
                FilterDef def = filterDef(c);
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
        int port = connector.getLocalPort();
        for (Configuration c : Configuration.values()) {
            if (c.kind == Configuration.Kind.PROXY) {
                addGateway(tomcat, base, c, URI.create("http://127.0.0.1:" + port + Configuration.GATEWAY_DIRECT.path()));
            }
        }
        System.out.println("PORT " + port);
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

    /**
     * The gateway WAR's {@code /mcp} in gateway mode, on a context added to the running server: the
     * proxy servlet as {@code McpEndpointInstaller} registers it (async, load-on-startup, {@code /mcp}
     * and {@code /mcp/*}, default timeouts) and {@code McpSessionFilter} mapped as the WAR's
     * {@code web.xml} maps it ({@code /mcp/*} only), with the harness's filter settings and no store.
     */
    private static void addGateway(Tomcat tomcat, File base, Configuration c, URI upstream) throws IOException {
        UpstreamSettings config = new UpstreamSettings(upstream,
                Duration.parse(GatewaySetting.UPSTREAM_CONNECT_TIMEOUT.defaultValue()),
                Duration.parse(GatewaySetting.UPSTREAM_IDLE_TIMEOUT.defaultValue()),
                Integer.parseInt(GatewaySetting.UPSTREAM_MAX_CONCURRENT.defaultValue()),
                Duration.parse(GatewaySetting.UPSTREAM_MAX_STREAM_LIFETIME.defaultValue()),
                UpstreamClientKind.of(c.upstreamClient));
        // configured first, then added to the running host, which starts it with its filter
        // (Tomcat.addContext would start it at once, before the filter is declared)
        StandardContext context = new StandardContext();
        context.setName("/" + c.wireName);
        context.setPath("/" + c.wireName);
        context.setDocBase(docBase(base, c.wireName));
        context.addLifecycleListener(new Tomcat.FixContextListener());
        Wrapper wrapper = Tomcat.addServlet(context, "mcpgate-gateway", new UpstreamProxyServlet(config));
        wrapper.setAsyncSupported(true);
        wrapper.setLoadOnStartup(1);
        context.addServletMappingDecoded("/mcp", "mcpgate-gateway");
        context.addServletMappingDecoded("/mcp/*", "mcpgate-gateway");
        FilterDef def = filterDef(c);
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("McpSessionFilter");
        map.addURLPattern("/mcp/*"); // as web.xml: matches /mcp itself too
        context.addFilterMap(map);
        tomcat.getHost().addChild(context);
        if (!context.getState().isAvailable()) {
            throw new IllegalStateException(c.wireName + ": context did not start (" + context.getState() + ")");
        }
    }

    /** {@code McpSessionFilter} with the settings every filtered configuration shares. */
    private static FilterDef filterDef(Configuration c) {
        FilterDef def = new FilterDef();
        def.setFilterName("McpSessionFilter");
        def.setFilter(new McpSessionFilter());
        def.setFilterClass(McpSessionFilter.class.getName());
        def.setAsyncSupported("true");
        def.addInitParameter("endpoint-name", c.wireName);
        def.addInitParameter("executor", "none");
        def.addInitParameter("heartbeat-interval", "PT0.5S");
        def.addInitParameter("guard", c.guard);
        def.addInitParameter("resume", Boolean.toString(c.resume));
        return def;
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

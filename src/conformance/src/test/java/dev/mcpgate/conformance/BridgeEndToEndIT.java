package dev.mcpgate.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.conformance.BridgeTomcat.Endpoint;
import dev.mcpgate.conformance.fixture.ModernFixtureServer;
import dev.mcpgate.conformance.sdk210.LegacyClientRun;
import dev.mcpgate.conformance.sdk210.LegacyServer;
import dev.mcpgate.conformance.sdk210.Sdk210;
import dev.mcpgate.launcher.GatewayServer;
import dev.mcpgate.launcher.LauncherOptions;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.McpSyncSubscriptionListener;
import io.modelcontextprotocol.modern.client.SubscriptionEvent;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.Servlet;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The era bridge end to end with real SDK peers of both eras (issue 14), tool calls with progress, tool errors,
 * JSON-RPC errors, a server-to-client question and list changes, each exchange recorded with both eras:
 * <ul>
 *   <li>SDK 2.1.0 client (the real 2.1.0 jars, {@link Sdk210}) → bridge → SDK 2.2.0 2026-07-28 server;</li>
 *   <li>TypeScript SDK 1.x client ({@code src/node/ts-client.mjs}) → bridge → the same server;</li>
 *   <li>SDK 2.2.0 2026-07-28 client → bridge → SDK 2.1.0 server (the real 2.1.0 jars);</li>
 *   <li>SDK 2.2.0 2026-07-28 client → the gateway WAR of this build in demo mode, whose bridge is on by default
 *       and whose demo server is the WAR's own SDK 2.1.0; the rows, with both eras, read back from the WAR's
 *       database through its analytics API.</li>
 * </ul>
 * The filters say {@code bridge=on} and {@code bridge-upstream-era=auto}: each learns its server's era itself.
 */
class BridgeEndToEndIT {

    static final String MODERN_PATH = "/modern/mcp";
    static final String MODERN_ENDPOINT = "e2e-modern-server";
    static final String LEGACY_PATH = "/legacy/mcp";
    static final String LEGACY_ENDPOINT = "e2e-legacy-server";
    static final String MODERN_CLIENT = "mcpgate-bridge-e2e-modern";
    static final String TS_CLIENT = "mcpgate-ts-it";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String ADMIN_PASSWORD = "bridge-e2e";

    private static ExchangeLog exchanges;
    private static BridgeTomcat tomcat;

    @BeforeAll
    static void start() throws Exception {
        exchanges = ExchangeLog.install();
        Function<String, Object> legacyServer = Sdk210.driver(LegacyServer.class);
        tomcat = BridgeTomcat.start("bridge-e2e",
                new Endpoint(MODERN_PATH, ModernFixtureServer.servlet(MODERN_PATH, true),
                        BridgeTomcat.bridging(MODERN_ENDPOINT, "auto")),
                new Endpoint(LEGACY_PATH, (Servlet) legacyServer.apply(LEGACY_PATH),
                        BridgeTomcat.bridging(LEGACY_ENDPOINT, "auto")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
        if (exchanges != null) {
            exchanges.uninstall();
        }
    }

    @Test
    void sdk210ClientUsesTheModernServerThroughTheBridge() {
        Map<String, Object> seen = Sdk210.driver(LegacyClientRun.class).apply(tomcat.url(MODERN_PATH));
        assertAll("SDK 2.1.0 client → bridge → SDK 2.2.0 server: " + seen,
                () -> assertTrue(Sdk210.origin("io.modelcontextprotocol.client.McpSyncClient")
                        .endsWith("mcp-core-2.1.0.jar"), "the client is SDK 2.1.0's"),
                () -> assertEquals("2025-11-25", seen.get("protocolVersion")),
                () -> assertEquals(ModernFixtureServer.NAME, seen.get("serverName")),
                () -> assertTrue(((List<?>) seen.getOrDefault("tools", List.of())).contains("echo"), "tools listed"),
                () -> assertEquals("hello bridge", seen.get("echo")),
                () -> assertEquals("progress done", seen.get("progressText")),
                () -> assertEquals(List.of(1.0, 2.0, 3.0), seen.get("progress"), "progress, in order, before the result"),
                () -> assertEquals(Boolean.TRUE, seen.get("failIsError"), "a tool error stays a tool error"),
                () -> assertTrue(seen.get("boomCode") instanceof Integer, "a JSON-RPC error: " + seen.get("boomCode")),
                () -> assertTrue(String.valueOf(seen.get("elicitation")).startsWith("User response: action=accept"),
                        "the server's input-required result became an elicitation/create the client answered"),
                () -> assertEquals(Boolean.TRUE, seen.get("listChanged"),
                        "notifications/tools/list_changed on the session's GET stream"));
        assertRecorded(MODERN_ENDPOINT, LegacyClientRun.CLIENT_NAME, "legacy", "modern");
    }

    @Test
    void typeScriptClientUsesTheModernServerThroughTheBridge() {
        JsonObject run = TsClient.run(tomcat.url(MODERN_PATH), "full", Duration.ofSeconds(90));
        JsonObject progress = run.getJsonObject("progress");
        JsonObject fail = run.getJsonObject("fail");
        JsonObject boom = run.getJsonObject("boom");
        assertAll("TypeScript SDK client → bridge → SDK 2.2.0 server: " + run,
                () -> assertTrue(run.getBoolean("ok", false)),
                () -> assertTrue(run.get("sessionId") instanceof jakarta.json.JsonString, "a session id (minted)"),
                () -> assertTrue(run.getJsonArray("tools").getValuesAs(jakarta.json.JsonString.class).stream()
                        .anyMatch(s -> s.getString().equals("echo")), "tools listed"),
                () -> assertEquals("hello from ts", run.getString("echo", null)),
                () -> assertEquals(3, progress.getInt("events"), "progress notifications"),
                () -> assertTrue(progress.getBoolean("allBeforeResult"), "progress before the result"),
                () -> assertTrue(fail.getBoolean("isError"), "a tool error stays a tool error"),
                () -> assertTrue(boom.getBoolean("threw") && boom.get("code") != JsonValue.NULL, "a JSON-RPC error"),
                () -> assertTrue(run.getBoolean("terminated"), "DELETE ended the session"),
                () -> assertEquals(0, run.getInt("transportErrorsTotal"), "no transport error"));
        assertRecorded(MODERN_ENDPOINT, TS_CLIENT, "legacy", "modern");
    }

    @Test
    void modernClientUsesTheSdk210ServerThroughTheBridge() throws InterruptedException {
        McpSyncClient client = modernClient(tomcat.url(LEGACY_PATH));
        McpSchema.DiscoverResult discovered = client.discover();
        List<Double> progress = new CopyOnWriteArrayList<>();
        McpSchema.CallToolResult stepped = client.tool("progress").progress(p -> progress.add(p.progress())).call();
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        McpSyncClient.Listening listening = client.listen().toolsChanged().open(listener(subscribed, changed));
        try {
            // a change made once the subscription is acknowledged must reach it
            boolean acknowledged = subscribed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            String triggered = text(client.tool("test_trigger_tool_change").call());
            boolean heard = changed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertAll("SDK 2.2.0 client → bridge → SDK 2.1.0 server",
                    () -> assertTrue(discovered.supportedVersions().contains("2026-07-28"), "discover: " + discovered),
                    () -> assertEquals(LegacyServer.NAME, serverName(discovered)),
                    () -> assertTrue(client.listTools().list().tools().stream().anyMatch(t -> t.name().equals("ask"))),
                    () -> assertEquals("hello bridge", text(client.tool("echo")
                            .arguments(Map.of("text", "hello bridge")).call())),
                    () -> assertEquals("progress done", text(stepped)),
                    () -> assertEquals(List.of(1.0, 2.0, 3.0), progress, "progress, in order, before the result"),
                    () -> assertEquals(Boolean.TRUE, client.tool("fail").call().isError(), "a tool error"),
                    () -> assertEquals(-32603, errorCode(() -> client.tool("boom").call()), "a JSON-RPC error"),
                    () -> assertEquals("Hello, e2e (ACCEPT)", text(client.tool("ask").call()),
                            "the server's elicitation/create became an input-required result the client answered"),
                    () -> assertTrue(acknowledged, "notifications/subscriptions/acknowledged on subscriptions/listen"),
                    () -> assertEquals("Mutation triggered", triggered),
                    () -> assertTrue(heard, "notifications/tools/list_changed on subscriptions/listen"));
        } finally {
            listening.close();
        }
        assertRecorded(LEGACY_ENDPOINT, MODERN_CLIENT, "modern", "legacy");
    }

    @Test
    void modernClientUsesTheGatewayWarsDemoServerThroughItsDefaultBridge() throws Exception {
        Map<String, String> before = new HashMap<>();
        for (String p : List.of("mcpgate.upstream-url", "mcpgate.guard")) {
            before.put(p, System.getProperty(p));
        }
        Path war = Path.of(System.getProperty("mcpgate.it.war", "../../war/target/mcpgate-war-0.1.0-SNAPSHOT.war"));
        assertTrue(Files.isRegularFile(war), "the gateway WAR of this build: " + war.toAbsolutePath());
        // demo mode (no upstream-url): the WAR's own SDK 2.1.0 server; the bridge is left to the WAR's default
        GatewayServer gateway = GatewayServer.start(new LauncherOptions(war.toAbsolutePath(), 0, "127.0.0.1",
                Path.of("target", "bridge-e2e-gateway").toAbsolutePath(), ADMIN_PASSWORD, false, null,
                Map.of("mcpgate.upstream-url", "")));
        try {
            McpSyncClient client = modernClient("http://127.0.0.1:" + gateway.port() + "/mcp");
            McpSchema.DiscoverResult discovered = client.discover();
            List<Double> progress = new CopyOnWriteArrayList<>();
            McpSchema.CallToolResult slow = client.tool("slow-task").arguments(Map.of("steps", 2))
                    .progress(p -> progress.add(p.progress())).call();
            assertAll("SDK 2.2.0 client → gateway WAR (demo mode, bridge by default) → its SDK 2.1.0 demo server",
                    () -> assertEquals("mcpgate-demo", serverName(discovered), "discover: " + discovered),
                    () -> assertEquals("hi", text(client.tool("echo").arguments(Map.of("text", "hi")).call())),
                    () -> assertEquals("finished 2 steps", text(slow)),
                    () -> assertEquals(List.of(1.0, 2.0), progress, "progress before the result"),
                    () -> assertEquals(Boolean.TRUE, client.tool("failing-tool").call().isError(), "a tool error"));
            assertRecorded("demo", MODERN_CLIENT, "modern", "legacy");
            assertStored(gateway.port(), MODERN_CLIENT, "modern", "legacy");
        } finally {
            gateway.stop();
            before.forEach((p, v) -> {
                if (v == null) {
                    System.clearProperty(p);
                } else {
                    System.setProperty(p, v);
                }
            });
        }
    }

    // ---------------------------------------------------------------------------------------- plumbing

    private static McpSyncClient modernClient(String url) {
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(url)
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .build();
        return McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder(MODERN_CLIENT, "1.0.0").build())
                .callTimeout(Duration.ofSeconds(30))
                .formElicitation(request -> McpSchema.ElicitResult.accept(Map.of("name", "e2e")))
                .build();
    }

    private static McpSyncSubscriptionListener listener(CountDownLatch subscribed, CountDownLatch changed) {
        return new McpSyncSubscriptionListener() {
            @Override
            public void onEvent(SubscriptionEvent event) {
                if (event instanceof SubscriptionEvent.Subscribed) {
                    subscribed.countDown();
                } else if (event instanceof SubscriptionEvent.ToolsListChanged) {
                    changed.countDown();
                }
            }
        };
    }

    private static String serverName(McpSchema.DiscoverResult discovered) {
        Object info = discovered.meta() == null ? null : discovered.meta().get("io.modelcontextprotocol/serverInfo");
        return info instanceof Map<?, ?> m ? String.valueOf(m.get("name")) : String.valueOf(info);
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                .map(c -> ((McpSchema.TextContent) c).text()).findFirst().orElse(null);
    }

    /** The JSON-RPC error code the call failed with (the modern SDK's McpException, however wrapped). */
    private static Integer errorCode(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof McpException m) {
                    return m.error().code();
                }
            }
            throw e;
        }
    }

    /**
     * A row of the client's exchanges, with both eras, in the WAR's database: read back through its analytics API
     * ({@code /mcpgate/api/requests}, as the admin), polled while the store's writer catches up.
     */
    private static void assertStored(int port, String clientName, String era, String upstreamEra) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + port + "/mcpgate/api/requests?limit=1000"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (LauncherOptions.ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .GET().build();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            java.net.http.HttpResponse<String> answer = http.send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            body = answer.statusCode() + " " + answer.body();
            if (answer.statusCode() == 200 && storedRow(answer.body(), clientName, era, upstreamEra)) {
                return;
            }
            Thread.sleep(200); // polling the store's asynchronous writer
        }
        String last = body;
        org.junit.jupiter.api.Assertions.fail(() -> "no stored row of " + clientName + " with era " + era + " and upstreamEra "
                + upstreamEra + " in the WAR's database: " + last.substring(0, Math.min(2000, last.length())));
    }

    private static boolean storedRow(String json, String clientName, String era, String upstreamEra) {
        try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
            return rows(r.readValue()).anyMatch(o -> clientName.equals(o.getString("clientName", ""))
                    && era.equalsIgnoreCase(o.getString("era", ""))
                    && upstreamEra.equalsIgnoreCase(o.getString("upstreamEra", "")));
        }
    }

    /** Every JSON object within a value (the API's page wraps its rows). */
    private static java.util.stream.Stream<JsonObject> rows(JsonValue value) {
        if (value instanceof JsonObject o) {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(o),
                    o.values().stream().flatMap(BridgeEndToEndIT::rows));
        }
        if (value instanceof jakarta.json.JsonArray a) {
            return a.stream().flatMap(BridgeEndToEndIT::rows);
        }
        return java.util.stream.Stream.empty();
    }

    /**
     * The client's exchanges on {@code endpoint} are recorded with the client's era and the upstream's era (polled:
     * the filter logs them from its dispatcher thread).
     */
    private static void assertRecorded(String endpoint, String clientName, String era, String upstreamEra) {
        Predicate<JsonObject> mine = e -> e.get("client") instanceof JsonObject c
                && clientName.equals(c.getString("name", ""));
        Predicate<JsonObject> bothEras = e -> era.equalsIgnoreCase(e.getString("era", ""))
                && upstreamEra.equalsIgnoreCase(e.getString("upstreamEra", ""));
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<JsonObject> seen = exchanges.completed(endpoint);
        while (seen.stream().noneMatch(mine.and(bothEras)) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100); // polling the asynchronously written log, not synchronising on time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            seen = exchanges.completed(endpoint);
        }
        List<JsonObject> found = seen;
        assertTrue(found.stream().anyMatch(mine.and(bothEras)), () -> "no exchange of " + clientName + " on "
                + endpoint + " with era " + era + " and upstreamEra " + upstreamEra + " among " + found.size()
                + (found.isEmpty() ? "" : ", e.g. " + found.get(found.size() - 1)));
    }
}

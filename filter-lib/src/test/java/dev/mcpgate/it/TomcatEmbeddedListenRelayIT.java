package dev.mcpgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.bridge.BridgeSettings;
import dev.mcpgate.bridge.JdkHttpUpstream;
import dev.mcpgate.bridge.ListenRelay;
import dev.mcpgate.bridge.ListenTestClient;
import dev.mcpgate.bridge.MetaKeys;
import dev.mcpgate.bridge.SessionKey;
import dev.mcpgate.bridge.UpstreamAnswer;
import dev.mcpgate.bridge.UpstreamCall;
import dev.mcpgate.bridge.UpstreamSession;
import dev.mcpgate.it.bridge.ListenTestServers;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 14, the era bridge's {@link ListenRelay} against a real legacy server: an MCP Java SDK 2.1.0
 * streamable servlet on embedded Tomcat ({@link ListenTestServers}), reached over real HTTP by a plain
 * {@code java.net.http} upstream, on a legacy session this test makes itself ({@code initialize} +
 * {@code notifications/initialized}), as the bridge's session pool would. Two 2026-07-28 listens on that one
 * session get the server's list changes and resource updates, acknowledged and tagged, and their result when
 * the server ends the session.
 */
@ExtendWith(ArquillianExtension.class)
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
class TomcatEmbeddedListenRelayIT {

    private static final String RESOURCE = "test://listen/a";

    @ArquillianResource
    private URL deploymentUrl;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger listChanges = new AtomicInteger();
    private JdkHttpUpstream upstream;
    private ListenRelay relay;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return McpFilterDeployment.forTomcat().addPackage(ListenTestServers.class.getPackage());
    }

    @BeforeEach
    void start() throws Exception {
        upstream = new JdkHttpUpstream(base().resolve(ListenTestServers.PATH.substring(1)), Duration.ofSeconds(30));
        relay = new ListenRelay(upstream, BridgeSettings.defaults());
    }

    @AfterEach
    void stop() {
        relay.close();
        threads.shutdownNow();
    }

    private URI base() throws Exception {
        return McpFilterDeployment.withContextPath(deploymentUrl).toURI();
    }

    /** A legacy session, as the pool makes one: initialize, then notifications/initialized. */
    private UpstreamSession legacySession() throws Exception {
        Map<String, String> headers = Map.of("Accept", "application/json, text/event-stream",
                "Content-Type", "application/json", "MCP-Protocol-Version", MetaKeys.LEGACY_VERSION);
        JsonObject result;
        String sessionId;
        try (UpstreamAnswer answer = upstream.send(UpstreamCall.post(headers, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25",
                 "capabilities":{},"clientInfo":{"name":"listen-it","version":"1.0"}}}"""))) {
            assertEquals(200, answer.status());
            sessionId = answer.header("Mcp-Session-Id").orElseThrow();
            result = Json.createReader(new StringReader(new String(answer.body().readAllBytes(),
                    StandardCharsets.UTF_8))).readObject().getJsonObject("result");
        }
        Map<String, String> inSession = new java.util.HashMap<>(headers);
        inSession.put("Mcp-Session-Id", sessionId);
        inSession.put("MCP-Protocol-Version", result.getString("protocolVersion"));
        try (UpstreamAnswer answer = upstream.send(UpstreamCall.post(inSession,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))) {
            assertEquals(202, answer.status());
        }
        return new UpstreamSession(new SessionKey("", "listen-it", "1.0", "d", MetaKeys.MODERN_VERSION), sessionId,
                result.getString("protocolVersion"), result);
    }

    private Future<?> listen(ListenTestClient client, UpstreamSession session) {
        return threads.submit(() -> {
            relay.listen(client, client, session, listChanges::incrementAndGet);
            return null;
        });
    }

    private void control(String query) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base().resolve("listen-control?" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, response.statusCode(), response.body());
    }

    /**
     * The SDK sends a GET stream's head only with its first event, so nothing shows that the stream is
     * registered: prompt-list changes (which no listen here asked for, so no client sees them) are sent until
     * the relay reports one through its list-change callback.
     */
    private void awaitLiveStream() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (listChanges.get() == 0) {
            assertTrue(System.nanoTime() < until, "the relay saw no list change of the GET stream in 20 s");
            control("action=prompts-changed");
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private static void assertTagged(JsonObject message, String method, String id) {
        assertEquals(method, message.getString("method"), message.toString());
        assertEquals(Json.createReader(new StringReader("[" + id + "]")).readArray().get(0),
                message.getJsonObject("params").getJsonObject("_meta").get(MetaKeys.SUBSCRIPTION_ID), message.toString());
    }

    @Test
    void twoListensOnOneLegacySessionGetItsListChangesAndResourceUpdatesUntilTheServerEndsTheSession()
            throws Exception {
        UpstreamSession session = legacySession();
        ListenTestClient first = ListenTestClient.listen("1",
                "{\"toolsListChanged\":true,\"resourceSubscriptions\":[\"" + RESOURCE + "\"]}");
        Future<?> firstListen = listen(first, session);
        JsonObject ack = first.next();
        assertEquals("notifications/subscriptions/acknowledged", ack.getString("method"), ack.toString());
        assertEquals(Json.createReader(new StringReader(
                "{\"toolsListChanged\":true,\"resourceSubscriptions\":[\"" + RESOURCE + "\"]}")).readObject(),
                ack.getJsonObject("params").getJsonObject("notifications"));
        awaitLiveStream();

        control("action=add-tool&tool=extra");
        assertTagged(first.next(), "notifications/tools/list_changed", "1");
        control("action=updated&uri=" + URLEncoder.encode(RESOURCE, StandardCharsets.UTF_8));
        JsonObject updated = first.next();
        assertTagged(updated, "notifications/resources/updated", "1");
        assertEquals(RESOURCE, updated.getJsonObject("params").getString("uri"));

        ListenTestClient second = ListenTestClient.listen("\"b\"", "{\"toolsListChanged\":true,\"promptsListChanged\":true}");
        Future<?> secondListen = listen(second, session);
        assertEquals(Json.createReader(new StringReader("{\"toolsListChanged\":true,\"promptsListChanged\":true}"))
                .readObject(), second.next().getJsonObject("params").getJsonObject("notifications"));
        control("action=add-tool&tool=extra2");
        assertTagged(first.next(), "notifications/tools/list_changed", "1");
        JsonObject change = second.next();
        while ("notifications/prompts/list_changed".equals(change.getString("method"))) {
            change = second.next(); // a late prompt change of awaitLiveStream
        }
        assertTagged(change, "notifications/tools/list_changed", "\"b\"");

        first.leave();
        firstListen.get(10, TimeUnit.SECONDS);
        try (UpstreamAnswer deleted = upstream.send(new UpstreamCall("DELETE", Map.of("Mcp-Session-Id",
                session.sessionId(), "MCP-Protocol-Version", session.protocolVersion()), null))) {
            assertEquals(200, deleted.status());
        }
        JsonObject end = second.next();
        while (end.containsKey("method")) {
            end = second.next();
        }
        assertEquals("complete", end.getJsonObject("result").getString("resultType"), end.toString());
        assertEquals("b", end.getJsonObject("result").getJsonObject("_meta").getString(MetaKeys.SUBSCRIPTION_ID));
        assertEquals("listen-it-server", end.getJsonObject("result").getJsonObject("_meta")
                .getJsonObject(MetaKeys.SERVER_INFO).getString("name"));
        secondListen.get(10, TimeUnit.SECONDS);
    }
}

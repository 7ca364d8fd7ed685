package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.conformance.LegacyFixtureServer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The modern-to-legacy translator against a real MCP Java SDK 2.1.0 legacy servlet with the conformance fixture
 * tools, in an embedded Tomcat, reached over real HTTP (a plain java.net.http upstream): what a 2026-07-28 client
 * gets through the bridge.
 */
class ModernToLegacySdkServerIT {

    private static final String PATH = "/legacy/mcp";
    private static Tomcat tomcat;
    private static LegacyFixtureServer fixtures;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private ModernToLegacyTranslator translator;

    @BeforeAll
    static void startServer() throws LifecycleException, IOException {
        Path base = Files.createTempDirectory("mcpgate-bridge-it");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0); // any free port: the translator is pointed at the one bound
        tomcat.getConnector();
        Context context = tomcat.addContext("", base.toString());
        fixtures = LegacyFixtureServer.at(PATH);
        Wrapper servlet = Tomcat.addServlet(context, "legacy", fixtures.servlet());
        servlet.setAsyncSupported(true);
        context.addServletMappingDecoded(PATH, "legacy");
        tomcat.start();
    }

    @AfterAll
    static void stopServer() throws LifecycleException {
        fixtures.server().closeGracefully();
        tomcat.stop();
        tomcat.destroy();
    }

    @BeforeEach
    void translator() {
        URI uri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + PATH);
        translator = new ModernToLegacyTranslator(new JdkHttpUpstream(uri, Duration.ofSeconds(20)),
                new BridgeSettings(UpstreamEra.LEGACY, Duration.ofMinutes(1), CacheScope.PRIVATE,
                        Duration.ofMinutes(10), 100, Duration.ofSeconds(20), Duration.ofMinutes(1)), scheduler);
    }

    @AfterEach
    void close() {
        translator.close();
        scheduler.shutdownNow();
    }

    private RecordingAnswer handle(ClientCall call) throws Exception {
        RecordingAnswer answer = new RecordingAnswer();
        translator.handle(call, answer);
        return answer;
    }

    private static String text(JsonObject response) {
        return response.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
    }

    @Test
    void discoverDescribesTheLegacyServer() throws Exception {
        JsonObject result = handle(ModernCall.request(1, "server/discover", null)).json.getJsonObject("result");

        assertEquals("2026-07-28", result.getJsonArray("supportedVersions").getString(0));
        assertEquals("mcpgate-conformance-legacy",
                result.getJsonObject("_meta").getJsonObject(MetaKeys.SERVER_INFO).getString("name"));
        assertTrue(result.getJsonObject("capabilities").containsKey("tools"));
        assertEquals(60_000, result.getInt("ttlMs"));
        assertEquals("private", result.getString("cacheScope"));
    }

    @Test
    void toolsAreListedAndCalledWithCompleteResults() throws Exception {
        RecordingAnswer list = handle(ModernCall.request(1, "tools/list", null));
        RecordingAnswer call = handle(ModernCall.request(2, "tools/call", "\"name\":\"test_simple_text\""));
        RecordingAnswer failing = handle(ModernCall.request(3, "tools/call", "\"name\":\"test_error_handling\""));

        JsonObject tools = list.json.getJsonObject("result");
        assertEquals("complete", tools.getString("resultType"));
        assertTrue(tools.getJsonArray("tools").toString().contains("test_elicitation"));
        assertEquals("This is a simple text response for testing.", text(call.last()));
        assertEquals("complete", call.last().getJsonObject("result").getString("resultType"));
        assertTrue(failing.last().getJsonObject("result").getBoolean("isError"));
        assertEquals(1, translator.sessions().size(), "one pooled session for one client");
    }

    @Test
    void progressIsStreamedBeforeTheResult() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(1, "tools/call", "\"name\":\"test_tool_with_progress\""));

        assertEquals("sse", answer.kind);
        assertEquals(4, answer.events.size(), "three progress notifications and the result");
        assertEquals("notifications/progress", answer.events.get(0).getString("method"));
        assertEquals("p1", answer.events.get(0).getJsonObject("params").getString("progressToken"));
        assertEquals("Tool execution completed with progress", text(answer.last()));
        assertTrue(answer.closed);
    }

    @Test
    void anElicitationOfTheLegacyServerIsAnInputRequiredRoundTrip() throws Exception {
        JsonObject first = handle(ModernCall.request(1, "tools/call", "\"name\":\"test_elicitation\","
                + "\"arguments\":{\"message\":\"Who are you?\"}")).last().getJsonObject("result");

        assertEquals("input_required", first.getString("resultType"));
        JsonObject asked = first.getJsonObject("inputRequests").getJsonObject("elicitation");
        assertEquals("Who are you?", asked.getJsonObject("params").getString("message"));

        RecordingAnswer done = handle(ModernCall.request(2, "tools/call", "\"name\":\"test_elicitation\","
                + "\"arguments\":{\"message\":\"Who are you?\"},\"requestState\":\"" + first.getString("requestState")
                + "\",\"inputResponses\":{\"elicitation\":{\"action\":\"accept\",\"content\":{\"username\":"
                + "\"octocat\",\"email\":\"o@example.com\"}}}"));

        assertEquals(2, done.last().getInt("id"));
        assertTrue(text(done.last()).contains("octocat"), text(done.last()));
        assertEquals(0, translator.waiting());
    }

    @Test
    void aSamplingRequestOfTheLegacyServerIsAnInputRequiredRoundTrip() throws Exception {
        JsonObject first = handle(ModernCall.request(1, "tools/call", "\"name\":\"test_sampling\","
                + "\"arguments\":{\"prompt\":\"Capital of France?\"}")).last().getJsonObject("result");

        assertEquals("sampling/createMessage", first.getJsonObject("inputRequests").getJsonObject("sampling")
                .getString("method"));
        RecordingAnswer done = handle(ModernCall.request(2, "tools/call", "\"name\":\"test_sampling\","
                + "\"arguments\":{\"prompt\":\"Capital of France?\"},\"requestState\":\""
                + first.getString("requestState") + "\",\"inputResponses\":{\"sampling\":{\"role\":\"assistant\","
                + "\"content\":{\"type\":\"text\",\"text\":\"Paris\"},\"model\":\"m\",\"stopReason\":\"endTurn\"}}"));

        assertTrue(done.last().containsKey("result"), done.last().toString());
        assertEquals("LLM response: Paris", text(done.last()));
    }

    @Test
    void anUnknownResourceIsInvalidParams() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(1, "resources/read", "\"uri\":\"test://nope\""));

        assertEquals(-32602, answer.last().getJsonObject("error").getInt("code"), answer.last().toString());
    }

    @Test
    void aResourceIsReadWithCachingHints() throws Exception {
        JsonObject result = handle(ModernCall.request(1, "resources/read", "\"uri\":\"test://static-text\""))
                .last().getJsonObject("result");

        assertEquals("complete", result.getString("resultType"));
        assertEquals(60_000, result.getInt("ttlMs"));
        assertEquals("This is the content of the static text resource.",
                result.getJsonArray("contents").getJsonObject(0).getString("text"));
    }

    @Test
    void closingDeletesTheUpstreamSessions() throws Exception {
        ModernCall call = ModernCall.request(1, "tools/list", null);
        handle(call);
        UpstreamSession session = translator.sessions().acquire(ModernRequest.read(call.message().orElseThrow(),
                call).key(), null);

        translator.close();

        URI uri = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + PATH);
        try (UpstreamAnswer answer = new JdkHttpUpstream(uri, Duration.ofSeconds(20)).send(UpstreamCall.post(
                PooledUpstreamSessions.headers(session, null),
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"))) {
            assertEquals(404, answer.status(), "the SDK server no longer knows the session");
        }
    }
}

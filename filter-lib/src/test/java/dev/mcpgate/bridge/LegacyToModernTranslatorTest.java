package dev.mcpgate.bridge;

import static dev.mcpgate.bridge.ScriptedModernServer.body;
import static dev.mcpgate.bridge.ScriptedModernServer.error;
import static dev.mcpgate.bridge.ScriptedModernServer.json;
import static dev.mcpgate.bridge.ScriptedModernServer.method;
import static dev.mcpgate.bridge.ScriptedModernServer.result;
import static dev.mcpgate.bridge.ScriptedModernServer.sse;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.session.SessionIdMint;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Legacy clients in front of a scripted 2026-07-28 server. */
class LegacyToModernTranslatorTest {

    static final String DISCOVER = "{\"resultType\":\"complete\",\"supportedVersions\":[\"2026-07-28\"],"
            + "\"capabilities\":{\"tools\":{\"listChanged\":true},\"resources\":{\"subscribe\":true},"
            + "\"extensions\":{\"io.modelcontextprotocol/tasks\":{}}},"
            + "\"_meta\":{\"io.modelcontextprotocol/serverInfo\":{\"name\":\"modern\",\"version\":\"2.0\"}},"
            + "\"instructions\":\"Be kind\",\"ttlMs\":60000,\"cacheScope\":\"public\"}";
    static final String ELICITING = "{\"elicitation\":{},\"roots\":{\"listChanged\":true}}";

    private final Map<String, Function<UpstreamCall, UpstreamAnswer>> routes = new ConcurrentHashMap<>();
    private final AtomicLong now = new AtomicLong();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private ScriptedModernServer upstream;
    private LegacyToModernTranslator translator;

    @BeforeEach
    void start() {
        routes.put("server/discover", c -> json(200, result(c, DISCOVER)));
        upstream = new ScriptedModernServer(c -> routes.getOrDefault(method(c),
                x -> json(404, error(x, -32601, "Method not found", null))).apply(c));
        translator = translator(BridgeSettings.defaults());
    }

    private LegacyToModernTranslator translator(BridgeSettings settings) {
        return new LegacyToModernTranslator(upstream, settings, null, new SessionIdMint(), now::get);
    }

    @AfterEach
    void stop() {
        translator.close();
        threads.shutdownNow();
    }

    @Test
    void initializeIsAnsweredFromServerDiscoverWithAMintedSession() throws Exception {
        RecordedAnswer a = handle(LegacyCall.post(null, initialize("2025-06-18", "{\"sampling\":{}}")));
        JsonObject result = a.json.getJsonObject("result");
        JsonObject discover = upstream.bodies("server/discover").get(0);
        UpstreamCall call = upstream.calls().get(0);
        assertAll(
                () -> assertEquals(200, a.status),
                () -> assertEquals(32, a.headers.get("Mcp-Session-Id").length(), "a minted id"),
                () -> assertEquals(1, a.json.getInt("id")),
                () -> assertEquals("2025-06-18", result.getString("protocolVersion"), "the client's version"),
                () -> assertEquals("modern", result.getJsonObject("serverInfo").getString("name")),
                () -> assertEquals("Be kind", result.getString("instructions")),
                () -> assertEquals(List.of("resources", "tools"),
                        result.getJsonObject("capabilities").keySet().stream().sorted().toList(),
                        "only capabilities a legacy revision knows"),
                () -> assertFalse(result.containsKey("resultType")),
                () -> assertEquals("2026-07-28", call.headers().get("MCP-Protocol-Version")),
                () -> assertEquals("2026-07-28", meta(discover).getString("io.modelcontextprotocol/protocolVersion")),
                () -> assertEquals("legacy", meta(discover).getJsonObject("io.modelcontextprotocol/clientInfo")
                        .getString("name")),
                () -> assertTrue(meta(discover).getJsonObject("io.modelcontextprotocol/clientCapabilities")
                        .containsKey("sampling")));
    }

    @Test
    void aVersionTheBridgeDoesNotSpeakGetsTheLastLegacyOne() throws Exception {
        RecordedAnswer a = handle(LegacyCall.post(null, initialize("2030-01-01", "{}")));
        assertEquals("2025-11-25", a.json.getJsonObject("result").getString("protocolVersion"));
    }

    @Test
    void aPrivateDiscoverResultIsKeptPerCallerAndAPublicOneIsShared() throws Exception {
        routes.put("server/discover", c -> json(200, result(c, DISCOVER.replace("\"public\"", "\"private\""))));
        handle(LegacyCall.post(null, initialize("2025-11-25", "{}")).header("Authorization", "Bearer alice"));
        handle(LegacyCall.post(null, initialize("2025-11-25", "{}")).header("Authorization", "Bearer bob"));
        handle(LegacyCall.post(null, initialize("2025-11-25", "{}")).header("Authorization", "Bearer alice"));
        assertEquals(2, upstream.bodies("server/discover").size(), "bob's is asked as bob, alice's is kept");

        routes.put("server/discover", c -> json(200, result(c, DISCOVER)));
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        handle(LegacyCall.post(null, initialize("2025-11-25", "{}")).header("Authorization", "Bearer carol"));
        handle(LegacyCall.post(null, initialize("2025-11-25", "{}")).header("Authorization", "Bearer dave"));
        assertEquals(3, upstream.bodies("server/discover").size(), "a public result is every caller's");
    }

    @Test
    void discoverIsCachedForItsTtl() throws Exception {
        handle(LegacyCall.post(null, initialize("2025-11-25", "{}")));
        handle(LegacyCall.post(null, initialize("2025-11-25", "{}")));
        now.addAndGet(Duration.ofSeconds(61).toNanos());
        handle(LegacyCall.post(null, initialize("2025-11-25", "{}")));
        assertEquals(2, upstream.bodies("server/discover").size(), "asked, cached 60 s, asked again");
    }

    @Test
    void requestsGoUpstreamWithMetaAndTheRequiredHeaders() throws Exception {
        String session = session("{}");
        handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\","
                + "\"params\":{\"level\":\"debug\"}}"));
        routes.put("tools/call", c -> json(200, result(c, "{\"resultType\":\"complete\",\"content\":[],"
                + "\"ttlMs\":5,\"cacheScope\":\"private\"}")));
        RecordedAnswer a = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":\"c-3\","
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"grüß\",\"arguments\":{},"
                + "\"_meta\":{\"progressToken\":7}}}"));
        UpstreamCall call = upstream.calls().get(upstream.calls().size() - 1);
        JsonObject meta = meta(body(call));
        assertAll(
                () -> assertEquals("tools/call", call.headers().get("Mcp-Method")),
                () -> assertEquals("=?base64?Z3LDvMOf?=", call.headers().get("Mcp-Name"), "non-ASCII name encoded"),
                () -> assertEquals("2026-07-28", call.headers().get("MCP-Protocol-Version")),
                () -> assertEquals("debug", meta.getString("io.modelcontextprotocol/logLevel"), "setLevel kept"),
                () -> assertEquals(7, meta.getInt("progressToken"), "the client's own _meta kept"),
                () -> assertEquals("legacy", meta.getJsonObject("io.modelcontextprotocol/clientInfo").getString("name")),
                () -> assertEquals("c-3", body(call).getString("id")),
                () -> assertEquals(200, a.status),
                () -> assertEquals("c-3", a.json.getString("id")),
                () -> assertEquals(Map.of("content", List.of()).keySet(), a.json.getJsonObject("result").keySet(),
                        "resultType, ttlMs and cacheScope left out for the legacy client"));
    }

    @Test
    void whatTheModernRevisionRemovedIsAnsweredByTheBridge() throws Exception {
        String session = session("{}");
        int before = upstream.calls().size();
        RecordedAnswer ping = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}"));
        RecordedAnswer initialized = handle(LegacyCall.post(session,
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        RecordedAnswer subscribe = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":6,"
                + "\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"test://a\"}}"));
        assertAll(
                () -> assertEquals(JsonObject.EMPTY_JSON_OBJECT, ping.json.getJsonObject("result")),
                () -> assertEquals(202, initialized.status),
                () -> assertEquals(JsonObject.EMPTY_JSON_OBJECT, subscribe.json.getJsonObject("result")),
                () -> assertEquals(before, upstream.calls().size(), "nothing sent upstream"));
    }

    @Test
    void sessionsAreRequiredKnownAndEndedByDelete() throws Exception {
        String session = session("{}");
        RecordedAnswer missing = handle(LegacyCall.post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        RecordedAnswer unknown = handle(LegacyCall.post("nope", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        RecordedAnswer deleted = handle(LegacyCall.delete(session));
        RecordedAnswer after = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        RecordedAnswer deletedAgain = handle(LegacyCall.delete(session));
        assertAll(
                () -> assertEquals(400, missing.status),
                () -> assertEquals(-32000, missing.json.getJsonObject("error").getInt("code")),
                () -> assertEquals(404, unknown.status),
                () -> assertEquals(-32001, unknown.json.getJsonObject("error").getInt("code")),
                () -> assertEquals(200, deleted.status),
                () -> assertEquals(404, after.status),
                () -> assertEquals(404, deletedAgain.status));
    }

    @Test
    void aSessionOfOnePrincipalIsUnknownToAnother() throws Exception {
        RecordedAnswer init = handle(LegacyCall.post(null, initialize("2025-11-25", "{}"), () -> "alice"));
        String session = init.headers.get("Mcp-Session-Id");
        RecordedAnswer bob = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                () -> "bob"));
        RecordedAnswer alice = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
                () -> "alice"));
        assertEquals(List.of(404, 200), List.of(bob.status, alice.status));
    }

    @Test
    void idleSessionsEndAndTheMaximumRefusesNewOnes() throws Exception {
        translator.close();
        translator = translator(new BridgeSettings(UpstreamEra.MODERN, Duration.ZERO, CacheScope.PRIVATE,
                Duration.ofMinutes(1), 1, Duration.ofSeconds(5), Duration.ofSeconds(5)));
        String first = session("{}");
        // a working session (an initialize-only one would make room: MintedSessionsTest)
        handle(LegacyCall.post(first, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        handle(LegacyCall.post(first, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"ping\"}"));
        RecordedAnswer full = handle(LegacyCall.post(null, initialize("2025-11-25", "{}")));
        now.addAndGet(Duration.ofMinutes(2).toNanos());
        RecordedAnswer expired = handle(LegacyCall.post(first, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"));
        RecordedAnswer room = handle(LegacyCall.post(null, initialize("2025-11-25", "{}")));
        assertAll(
                () -> assertEquals(503, full.status),
                () -> assertEquals("60", full.headers.get("Retry-After")),
                () -> assertEquals(404, expired.status, "idle past bridge-session-idle"),
                () -> assertEquals(200, room.status));
    }

    @Test
    void progressOnTheServersStreamIsRelayedBeforeTheResult() throws Exception {
        String session = session("{}");
        routes.put("tools/call", c -> sse(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":50}}",
                result(c, "{\"resultType\":\"complete\",\"content\":[]}")));
        RecordedAnswer a = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"slow\",\"_meta\":{\"progressToken\":1}}}"));
        assertAll(
                () -> assertEquals("sse", a.kind),
                () -> assertEquals("notifications/progress", a.next().getString("method")),
                () -> assertEquals(9, a.next().getInt("id")),
                () -> assertTrue(a.complete()));
    }

    @Test
    void inputRequiredBecomesServerToClientRequestsAndARetry() throws Exception {
        String session = session(ELICITING);
        routes.put("tools/call", c -> body(c).getJsonObject("params").containsKey("inputResponses")
                ? json(200, result(c, "{\"resultType\":\"complete\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}"))
                : json(200, result(c, "{\"resultType\":\"input_required\",\"requestState\":\"s1\",\"inputRequests\":{"
                        + "\"who\":{\"method\":\"elicitation/create\",\"params\":{\"message\":\"Name?\"}},"
                        + "\"where\":{\"method\":\"roots/list\"}}}")));
        RecordedAnswer a = new RecordedAnswer();
        Future<?> call = threads.submit(() -> handleQuietly(LegacyCall.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"greet\"}}"), a));
        JsonObject elicit = a.next();
        JsonObject roots = a.next();
        RecordedAnswer r1 = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + elicit.get("id")
                + ",\"result\":{\"action\":\"accept\",\"content\":{\"name\":\"Ada\"}}}"));
        RecordedAnswer r2 = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":" + roots.get("id")
                + ",\"result\":{\"roots\":[]}}"));
        call.get(10, TimeUnit.SECONDS);
        List<JsonObject> sent = upstream.bodies("tools/call");
        JsonObject retry = sent.get(1).getJsonObject("params");
        JsonObject last = a.next();
        assertAll(
                () -> assertEquals("elicitation/create", elicit.getString("method")),
                () -> assertEquals("Name?", elicit.getJsonObject("params").getString("message")),
                () -> assertEquals("roots/list", roots.getString("method")),
                () -> assertEquals(List.of(202, 202), List.of(r1.status, r2.status)),
                () -> assertEquals("s1", retry.getString("requestState")),
                () -> assertEquals("Ada", retry.getJsonObject("inputResponses").getJsonObject("who")
                        .getJsonObject("content").getString("name")),
                () -> assertTrue(retry.getJsonObject("inputResponses").getJsonObject("where").containsKey("roots")),
                () -> assertNotEquals(sent.get(0).get("id"), sent.get(1).get("id"), "the retry has its own id"),
                () -> assertEquals(4, last.getInt("id"), "the final response has the client's id"),
                () -> assertEquals("hi", last.getJsonObject("result").getJsonArray("content").getJsonObject(0)
                        .getString("text")));
    }

    @Test
    void inputForACapabilityTheClientDidNotDeclareIsAClearError() throws Exception {
        String session = session("{}");
        routes.put("tools/call", c -> json(200, result(c, "{\"resultType\":\"input_required\",\"inputRequests\":{"
                + "\"q\":{\"method\":\"sampling/createMessage\",\"params\":{}}}}")));
        RecordedAnswer a = handle(LegacyCall.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}"));
        assertAll(
                () -> assertEquals(200, a.status),
                () -> assertTrue(a.json.getJsonObject("error").getString("message").contains("'sampling'"),
                        a.json.toString()));
    }

    @Test
    void noAnswerWithinTheInputTimeoutEndsTheRequestWithAnError() throws Exception {
        translator.close();
        translator = translator(new BridgeSettings(UpstreamEra.MODERN, Duration.ZERO, CacheScope.PRIVATE,
                Duration.ofMinutes(10), 10, Duration.ofSeconds(5), Duration.ofMillis(200)));
        String session = session(ELICITING);
        routes.put("tools/call", c -> json(200, result(c, "{\"resultType\":\"input_required\",\"inputRequests\":{"
                + "\"q\":{\"method\":\"elicitation/create\",\"params\":{}}}}")));
        RecordedAnswer a = handle(LegacyCall.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}"));
        assertEquals("elicitation/create", a.next().getString("method"));
        JsonObject last = a.next();
        assertTrue(last.getJsonObject("error").getString("message").contains("bridge-input-timeout"), last.toString());
    }

    @Test
    void modernErrorsAreMappedForLegacyClients() throws Exception {
        String session = session("{}");
        routes.put("resources/read", c -> json(400, error(c, -32602, "Resource not found", "{\"uri\":\"test://x\"}")));
        RecordedAnswer read = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"resources/read\",\"params\":{\"uri\":\"test://x\"}}"));
        RecordedAnswer unknown = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"x/y\"}"));
        assertAll(
                () -> assertEquals(200, read.status, "a JSON-RPC error, not an HTTP one, for a legacy client"),
                () -> assertEquals(-32002, read.json.getJsonObject("error").getInt("code")),
                () -> assertEquals(200, unknown.status, "not 404, which a legacy client takes for a lost session"),
                () -> assertEquals(-32601, unknown.json.getJsonObject("error").getInt("code")));
    }

    @Test
    void anUnreachableServerIsABadGateway() throws Exception {
        String session = session("{}");
        routes.put("tools/list", c -> null);
        RecordedAnswer a = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        assertAll(() -> assertEquals(502, a.status), () -> assertEquals(-32603, a.json.getJsonObject("error").getInt("code")));
    }

    @Test
    void aHeaderMismatchOnAToolCallReadsTheToolsAgainAndSendsTheParamHeaders() throws Exception {
        String session = session("{}");
        routes.put("tools/list", c -> json(200, result(c, "{\"tools\":[{\"name\":\"where\",\"inputSchema\":{"
                + "\"type\":\"object\",\"properties\":{\"region\":{\"type\":\"string\",\"x-mcp-header\":\"Region\"}}}}]}")));
        routes.put("tools/call", c -> c.headers().containsKey("Mcp-Param-Region")
                ? json(200, result(c, "{\"content\":[]}"))
                : json(400, error(c, -32020, "Header mismatch: Mcp-Param-Region missing", null)));
        RecordedAnswer a = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"where\",\"arguments\":{\"region\":\" eu \"}}}"));
        UpstreamCall last = upstream.calls().get(upstream.calls().size() - 1);
        assertAll(
                () -> assertTrue(a.json.containsKey("result"), a.json.toString()),
                () -> assertEquals("=?base64?IGV1IA==?=", last.headers().get("Mcp-Param-Region")),
                () -> assertEquals(1, upstream.bodies("tools/list").size()));
    }

    @Test
    void theGetStreamIsFedFromSubscriptionsListen() throws Exception {
        String session = session("{}");
        handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"test://a\"}}"));
        ScriptedModernServer.Stream listen = ScriptedModernServer.stream();
        routes.put("subscriptions/listen", c -> listen.answer);
        RecordedAnswer a = new RecordedAnswer();
        threads.submit(() -> handleQuietly(LegacyCall.get(session), a));
        listen.message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\","
                + "\"params\":{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"l\"},\"notifications\":{}}}");
        listen.message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\","
                + "\"params\":{\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"l\"}}}");
        JsonObject changed = a.next();
        listen.message("{\"jsonrpc\":\"2.0\",\"id\":\"l\",\"result\":{\"resultType\":\"complete\"}}");
        a.await();
        JsonObject filter = upstream.bodies("subscriptions/listen").get(0).getJsonObject("params")
                .getJsonObject("notifications");
        assertAll(
                () -> assertEquals("notifications/tools/list_changed", changed.getString("method")),
                () -> assertFalse(changed.getJsonObject("params").containsKey("_meta"), "subscription id left out"),
                () -> assertTrue(filter.getBoolean("toolsListChanged")),
                () -> assertEquals("test://a", filter.getJsonArray("resourceSubscriptions").getString(0)),
                () -> assertTrue(a.events.isEmpty(), "the acknowledgement and the listen result are not relayed"));
    }

    @Test
    void aSubscriptionMadeWhileTheStreamIsOpenReopensTheListen() throws Exception {
        String session = session("{}");
        ScriptedModernServer.Stream first = ScriptedModernServer.stream();
        ScriptedModernServer.Stream second = ScriptedModernServer.stream();
        routes.put("subscriptions/listen", c -> upstream.bodies("subscriptions/listen").size() == 1 ? first.answer
                : second.answer);
        RecordedAnswer a = new RecordedAnswer();
        threads.submit(() -> handleQuietly(LegacyCall.get(session), a));
        first.message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/prompts/list_changed\"}");
        a.next();
        handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"test://b\"}}"));
        second.message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"test://b\"}}");
        JsonObject updated = a.next();
        handle(LegacyCall.delete(session));
        a.await();
        List<JsonObject> listens = upstream.bodies("subscriptions/listen");
        assertAll(
                () -> assertTrue(first.closed(), "the first listen was closed"),
                () -> assertEquals("test://b", updated.getJsonObject("params").getString("uri")),
                () -> assertEquals(2, listens.size()),
                () -> assertEquals("test://b", listens.get(1).getJsonObject("params").getJsonObject("notifications")
                        .getJsonArray("resourceSubscriptions").getString(0)),
                () -> assertTrue(second.closed(), "DELETE ended the stream"));
    }

    @Test
    void aServerWithoutSubscriptionsGetsTheClient405ForItsGet() throws Exception {
        String session = session("{}");
        RecordedAnswer a = handle(LegacyCall.get(session));
        assertEquals(405, a.status);
    }

    @Test
    void cancellingARequestClosesItsUpstreamCall() throws Exception {
        String session = session("{}");
        ScriptedModernServer.Stream slow = ScriptedModernServer.stream();
        routes.put("tools/call", c -> slow.answer);
        RecordedAnswer a = new RecordedAnswer();
        threads.submit(() -> handleQuietly(LegacyCall.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}"), a));
        slow.message("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1}}");
        a.next();
        RecordedAnswer cancel = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\","
                + "\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"r1\"}}"));
        a.await();
        assertAll(
                () -> assertEquals(202, cancel.status),
                () -> assertTrue(slow.closed(), "the upstream stream closed: the 2026-07-28 way to cancel"),
                () -> assertTrue(a.events.isEmpty(), "no response after a cancellation"));
    }

    @Test
    void cancellingARequestThatWaitsForInputEndsTheWait() throws Exception {
        String session = session(ELICITING);
        routes.put("tools/call", c -> json(200, result(c, "{\"resultType\":\"input_required\",\"inputRequests\":{"
                + "\"q\":{\"method\":\"elicitation/create\",\"params\":{}}}}")));
        RecordedAnswer a = new RecordedAnswer();
        threads.submit(() -> handleQuietly(LegacyCall.post(session,
                "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\"}}"), a));
        assertEquals("elicitation/create", a.next().getString("method"));
        RecordedAnswer cancel = handle(LegacyCall.post(session, "{\"jsonrpc\":\"2.0\","
                + "\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":8}}"));
        a.await();
        assertAll(
                () -> assertEquals(202, cancel.status),
                () -> assertTrue(a.events.isEmpty(), "no response after a cancellation"),
                () -> assertEquals(1, upstream.bodies("tools/call").size(), "no retry"));
    }

    @Test
    void theBridgeSpeaksOnlyPostGetAndDelete() throws Exception {
        RecordedAnswer a = handle(new LegacyCallWithMethod("PUT"));
        assertNotNull(a.headers.get("Allow"));
        assertEquals(405, a.status);
        assertNull(a.json);
    }

    // ------------------------------------------------------------------------------------ helpers

    private String session(String capabilities) throws Exception {
        return handle(LegacyCall.post(null, initialize("2025-11-25", capabilities))).headers.get("Mcp-Session-Id");
    }

    private static String initialize(String version, String capabilities) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":" + capabilities + ",\"clientInfo\":{\"name\":\"legacy\",\"version\":\"1.0\"}}}";
    }

    private RecordedAnswer handle(ClientCall call) throws IOException, InterruptedException {
        RecordedAnswer answer = new RecordedAnswer();
        translator.handle(call, answer);
        return answer;
    }

    private Void handleQuietly(ClientCall call, RecordedAnswer answer) throws IOException, InterruptedException {
        translator.handle(call, answer);
        return null;
    }

    private static JsonObject meta(JsonObject body) {
        return body.getJsonObject("params").getJsonObject("_meta");
    }

    /** A call with another HTTP method. */
    private record LegacyCallWithMethod(String httpMethod) implements ClientCall {
        @Override
        public java.util.Optional<String> header(String name) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<JsonObject> message() {
            return java.util.Optional.empty();
        }

        @Override
        public dev.mcpgate.protocol.Era era() {
            return dev.mcpgate.protocol.Era.LEGACY;
        }

        @Override
        public java.security.Principal principal() {
            return null;
        }
    }
}

package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ListenRelay} against a scripted legacy server: what a 2026-07-28 client's subscriptions/listen gets
 * from a pooled legacy session's GET stream.
 */
class ListenRelayTest {

    private static final String ALL_CAPABILITIES = """
            {"tools":{"listChanged":true},"prompts":{"listChanged":true},
             "resources":{"subscribe":true,"listChanged":true}}""";

    private final BlockingQueue<ListenTestUpstream.Answer> streams = new LinkedBlockingQueue<>();
    private final List<String> refusedUris = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger listChanges = new AtomicInteger();
    private ListenTestUpstream.Script onGet = call -> stream();
    private final ListenTestUpstream upstream = new ListenTestUpstream(this::answer);
    /** A short head wait: the tests of a quiet stream's head need it to pass quickly. */
    private ListenRelay relay = new ListenRelay(upstream, BridgeSettings.defaults(), Duration.ofMillis(50),
            Duration.ofMillis(200));

    /**
     * For the tests whose scripted GET answers at once with a status (404, 500, 405): a head wait long enough that
     * a loaded runner's late head is still the one the test means, not a head timeout.
     */
    private void patientHeadWait() {
        relay.close();
        relay = new ListenRelay(upstream, BridgeSettings.defaults(), Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        relay.close();
        threads.shutdownNow();
    }

    /** A legacy server: GETs as the test says, subscribe/unsubscribe on SSE as the SDK answers, responses 202. */
    private UpstreamAnswer answer(UpstreamCall call) throws IOException, InterruptedException {
        if ("GET".equals(call.httpMethod())) {
            return onGet.answer(call);
        }
        JsonObject message = Json.createReader(new StringReader(call.body())).readObject();
        if (!message.containsKey("method")) {
            return ListenTestUpstream.status(202);
        }
        String uri = message.getJsonObject("params").getString("uri", "");
        String reply = refusedUris.contains(uri)
                ? "{\"jsonrpc\":\"2.0\",\"id\":%s,\"error\":{\"code\":-32602,\"message\":\"no\"}}"
                : "{\"jsonrpc\":\"2.0\",\"id\":%s,\"result\":{}}";
        ListenTestUpstream.Answer answer = ListenTestUpstream.stream();
        answer.push("id: s_1\nevent: message\ndata: " + reply.formatted(message.get("id")) + "\n\n");
        answer.end();
        return answer;
    }

    private ListenTestUpstream.Answer stream() {
        ListenTestUpstream.Answer stream = ListenTestUpstream.stream();
        streams.add(stream);
        return stream;
    }

    private ListenTestUpstream.Answer nextStream() throws InterruptedException {
        ListenTestUpstream.Answer stream = streams.poll(10, TimeUnit.SECONDS);
        if (stream == null) {
            fail("no GET within 10 s");
        }
        return stream;
    }

    private static UpstreamSession session(String capabilities) {
        JsonObject initialize = Json.createReader(new StringReader("""
                {"protocolVersion":"2025-06-18","capabilities":%s,
                 "serverInfo":{"name":"legacy-test","version":"2.1.0"}}""".formatted(capabilities))).readObject();
        return new UpstreamSession(new SessionKey("", "listen-test", "1.0", "d", "2026-07-28"), "session-1",
                "2025-06-18", initialize);
    }

    private Future<?> listen(ListenTestClient client, UpstreamSession session) {
        return threads.submit(() -> {
            relay.listen(client, client, session, listChanges::incrementAndGet);
            return null;
        });
    }

    private static void push(ListenTestUpstream.Answer stream, String id, String message) {
        stream.push((id == null ? "" : "id: " + id + "\n") + "event: message\ndata: " + message + "\n\n");
    }

    private static String listChanged(String list) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/" + list + "/list_changed\"}";
    }

    private static String updated(String uri) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"" + uri + "\"}}";
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private static void assertAcknowledged(JsonObject message, String id, String notifications) {
        assertEquals("notifications/subscriptions/acknowledged", message.getString("method"), message.toString());
        assertEquals(json("{\"v\":" + id + "}").get("v"),
                message.getJsonObject("params").getJsonObject("_meta").get(MetaKeys.SUBSCRIPTION_ID));
        assertEquals(json(notifications), message.getJsonObject("params").getJsonObject("notifications"));
    }

    private static void assertNotification(JsonObject message, String method, String id) {
        assertEquals(method, message.getString("method"), message.toString());
        assertEquals(json("{\"v\":" + id + "}").get("v"),
                message.getJsonObject("params").getJsonObject("_meta").get(MetaKeys.SUBSCRIPTION_ID));
    }

    private static void assertListenResult(JsonObject message, String id) {
        assertEquals(json("{\"v\":" + id + "}").get("v"), message.get("id"), message.toString());
        JsonObject result = message.getJsonObject("result");
        assertEquals("complete", result.getString("resultType"));
        assertEquals(json("{\"v\":" + id + "}").get("v"), result.getJsonObject("_meta").get(MetaKeys.SUBSCRIPTION_ID));
        assertEquals("legacy-test", result.getJsonObject("_meta").getJsonObject(MetaKeys.SERVER_INFO).getString("name"));
    }

    private static void awaitClosed(ListenTestUpstream.Answer stream) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!stream.closed()) {
            if (System.nanoTime() > until) {
                fail("the GET stream was not closed within 10 s");
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private static void await(Future<?> listen) throws Exception {
        listen.get(10, TimeUnit.SECONDS);
    }

    @Test
    void acknowledgesFirstThenRelaysOnlyTheListChangesAskedForTaggedWithTheSubscriptionId() throws Exception {
        ListenTestClient client = ListenTestClient.listen("7", "{\"toolsListChanged\":true}");
        Future<?> listen = listen(client, session(ALL_CAPABILITIES));
        ListenTestUpstream.Answer get = nextStream();

        assertAcknowledged(client.next(), "7", "{\"toolsListChanged\":true}");
        assertEquals(200, client.status());
        assertEquals("no", client.answerHeaders().get("X-Accel-Buffering"));
        push(get, "a", listChanged("prompts"));
        push(get, "b", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"info\",\"data\":\"x\"}}");
        push(get, "c", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":1,\"progress\":1}}");
        push(get, "d", listChanged("tools"));
        assertNotification(client.next(), "notifications/tools/list_changed", "7");
        assertEquals(2, listChanges.get(), "every list change runs the callback, asked for or not");

        client.leave();
        awaitClosed(get);
        await(listen);
        assertTrue(client.messages.isEmpty(), client.messages.toString());
    }

    @Test
    void theGetCarriesTheSessionItsVersionAndTheClientsAuthorization() throws Exception {
        ListenTestClient client = ListenTestClient.listen("1", "{\"toolsListChanged\":true}");
        listen(client, session(ALL_CAPABILITIES));
        UpstreamCall get = upstream.nextCall(ListenTestUpstream::isGet);

        assertEquals(Map.of("Accept", "text/event-stream", "Mcp-Session-Id", "session-1",
                "MCP-Protocol-Version", "2025-06-18", "Authorization", "Bearer listen-test"), get.headers());
        assertNull(get.body());
    }

    @Test
    void acknowledgesOnlyWhatTheLegacyServerAnnouncedAndSubscribesNothingItCannot() throws Exception {
        ListenTestClient client = ListenTestClient.listen("1", """
                {"toolsListChanged":true,"promptsListChanged":true,"resourcesListChanged":true,
                 "resourceSubscriptions":["file:///a"]}""");
        listen(client, session("{\"tools\":{\"listChanged\":true},\"prompts\":{},\"resources\":{\"listChanged\":false}}"));
        ListenTestUpstream.Answer get = nextStream();

        assertAcknowledged(client.next(), "1", "{\"toolsListChanged\":true}");
        push(get, null, updated("file:///a"));
        push(get, null, listChanged("prompts"));
        push(get, null, listChanged("tools"));
        assertNotification(client.next(), "notifications/tools/list_changed", "1");
        assertTrue(upstream.history.stream().noneMatch(call -> ListenTestUpstream.isPost(call, "resources/subscribe")));
    }

    @Test
    void twoListensOnOneSessionShareOneGetStreamEachTaggedWithItsOwnId() throws Exception {
        ListenTestClient first = ListenTestClient.listen("1", "{\"toolsListChanged\":true}");
        ListenTestClient second = ListenTestClient.listen("\"two\"", "{\"toolsListChanged\":true}");
        Future<?> firstListen = listen(first, session(ALL_CAPABILITIES));
        ListenTestUpstream.Answer get = nextStream();
        assertAcknowledged(first.next(), "1", "{\"toolsListChanged\":true}");
        listen(second, session(ALL_CAPABILITIES));
        assertAcknowledged(second.next(), "\"two\"", "{\"toolsListChanged\":true}");

        push(get, "e1", listChanged("tools"));
        assertNotification(first.next(), "notifications/tools/list_changed", "1");
        assertNotification(second.next(), "notifications/tools/list_changed", "\"two\"");
        first.leave();
        await(firstListen);
        push(get, "e2", listChanged("tools"));
        assertNotification(second.next(), "notifications/tools/list_changed", "\"two\"");
        assertFalse(get.closed(), "the second listen still reads the stream");
        assertEquals(1, upstream.history.stream().filter(ListenTestUpstream::isGet).count());
    }

    @Test
    void subscribesEachResourceOnceForItsListenersRelaysOnlyTheirUpdatesAndUnsubscribesAfterTheLast()
            throws Exception {
        refusedUris.add("file:///refused");
        ListenTestClient a = ListenTestClient.listen("1", "{\"resourceSubscriptions\":[\"file:///a\"]}");
        ListenTestClient b = ListenTestClient.listen("2",
                "{\"resourceSubscriptions\":[\"file:///a\",\"file:///b\",\"file:///refused\"]}");
        Future<?> aListen = listen(a, session(ALL_CAPABILITIES));
        ListenTestUpstream.Answer get = nextStream();
        assertAcknowledged(a.next(), "1", "{\"resourceSubscriptions\":[\"file:///a\"]}");
        Future<?> bListen = listen(b, session(ALL_CAPABILITIES));
        assertAcknowledged(b.next(), "2", "{\"resourceSubscriptions\":[\"file:///a\",\"file:///b\"]}");
        assertEquals(List.of("file:///a", "file:///b", "file:///refused"), urisOf("resources/subscribe"));

        push(get, null, updated("file:///a/part"));
        push(get, null, updated("file:///b"));
        push(get, null, updated("file:///c"));
        push(get, null, updated("file:///a"));
        assertEquals("file:///a/part", a.next().getJsonObject("params").getString("uri"));
        assertEquals("file:///a", a.next().getJsonObject("params").getString("uri"), "a got b's or c's update");
        assertEquals("file:///a/part", b.next().getJsonObject("params").getString("uri"));
        assertEquals("file:///b", b.next().getJsonObject("params").getString("uri"));
        assertEquals("file:///a", b.next().getJsonObject("params").getString("uri"));

        a.leave();
        await(aListen);
        assertEquals(List.of(), urisOf("resources/unsubscribe"), "b still listens to file:///a");
        b.leave();
        await(bListen);
        assertEquals(List.of("file:///a", "file:///b"), urisOf("resources/unsubscribe"));
    }

    private List<String> urisOf(String method) {
        return upstream.history.stream().filter(call -> ListenTestUpstream.isPost(call, method))
                .map(call -> json(call.body()).getJsonObject("params").getString("uri")).toList();
    }

    @Test
    void endsTheListenWithItsResultWhenTheUpstreamEndsAStreamItDoesNotResume() throws Exception {
        ListenTestClient client = ListenTestClient.listen("3", "{\"toolsListChanged\":true}");
        Future<?> listen = listen(client, session(ALL_CAPABILITIES));
        ListenTestUpstream.Answer get = nextStream();
        assertAcknowledged(client.next(), "3", "{\"toolsListChanged\":true}");

        push(get, "s_1", listChanged("tools"));
        get.end();
        assertNotification(client.next(), "notifications/tools/list_changed", "3");
        assertListenResult(client.next(), "3");
        await(listen);
        assertTrue(client.closed());
        assertEquals(1, upstream.history.stream().filter(ListenTestUpstream::isGet).count());
    }

    @Test
    void resumesWithLastEventIdWhenTheServerPrimedTheStreamAndEndsWhenAResumedStreamBringsNothing() throws Exception {
        ListenTestClient client = ListenTestClient.listen("4", "{\"toolsListChanged\":true}");
        Future<?> listen = listen(client, session(ALL_CAPABILITIES));
        ListenTestUpstream.Answer first = nextStream();
        assertAcknowledged(client.next(), "4", "{\"toolsListChanged\":true}");
        first.push("id: p0\ndata:\n\n");
        push(first, "e1", listChanged("tools"));
        first.end();
        assertNotification(client.next(), "notifications/tools/list_changed", "4");

        ListenTestUpstream.Answer second = nextStream();
        assertEquals("e1", upstream.nextCall(call -> ListenTestUpstream.isGet(call)
                && call.headers().containsKey("Last-Event-ID")).headers().get("Last-Event-ID"));
        push(second, "e2", listChanged("tools"));
        second.end();
        assertNotification(client.next(), "notifications/tools/list_changed", "4");
        ListenTestUpstream.Answer third = nextStream();
        third.end();
        assertListenResult(client.next(), "4");
        await(listen);
        assertEquals(List.of("null", "e1", "e2"), upstream.history.stream().filter(ListenTestUpstream::isGet)
                .map(call -> String.valueOf(call.headers().get("Last-Event-ID"))).toList());
    }

    @Test
    void answersThePingsOfTheServerOnTheStreamAndRefusesItsOtherRequests() throws Exception {
        ListenTestClient client = ListenTestClient.listen("1", "{\"toolsListChanged\":true}");
        listen(client, session(ALL_CAPABILITIES));
        ListenTestUpstream.Answer get = nextStream();
        assertAcknowledged(client.next(), "1", "{\"toolsListChanged\":true}");

        push(get, null, "{\"jsonrpc\":\"2.0\",\"id\":\"p-5\",\"method\":\"ping\"}");
        push(get, null, "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"roots/list\"}");
        JsonObject pong = json(upstream.nextCall(call -> "POST".equals(call.httpMethod())).body());
        assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":\"p-5\",\"result\":{}}"), pong);
        JsonObject refusal = json(upstream.nextCall(call -> "POST".equals(call.httpMethod())).body());
        assertEquals(6, refusal.getInt("id"));
        assertEquals(-32601, refusal.getJsonObject("error").getInt("code"));
        assertTrue(refusal.getJsonObject("error").getString("message").contains("roots/list"));
        push(get, null, listChanged("tools"));
        assertNotification(client.next(), "notifications/tools/list_changed", "1");
    }

    @Test
    void keepsAQuietStreamAliveWithComments() throws Exception {
        ListenTestClient client = ListenTestClient.listen("1", "{\"toolsListChanged\":true}");
        listen(client, session(ALL_CAPABILITIES));
        assertAcknowledged(client.next(), "1", "{\"toolsListChanged\":true}");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.keepAlives.get() < 3) {
            assertTrue(System.nanoTime() < until, "no keep-alive");
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Test
    void noticesAClientThatWentWithinASecondThoughKeepAlivesAreMinutesApart() throws Exception {
        ListenRelay slowKeepAlives = new ListenRelay(upstream, BridgeSettings.defaults(), Duration.ofMinutes(10),
                Duration.ofMillis(200));
        ListenTestClient client = ListenTestClient.listen("1", "{\"toolsListChanged\":true}");
        Future<?> listen = threads.submit(() -> {
            slowKeepAlives.listen(client, client, session(ALL_CAPABILITIES), listChanges::incrementAndGet);
            return null;
        });
        ListenTestUpstream.Answer get = nextStream();
        assertAcknowledged(client.next(), "1", "{\"toolsListChanged\":true}");

        client.leave();
        listen.get(2, TimeUnit.SECONDS);
        awaitClosed(get);
        assertEquals(0, client.keepAlives.get());
    }

    @Test
    void acknowledgesBeforeTheHeadOfAQuietStreamAndSendsTheGetAgainWhenTheHeadTimesOut() throws Exception {
        CountDownLatch headTimeout = new CountDownLatch(1);
        AtomicInteger gets = new AtomicInteger();
        onGet = call -> {
            if (gets.incrementAndGet() == 1) {
                headTimeout.await();
                throw new HttpTimeoutException("request timed out");
            }
            return stream();
        };
        ListenTestClient client = ListenTestClient.listen("1", "{\"toolsListChanged\":true}");
        listen(client, session(ALL_CAPABILITIES));

        assertAcknowledged(client.next(), "1", "{\"toolsListChanged\":true}");
        headTimeout.countDown();
        push(nextStream(), "x", listChanged("tools"));
        assertNotification(client.next(), "notifications/tools/list_changed", "1");
        assertEquals(2, gets.get());
    }

    @Test
    void refusesAListenWithoutANotificationsFilterAsInvalidParams() throws Exception {
        ListenTestClient client = new ListenTestClient(
                "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"subscriptions/listen\",\"params\":{\"_meta\":{}}}", Map.of());
        await(listen(client, session(ALL_CAPABILITIES)));

        assertEquals(400, client.status());
        JsonObject error = client.next();
        assertEquals(9, error.getInt("id"));
        assertEquals(-32602, error.getJsonObject("error").getInt("code"));
        assertTrue(upstream.history.isEmpty());
    }

    @Test
    void refusesAFilterFieldOfTheWrongType() throws Exception {
        ListenTestClient client = ListenTestClient.listen("9", "{\"toolsListChanged\":\"yes\"}");
        await(listen(client, session(ALL_CAPABILITIES)));

        assertEquals(400, client.status());
        assertEquals(-32602, client.next().getJsonObject("error").getInt("code"));
    }

    @Test
    void throwsSessionGoneWithoutAnsweringWhenTheServerForgotTheSession() throws Exception {
        patientHeadWait();
        onGet = call -> ListenTestUpstream.status(404);
        ListenTestClient client = ListenTestClient.listen("1", "{\"toolsListChanged\":true}");
        try {
            await(listen(client, session(ALL_CAPABILITIES)));
            fail("no UpstreamSessionGone");
        } catch (ExecutionException e) {
            UpstreamSessionGone gone = assertInstanceOf(UpstreamSessionGone.class, e.getCause());
            assertEquals("session-1", gone.session().sessionId());
        }
        assertTrue(client.messages.isEmpty());
        assertEquals(0, client.status());
    }

    @Test
    void answers502WhenTheUpstreamFailsTheGet() throws Exception {
        patientHeadWait();
        onGet = call -> ListenTestUpstream.json(500, "{}");
        ListenTestClient client = ListenTestClient.listen("1", "{\"toolsListChanged\":true}");
        await(listen(client, session(ALL_CAPABILITIES)));

        assertEquals(502, client.status());
        JsonObject error = client.next();
        assertEquals(-32603, error.getJsonObject("error").getInt("code"));
        assertTrue(error.getJsonObject("error").getString("message").contains("HTTP 500"), error.toString());
    }

    @Test
    void acknowledgesNothingAndEndsAtOnceWhenTheServerHasNoGetStream() throws Exception {
        patientHeadWait();
        onGet = call -> ListenTestUpstream.status(405);
        ListenTestClient client = ListenTestClient.listen("1",
                "{\"toolsListChanged\":true,\"resourceSubscriptions\":[\"file:///a\"]}");
        await(listen(client, session(ALL_CAPABILITIES)));

        assertAcknowledged(client.next(), "1", "{}");
        assertListenResult(client.next(), "1");
        assertTrue(upstream.history.stream().noneMatch(call -> ListenTestUpstream.isPost(call, "resources/subscribe")));
    }

    @Test
    void closingTheRelayEndsEveryListenWithItsResultAndItsGet() throws Exception {
        ListenTestClient client = ListenTestClient.listen("5", "{\"toolsListChanged\":true}");
        Future<?> listen = listen(client, session(ALL_CAPABILITIES));
        ListenTestUpstream.Answer get = nextStream();
        assertAcknowledged(client.next(), "5", "{\"toolsListChanged\":true}");

        relay.close();
        assertListenResult(client.next(), "5");
        await(listen);
        awaitClosed(get);
    }
}

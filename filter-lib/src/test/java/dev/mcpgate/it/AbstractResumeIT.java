package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.SseText.Item;
import dev.mcpgate.it.deployment.ResumeTestServers;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SSE resumability ({@code resume=true}) in a real server: MCP Java SDK 2.1.0 streamable servers,
 * which have none of their own, behind filter instances that number the events, prime each stream
 * and keep a replay log ({@link ResumeTestServers}). A {@link CuttingRelay} breaks a client's
 * connection in the middle of a tool's progress stream; plain HTTP checks the wire format, the
 * refusals and the loss report.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractResumeIT {

    /** McpGate's event id: {@code <tag>-<stream>-<seq>}. */
    static final Pattern EVENT_ID = Pattern.compile("([a-z2-7]{12})-(\\d+)-(\\d+)");
    private static final String PROTOCOL_VERSION = "2025-06-18";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"" + PROTOCOL_VERSION + "\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"resume-raw\",\"version\":\"1.0\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final Pattern LOSS = Pattern.compile(
            "mcpgate: (\\d+) events of this stream were evicted from the replay log and are lost");

    @ArquillianResource
    protected URL deploymentUrl;

    private HttpClient http;
    private EventLog eventLog;

    @BeforeEach
    void clearEvents() {
        deploymentUrl = McpFilterDeployment.withContextPath(deploymentUrl);
        http = EventLog.client();
        eventLog = new EventLog(http, deploymentUrl);
        eventLog.clear();
    }

    /**
     * MCP Java SDK 2.1.0's {@code HttpClientStreamableHttpTransport} does not resume a POST stream:
     * it hands each SSE event of a POST answer to a fresh one-event {@code DefaultMcpTransportStream}
     * (whose reconnect-on-error can never fire), so a cut POST stream is an error and the call waits
     * for its request timeout. This test pins that down (a later SDK that resumes fails it: then it
     * becomes the SDK resume proof) and shows that McpGate kept the rest of the answer for the
     * session: a GET with the last event id the client received gets exactly the rest.
     */
    @Test
    void javaSdkClientDoesNotResumeACutPostStreamButMcpGateKeptTheRest() {
        List<McpSchema.ProgressNotification> progress = Collections.synchronizedList(new ArrayList<>());
        try (CuttingRelay relay = new CuttingRelay(deploymentUrl).cutOnDownstream("notifications/progress", 3)) {
            JavaSdkSession session = JavaSdkSession.create(relay.via(deploymentUrl), ResumeTestServers.RESUME_PATH,
                    "resume-java-it", "1.0.0", progress::add, Duration.ofSeconds(4));
            try (session) {
                session.client().initialize();
                RuntimeException failure = assertThrows(RuntimeException.class, () -> session.client().callTool(
                        CallToolRequest.builder(ResumeTestServers.PROGRESS_TOOL).arguments(Map.of())
                                .progressToken("java-cut").build()),
                        "the SDK client got a result through a cut stream: did it learn to resume?");
                assertTrue(relay.hasCut(), "the relay never cut");
                assertTrue(causes(failure).anyMatch(TimeoutException.class::isInstance),
                        () -> "the call should end in the client's request timeout, not: " + failure);
                assertFalse(relay.upstreamText().toLowerCase(Locale.ROOT).contains("last-event-id:"),
                        "the SDK client sent a Last-Event-ID:\n" + relay.upstreamText());

                // What the client received before the cut: the last answer on the cut connection.
                List<Item> received = SseText.events(lastAnswerBody(relay.cutConnectionDownstream()));
                assertFalse(received.isEmpty(), "the cut connection carried no complete event");
                int progressReceived = (int) received.stream().filter(e -> isProgress(e.data())).count();
                assertEquals(doubles(1, progressReceived), values(progress), "progress the client got before the cut");
                assertTrue(progressReceived >= 2 && progressReceived <= 3, "cut at the 3rd progress: " + received);

                String callId = session.posted().stream()
                        .filter(s -> ResumeTestServers.PROGRESS_TOOL.equals(s.target())).findFirst()
                        .orElseThrow().jsonRpcId();
                String lastId = received.get(received.size() - 1).id();
                HttpResponse<String> resumed = resume(ResumeTestServers.RESUME_PATH, session.sessionId(), lastId);
                assertEquals(200, resumed.statusCode(), resumed::body);
                List<Item> rest = SseText.events(resumed.body());
                assertAll("the rest of the stream after " + lastId + ":\n" + resumed.body(),
                        () -> assertEquals(doubles(progressReceived + 1, ResumeTestServers.DEFAULT_STEPS),
                                rest.stream().map(Item::data).filter(AbstractResumeIT::isProgress)
                                        .map(AbstractResumeIT::progressValue).toList()),
                        () -> assertEquals(callId, resultId(rest.get(rest.size() - 1))),
                        () -> assertTrue(rest.get(rest.size() - 1).data().contains("\"" + ResumeTestServers.PROGRESS_RESULT
                                + "\"")),
                        () -> assertEquals(sequence(lastId, rest.size()), rest.stream().map(Item::id).toList(),
                                "the ids continue the client's last one"));
            }
        }
    }

    @Test
    void primingEventOpensEachPostStreamAndMcpGateNumbersItsEvents() {
        String session = openSession(ResumeTestServers.RESUME_PATH);
        HttpResponse<String> first = callProgress(ResumeTestServers.RESUME_PATH, session, "c1", 3, 20);
        HttpResponse<String> second = callProgress(ResumeTestServers.RESUME_PATH, session, "c2", 1, 20);

        List<Item> firstEvents = SseText.events(first.body());
        List<Item> secondEvents = SseText.events(second.body());
        Matcher primingOne = EVENT_ID.matcher(firstEvents.get(0).id());
        Matcher primingTwo = EVENT_ID.matcher(secondEvents.get(0).id());
        assertAll("two POST streams of one session:\n" + first.body() + "\n" + second.body(),
                () -> assertEquals("text/event-stream", contentType(first)),
                () -> assertTrue(primingOne.matches() && primingTwo.matches(), "McpGate ids on the priming events"),
                () -> assertEquals(new Item(null, firstEvents.get(0).id(), String.valueOf(ResumeTestServers.DEFAULT_RETRY_MILLIS), ""),
                        firstEvents.get(0), "the priming event: id, retry (sse-retry), empty data"),
                () -> assertEquals("0", primingOne.group(3)),
                () -> assertEquals(primingOne.group(1), primingTwo.group(1), "one tag per session"),
                () -> assertNotEquals(primingOne.group(2), primingTwo.group(2), "a stream number per stream"),
                () -> assertEquals(5, firstEvents.size(), "priming, 3 progress, the result"),
                () -> assertEquals(sequence(firstEvents.get(0).id(), 4),
                        firstEvents.subList(1, 5).stream().map(Item::id).toList()),
                () -> assertTrue(firstEvents.stream().skip(1).allMatch(e -> e.retry() == null), "retry only when priming"),
                () -> assertTrue(firstEvents.stream().noneMatch(e -> session.equals(e.id())),
                        "the SDK's own ids (its session id) are replaced"),
                () -> assertEquals(doubles(1, 3), firstEvents.stream().map(Item::data)
                        .filter(AbstractResumeIT::isProgress).map(AbstractResumeIT::progressValue).toList()),
                () -> assertEquals("c1", resultId(firstEvents.get(4))));
    }

    @Test
    void eventIdOfAnotherSessionIsRefusedWithoutItsEvents() {
        String sessionA = openSession(ResumeTestServers.RESUME_PATH);
        String sessionB = openSession(ResumeTestServers.RESUME_PATH);
        List<Item> eventsA = SseText.events(callProgress(ResumeTestServers.RESUME_PATH, sessionA, "a1", 2, 10).body());
        List<Item> eventsB = SseText.events(callProgress(ResumeTestServers.RESUME_PATH, sessionB, "b1", 1, 10).body());
        Matcher tagB = EVENT_ID.matcher(eventsB.get(0).id());
        assertTrue(tagB.matches(), eventsB::toString);

        HttpResponse<String> crossSession = resume(ResumeTestServers.RESUME_PATH, sessionB, eventsA.get(0).id());
        HttpResponse<String> neverIssued = resume(ResumeTestServers.RESUME_PATH, sessionB, tagB.group(1) + "-99-1");
        HttpResponse<String> malformed = resume(ResumeTestServers.RESUME_PATH, sessionB, "not an event id");
        assertAll("GET with Last-Event-ID in session B",
                () -> assertJsonRpcError(crossSession, 404, -32001),
                () -> assertFalse(crossSession.body().contains("progress") || crossSession.body().contains("a1"),
                        () -> "nothing of session A: " + crossSession.body()),
                () -> assertJsonRpcError(neverIssued, 404, -32001),
                () -> assertJsonRpcError(malformed, 400, -32600));

        List<RecordedEvent> refused = eventLog.awaitUntil("rows for the two 404 resumes", all -> refusedResumes(all,
                sessionB).size() >= 2);
        assertTrue(refusedResumes(refused, sessionB).stream().allMatch(e -> "REJECTED".equals(e.text("outcome"))
                && "EVENT_ID".equals(e.text("violation"))), () -> EventLog.dump(refused));
    }

    @Test
    void replayAfterEvictionReportsTheLostEventsThenGivesTheKeptOnes() {
        String session = openSession(ResumeTestServers.SMALL_PATH);
        int steps = 10;
        List<Item> original = SseText.events(callProgress(ResumeTestServers.SMALL_PATH, session, "s1", steps, 10).body());
        assertEquals(steps + 2, original.size(), "priming, progress, result: " + original);

        HttpResponse<String> fromStart = resume(ResumeTestServers.SMALL_PATH, session, original.get(0).id());
        List<Item> items = SseText.parse(fromStart.body());
        assertEquals(200, fromStart.statusCode(), fromStart::body);
        assertTrue(!items.isEmpty() && items.get(0).isComment(), () -> "the loss comment first: " + items);
        Matcher loss = LOSS.matcher(items.get(0).comment());
        assertTrue(loss.matches(), items.get(0)::comment);
        List<Item> kept = items.stream().filter(i -> !i.isComment()).toList();
        int lost = Integer.parseInt(loss.group(1));
        assertAll("replay from the priming event of a stream of " + (steps + 1) + " events, "
                        + ResumeTestServers.SMALL_MAX_EVENTS + " kept:\n" + fromStart.body(),
                () -> assertTrue(kept.size() >= 1 && kept.size() <= ResumeTestServers.SMALL_MAX_EVENTS),
                () -> assertEquals(steps + 1, lost + kept.size(), "lost + kept = the events after the priming one"),
                () -> assertEquals(original.subList(original.size() - kept.size(), original.size()), kept,
                        "the kept events, with their ids and data, are the stream's last ones"));

        Item keptFirst = kept.get(0);
        HttpResponse<String> fromKept = resume(ResumeTestServers.SMALL_PATH, session, keptFirst.id());
        List<Item> rest = SseText.parse(fromKept.body());
        assertEquals(original.subList(original.size() - kept.size() + 1, original.size()), rest,
                "after a kept id: exactly the events after it, no loss comment");
    }

    @Test
    void idleGetStreamIsPrimedAndGetsHeartbeatComments() throws Exception {
        String session = openSession(ResumeTestServers.HEARTBEAT_PATH);
        HttpResponse<Stream<String>> stream = http.send(request(ResumeTestServers.HEARTBEAT_PATH, session)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        try (Stream<String> lines = stream.body()) {
            Iterator<String> reader = lines.iterator();
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            CompletableFuture<Void> keepAlive = CompletableFuture.runAsync(() -> {
                while (reader.hasNext()) {
                    String line = reader.next();
                    seen.add(line);
                    if (line.startsWith(": keep-alive")) {
                        return;
                    }
                }
            });
            try {
                keepAlive.get(10, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new AssertionError("no ': keep-alive' within 10 s on an idle GET stream with sse-heartbeat="
                        + ResumeTestServers.HEARTBEAT + "; lines: " + seen, e);
            }
            List<Item> priming = SseText.events(String.join("\n", seen));
            assertAll("the GET stream's lines: " + seen,
                    () -> assertEquals(1, priming.size(), "only the priming event before the heartbeat"),
                    () -> assertTrue(EVENT_ID.matcher(priming.get(0).id()).matches()),
                    () -> assertTrue(priming.get(0).id().endsWith("-0")),
                    () -> assertEquals("", priming.get(0).data()),
                    () -> assertNotNull(priming.get(0).retry()));
        }
    }

    // ------------------------------------------------------------------------------------ helpers

    /** initialize + notifications/initialized; returns the session id the server minted. */
    private String openSession(String path) {
        HttpResponse<String> init = post(path, INITIALIZE, null);
        assertEquals(200, init.statusCode(), init::body);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow(() ->
                new AssertionError("no Mcp-Session-Id on initialize: " + init.headers()));
        HttpResponse<String> initialized = post(path, INITIALIZED, session);
        assertEquals(202, initialized.statusCode(), initialized::body);
        return session;
    }

    private HttpResponse<String> callProgress(String path, String session, String id, int steps, int intervalMillis) {
        HttpResponse<String> response = post(path, "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"" + ResumeTestServers.PROGRESS_TOOL + "\",\"arguments\":{\"steps\":" + steps
                + ",\"intervalMillis\":" + intervalMillis + "},\"_meta\":{\"progressToken\":\"" + id + "-progress\"}}}",
                session);
        assertEquals(200, response.statusCode(), response::body);
        return response;
    }

    private HttpResponse<String> resume(String path, String session, String lastEventId) {
        return EventLog.send(http, request(path, session).header("Accept", "text/event-stream")
                .header("Last-Event-ID", lastEventId).GET().build());
    }

    private HttpRequest.Builder request(String path, String session) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(
                deploymentUrl.toString().replaceAll("/$", "") + path)).timeout(Duration.ofSeconds(30));
        if (session != null) {
            builder.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", PROTOCOL_VERSION);
        }
        return builder;
    }

    private HttpResponse<String> post(String path, String body, String session) {
        return EventLog.send(http, request(path, session).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static List<RecordedEvent> refusedResumes(List<RecordedEvent> events, String session) {
        return events.stream().filter(e -> e.is(REQUEST_COMPLETED) && "GET".equals(e.httpMethod())
                && session.equals(e.sessionId()) && Long.valueOf(404).equals(e.number("httpStatus"))).toList();
    }

    private static void assertJsonRpcError(HttpResponse<String> response, int status, int code) {
        assertEquals(status, response.statusCode(), response::body);
        assertEquals("application/json", contentType(response), response::body);
        JsonObject error = EventLog.parse(response.body()).asJsonObject().getJsonObject("error");
        assertEquals(code, error.getInt("code"), response::body);
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
    }

    /** The body of the last HTTP answer in a connection's raw downstream bytes (keep-alive: several). */
    static String lastAnswerBody(byte[] downstream) {
        String text = new String(downstream, StandardCharsets.ISO_8859_1);
        int start = text.lastIndexOf("HTTP/1.1 ");
        return RawHttp.bodyOf(text.substring(start).getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The ids following {@code id} on its stream: seq + 1 ... seq + count. */
    static List<String> sequence(String id, int count) {
        Matcher m = EVENT_ID.matcher(id);
        assertTrue(m.matches(), "not an McpGate event id: " + id);
        long seq = Long.parseLong(m.group(3));
        return IntStream.rangeClosed(1, count).mapToObj(i -> m.group(1) + "-" + m.group(2) + "-" + (seq + i)).toList();
    }

    static boolean isProgress(String data) {
        return data != null && data.contains("\"notifications/progress\"");
    }

    static double progressValue(String data) {
        return EventLog.parse(data).asJsonObject().getJsonObject("params").getJsonNumber("progress").doubleValue();
    }

    private static String resultId(Item event) {
        JsonObject message = EventLog.parse(event.data()).asJsonObject();
        assertTrue(message.containsKey("result"), () -> "not a result: " + event);
        return message.getString("id");
    }

    static List<Double> doubles(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> (double) i).toList();
    }

    private static List<Double> values(List<McpSchema.ProgressNotification> progress) {
        synchronized (progress) {
            return progress.stream().map(McpSchema.ProgressNotification::progress).toList();
        }
    }

    private static Stream<Throwable> causes(Throwable t) {
        return Stream.iterate(t, c -> c != null, Throwable::getCause).limit(10);
    }
}

package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Server-to-client requests of a legacy server become input-required results (multi round-trip requests). */
class ModernToLegacyInputRequestsTest {

    private static final String ELICIT = "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"elicitation/create\","
            + "\"params\":{\"message\":\"name?\",\"requestedSchema\":{\"type\":\"object\"}}}";
    private static final String ELICIT_NAMED = "{\"jsonrpc\":\"2.0\",\"id\":\"srv-1\","
            + "\"method\":\"elicitation/create\",\"params\":{\"message\":\"name?\","
            + "\"_meta\":{\"dev.mcpgate/inputKey\":\"user_name\"}}}";
    private volatile String elicit = ELICIT;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch serverGotError = new CountDownLatch(1);
    private volatile ScriptedUpstream.Stream stream;
    private final ScriptedUpstream upstream = new ScriptedUpstream(this::server);
    private ModernToLegacyTranslator translator = translator(Duration.ofMinutes(5));

    @AfterEach
    void close() {
        translator.close();
        scheduler.shutdownNow();
    }

    private ModernToLegacyTranslator translator(Duration inputTimeout) {
        return new ModernToLegacyTranslator(upstream, new BridgeSettings(UpstreamEra.LEGACY, Duration.ZERO,
                CacheScope.PRIVATE, Duration.ofMinutes(10), 10, Duration.ofSeconds(60), inputTimeout), scheduler);
    }

    /** tools/call "ask" elicits, then answers with what the client said; other calls answer at once. */
    private UpstreamAnswer server(UpstreamCall call, JsonObject message) {
        if (message == null) {
            return ScriptedUpstream.json(200, Map.of(), ""); // DELETE
        }
        if (message.containsKey("method") && message.containsKey("id")) {
            stream = new ScriptedUpstream.Stream();
            if (message.getString("method").equals("tools/call")) {
                stream.event(elicit);
                pendingCall = message;
            } else {
                stream.event(ScriptedUpstream.result(message, "{\"contents\":[]}"));
            }
            return stream.answer;
        }
        if (!message.containsKey("method") && message.containsKey("result")
                && message.getJsonObject("result").getJsonObject("content").containsKey("name")) {
            stream.event(ScriptedUpstream.result(pendingCall, "{\"content\":[{\"type\":\"text\",\"text\":\"got "
                    + message.getJsonObject("result").getJsonObject("content").getString("name") + "\"}]}"));
        }
        if (message.containsKey("error")) {
            serverGotError.countDown();
            stream.event(ScriptedUpstream.result(pendingCall, "{\"content\":[],\"isError\":true}"));
        }
        return ScriptedUpstream.json(202, Map.of(), "");
    }

    private volatile JsonObject pendingCall;

    private RecordingAnswer handle(ClientCall call) throws Exception {
        RecordingAnswer answer = new RecordingAnswer();
        translator.handle(call, answer);
        return answer;
    }

    private static ModernCall retry(Object id, String state, String responses) {
        return ModernCall.request(id, "tools/call", "\"name\":\"ask\",\"inputResponses\":" + responses
                + ",\"requestState\":\"" + state + "\"");
    }

    @Test
    void anElicitationBecomesAnInputRequiredResultAndTheRetryCompletesTheParkedCall() throws Exception {
        RecordingAnswer first = handle(ModernCall.request(1, "tools/call", "\"name\":\"ask\""));

        assertEquals(200, first.status);
        JsonObject result = first.json.getJsonObject("result");
        assertEquals("input_required", result.getString("resultType"));
        JsonObject asked = result.getJsonObject("inputRequests").getJsonObject("elicitation");
        assertEquals("elicitation/create", asked.getString("method"));
        assertEquals("name?", asked.getJsonObject("params").getString("message"));
        assertFalse(result.containsKey("ttlMs"), "an input_required result carries no caching hints");
        assertEquals(1, translator.waiting());

        RecordingAnswer second = handle(retry(2, result.getString("requestState"),
                "{\"elicitation\":{\"action\":\"accept\",\"content\":{\"name\":\"octocat\"}}}"));

        assertEquals(2, second.last().getInt("id"));
        JsonObject done = second.last().getJsonObject("result");
        assertEquals("complete", done.getString("resultType"));
        assertEquals("got octocat", done.getJsonArray("content").getJsonObject(0).getString("text"));
        JsonObject response = upstream.posted("response").get(0);
        assertEquals("srv-1", response.getString("id"), "the client's answer went to the server's request");
        assertEquals(0, translator.waiting());
        assertEquals(1, upstream.posted("tools/call").size(), "the retry was not sent as a new call");
    }

    @Test
    void aRetryWithoutTheAnswerIsAskedAgain() throws Exception {
        String state = handle(ModernCall.request(1, "tools/call", "\"name\":\"ask\"")).json
                .getJsonObject("result").getString("requestState");

        RecordingAnswer again = handle(retry(2, state, "{}"));

        JsonObject result = again.json.getJsonObject("result");
        assertEquals("input_required", result.getString("resultType"));
        assertTrue(result.getJsonObject("inputRequests").containsKey("elicitation"));
        assertFalse(state.equals(result.getString("requestState")), "a new state for the new round");
        assertEquals(1, translator.waiting());
    }

    @Test
    void anUnknownStateOrOneOfAnotherCallerIsRefusedAndTheWaitStays() throws Exception {
        String state = handle(ModernCall.request(1, "tools/call", "\"name\":\"ask\"")).json
                .getJsonObject("result").getString("requestState");

        RecordingAnswer unknown = handle(retry(2, "forged", "{}"));
        RecordingAnswer otherCaller = handle(ModernCall.request(3, "tools/call", "\"name\":\"ask\","
                + "\"inputResponses\":{},\"requestState\":\"" + state + "\"", "c", ModernCall.CAPS, "mallory"));
        RecordingAnswer otherName = handle(ModernCall.request(4, "tools/call", "\"name\":\"other\","
                + "\"inputResponses\":{},\"requestState\":\"" + state + "\""));

        for (RecordingAnswer answer : List.of(unknown, otherCaller, otherName)) {
            assertEquals(400, answer.status);
            assertEquals(-32602, answer.json.getJsonObject("error").getInt("code"));
        }
        assertEquals(1, translator.waiting());
    }

    @Test
    void aClientWithoutTheCapabilityMakesTheServerRequestFailAndTheCallGoesOn() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(1, "tools/call", "\"name\":\"ask\"", "c", "{}", null));

        assertTrue(serverGotError.await(5, TimeUnit.SECONDS));
        JsonObject error = upstream.posted("response").get(0);
        assertEquals(-32601, error.getJsonObject("error").getInt("code"));
        assertTrue(error.getJsonObject("error").getString("message").contains("elicitation"));
        assertTrue(answer.last().getJsonObject("result").getBoolean("isError"));
        assertEquals(0, translator.waiting());
    }

    @Test
    void aWaitThatExpiresFailsTheServerRequest() throws Exception {
        translator.close();
        translator = translator(Duration.ofMillis(100));

        handle(ModernCall.request(1, "tools/call", "\"name\":\"ask\""));

        assertTrue(serverGotError.await(5, TimeUnit.SECONDS), "the server's request was answered with an error");
        assertEquals(-32603, upstream.posted("response").get(0).getJsonObject("error").getInt("code"));
        String state = "any";
        assertEquals(400, handle(retry(2, state, "{}")).status);
    }

    @Test
    void aPingOfTheServerIsAnsweredByTheBridge() throws Exception {
        upstream.handler((call, message) -> {
            if (message.containsKey("method") && message.containsKey("id")) {
                return ScriptedUpstream.sse("{\"jsonrpc\":\"2.0\",\"id\":\"srv-9\",\"method\":\"ping\"}",
                        ScriptedUpstream.result(message, "{\"tools\":[]}"));
            }
            return ScriptedUpstream.json(202, Map.of(), "");
        });

        RecordingAnswer answer = handle(ModernCall.request(1, "tools/list", null));

        assertEquals("complete", answer.json.getJsonObject("result").getString("resultType"));
        JsonObject pong = upstream.posted("response").get(0);
        assertEquals("srv-9", pong.getString("id"));
        assertEquals("{}", pong.getJsonObject("result").toString());
    }

    @Test
    void theServerNamesTheInputKeyInMeta() throws Exception {
        elicit = ELICIT_NAMED;

        JsonObject result = handle(ModernCall.request(1, "tools/call", "\"name\":\"ask\"")).json
                .getJsonObject("result");

        JsonObject asked = result.getJsonObject("inputRequests").getJsonObject("user_name");
        assertEquals("{\"message\":\"name?\"}", asked.getJsonObject("params").toString(),
                "the naming hint is not shown to the client");
    }

    @Test
    void anAnswerSentWithTheFirstRequestIsUsedWithoutARoundTripAndExtraKeysAreIgnored() throws Exception {
        elicit = ELICIT_NAMED;

        RecordingAnswer answer = handle(ModernCall.request(1, "tools/call", "\"name\":\"ask\",\"inputResponses\":{"
                + "\"user_name\":{\"action\":\"accept\",\"content\":{\"name\":\"Alice\"}},"
                + "\"unknown_extra_key\":{\"action\":\"accept\",\"content\":{\"foo\":\"bar\"}}}"));

        JsonObject result = answer.last().getJsonObject("result");
        assertEquals("complete", result.getString("resultType"));
        assertEquals("got Alice", result.getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals(0, translator.waiting());
    }

    @Test
    void anInputResponseThatIsNoObjectIsAskedForAgain() throws Exception {
        elicit = ELICIT_NAMED;

        RecordingAnswer answer = handle(ModernCall.request(1, "tools/call",
                "\"name\":\"ask\",\"inputResponses\":{\"user_name\":12345}"));

        assertEquals("input_required", answer.json.getJsonObject("result").getString("resultType"));
    }

    @Test
    void requestsTheServerSendsTogetherAreAskedInOneResult() throws Exception {
        elicit = ELICIT + "\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"srv-2\","
                + "\"method\":\"sampling/createMessage\",\"params\":{\"maxTokens\":5,\"messages\":[]}}";

        JsonObject result = handle(ModernCall.request(1, "tools/call", "\"name\":\"ask\"")).json
                .getJsonObject("result");

        assertEquals(java.util.Set.of("elicitation", "sampling"), result.getJsonObject("inputRequests").keySet());
        RecordingAnswer done = handle(retry(2, result.getString("requestState"),
                "{\"elicitation\":{\"action\":\"accept\",\"content\":{\"name\":\"octocat\"}},"
                        + "\"sampling\":{\"role\":\"assistant\",\"content\":{\"type\":\"text\",\"text\":\"hi\"},"
                        + "\"model\":\"m\"}}"));

        assertEquals(List.of("srv-1", "srv-2"), upstream.posted("response").stream().map(r -> r.getString("id"))
                .sorted().toList());
        assertEquals("complete", done.last().getJsonObject("result").getString("resultType"));
    }
}

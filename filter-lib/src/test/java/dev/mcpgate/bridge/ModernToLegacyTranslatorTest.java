package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModernToLegacyTranslatorTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ScriptedUpstream upstream = new ScriptedUpstream(ModernToLegacyTranslatorTest::legacyServer);
    private ModernToLegacyTranslator translator = new ModernToLegacyTranslator(upstream,
            new BridgeSettings(UpstreamEra.LEGACY, Duration.ofSeconds(30), CacheScope.PUBLIC, Duration.ofMinutes(10),
                    1000, Duration.ofSeconds(60), Duration.ofMinutes(5)), scheduler);

    @AfterEach
    void close() {
        translator.close();
        scheduler.shutdownNow();
    }

    /** A legacy server: SSE answers, as the MCP Java SDK 2.1.0 gives them. */
    static UpstreamAnswer legacyServer(UpstreamCall call, JsonObject message) {
        if (message == null) {
            return ScriptedUpstream.json(200, Map.of(), "");
        }
        if (!message.containsKey("method") || !message.containsKey("id")) {
            return ScriptedUpstream.json(202, Map.of(), "");
        }
        return switch (message.getString("method")) {
            case "tools/list" -> ScriptedUpstream.sse(ScriptedUpstream.result(message,
                    "{\"tools\":[{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}]}"));
            case "tools/call" -> ScriptedUpstream.sse(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"p1\",\"progress\":50}}",
                    ScriptedUpstream.result(message, "{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}"));
            case "resources/read" -> ScriptedUpstream.sse(ScriptedUpstream.error(message, -32002, "Resource not found"));
            case "logging/setLevel" -> ScriptedUpstream.sse(ScriptedUpstream.result(message, "{}"));
            default -> ScriptedUpstream.sse(ScriptedUpstream.error(message, -32601, "Method not found"));
        };
    }

    private RecordingAnswer handle(ClientCall call) throws Exception {
        RecordingAnswer answer = new RecordingAnswer();
        translator.handle(call, answer);
        return answer;
    }

    @Test
    void discoverIsAnsweredFromTheLegacyInitializeResultAndCached() throws Exception {
        RecordingAnswer first = handle(ModernCall.request(1, "server/discover", null));
        RecordingAnswer second = handle(ModernCall.request(2, "server/discover", null));

        assertEquals(200, first.status);
        JsonObject result = first.json.getJsonObject("result");
        assertEquals(1, first.json.getInt("id"));
        assertEquals("complete", result.getString("resultType"));
        assertEquals(List.of("2026-07-28"), result.getJsonArray("supportedVersions").getValuesAs(
                jakarta.json.JsonString::getString));
        assertTrue(result.getJsonObject("capabilities").containsKey("tools"));
        assertFalse(result.getJsonObject("capabilities").containsKey("tasks"), "2025-11-25 tasks are not offered");
        assertEquals("legacy", result.getJsonObject("_meta").getJsonObject(MetaKeys.SERVER_INFO).getString("name"));
        assertEquals("use the tools", result.getString("instructions"));
        assertEquals(30_000, result.getInt("ttlMs"));
        assertEquals("public", result.getString("cacheScope"));
        assertEquals(result, second.json.getJsonObject("result"));
        assertEquals(1, upstream.posted("initialize").size(), "one handshake for both");
        assertEquals(1, upstream.posted("notifications/initialized").size());
        JsonObject initialize = upstream.posted("initialize").get(0).getJsonObject("params");
        assertEquals(MetaKeys.LEGACY_VERSION, initialize.getString("protocolVersion"));
        assertEquals("c", initialize.getJsonObject("clientInfo").getString("name"));
        assertTrue(initialize.getJsonObject("capabilities").containsKey("elicitation"));
    }

    @Test
    void discoverIsFetchedAgainAfterAListChangedOnACallStream() throws Exception {
        handle(ModernCall.request(1, "server/discover", null));
        upstream.handler((call, message) -> ScriptedUpstream.sse(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}",
                ScriptedUpstream.result(message, "{\"tools\":[]}")));
        RecordingAnswer list = handle(ModernCall.request(2, "tools/list", null));
        handle(ModernCall.request(3, "server/discover", null));

        assertEquals("json", list.kind, "a list change is not relayed on a call's stream");
        assertEquals(2, upstream.posted("initialize").size(), "the discover after the change made a fresh handshake");
        assertEquals(1, upstream.calls("DELETE").size(), "and ended it");
    }

    @Test
    void aRequestWithoutMetaIsRefusedWith400AndInvalidParamsAndNeverForwarded() throws Exception {
        RecordingAnswer answer = handle(ModernCall.raw(
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\",\"params\":{}}", null)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/list"));

        assertEquals(400, answer.status);
        assertEquals(-32602, answer.json.getJsonObject("error").getInt("code"));
        assertEquals(7, answer.json.getInt("id"));
        assertTrue(upstream.calls.isEmpty());
    }

    @Test
    void anUnsupportedVersionIsRefusedWithTheSupportedOnes() throws Exception {
        RecordingAnswer answer = handle(ModernCall.raw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\","
                + "\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2027-01-01\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}", null)
                .header("MCP-Protocol-Version", "2027-01-01").header("Mcp-Method", "tools/list"));

        assertEquals(400, answer.status);
        JsonObject error = answer.json.getJsonObject("error");
        assertEquals(-32022, error.getInt("code"));
        assertEquals("2026-07-28", error.getJsonObject("data").getJsonArray("supported").getString(0));
        assertEquals("2027-01-01", error.getJsonObject("data").getString("requested"));
    }

    @Test
    void headersThatDisagreeWithTheBodyAreRefusedWithHeaderMismatch() throws Exception {
        RecordingAnswer name = handle(ModernCall.request(1, "tools/call", "\"name\":\"echo\"")
                .header("Mcp-Name", "other"));
        RecordingAnswer method = handle(ModernCall.request(2, "tools/list", null).header("Mcp-Method", null));
        RecordingAnswer version = handle(ModernCall.request(3, "tools/list", null)
                .header("MCP-Protocol-Version", "2025-11-25"));

        for (RecordingAnswer answer : List.of(name, method, version)) {
            assertEquals(400, answer.status);
            assertEquals(-32020, answer.json.getJsonObject("error").getInt("code"));
        }
        assertTrue(upstream.calls.isEmpty());
    }

    @Test
    void aBase64SentinelNameMatchesTheBody() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(1, "tools/call", "\"name\":\"échö\"")
                .header("Mcp-Name", "=?base64?w6ljaMO2?="));

        assertEquals(200, answer.status);
    }

    @Test
    void aNameHeaderWithSurroundingWhiteSpaceMatches() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(1, "tools/call", "\"name\":\"echo\"")
                .header("Mcp-Name", "  echo "));

        assertEquals(200, answer.status);
    }

    @Test
    void aListIsForwardedOnThePooledSessionAndAnsweredCompleteWithCachingHints() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request("a", "tools/list", null));

        assertEquals("json", answer.kind, "a stream holding only the response is answered as JSON");
        assertEquals(200, answer.status);
        assertEquals("a", answer.json.getString("id"));
        JsonObject result = answer.json.getJsonObject("result");
        assertEquals("complete", result.getString("resultType"));
        assertEquals(30_000, result.getInt("ttlMs"));
        assertEquals("public", result.getString("cacheScope"));
        assertEquals("legacy", result.getJsonObject("_meta").getJsonObject(MetaKeys.SERVER_INFO).getString("name"));
        UpstreamCall call = upstream.calls.get(upstream.calls.size() - 1);
        assertEquals("s-1", call.headers().get("Mcp-Session-Id"));
        assertEquals("2025-11-25", call.headers().get("MCP-Protocol-Version"));
        JsonObject sent = upstream.posted("tools/list").get(0);
        assertTrue(sent.getString("id").startsWith("mcpgate-bridge-"), "the bridge's own id upstream");
        assertEquals("{\"progressToken\":\"p1\"}", sent.getJsonObject("params").getJsonObject("_meta").toString(),
                "the 2026-07-28 fields are not sent to the legacy server");
    }

    @Test
    void oneClientSharesItsSessionAndAnotherCallerOrCapabilitySetGetsItsOwn() throws Exception {
        handle(ModernCall.request(1, "tools/list", null));
        handle(ModernCall.request(2, "tools/list", null));
        handle(ModernCall.request(3, "tools/list", null, "c", "{}", null));
        handle(ModernCall.request(4, "tools/list", null, "c", ModernCall.CAPS, "alice"));
        handle(ModernCall.request(5, "tools/list", null, "other", ModernCall.CAPS, null));

        assertEquals(4, upstream.posted("initialize").size());
    }

    @Test
    void twoBearerCallersOfOneClientGetSessionsOfTheirOwnEndedWithTheirOwnCredentials() throws Exception {
        handle(ModernCall.request(1, "tools/list", null).header("Authorization", "Bearer alice-token"));
        handle(ModernCall.request(2, "tools/list", null).header("Authorization", "Bearer bob-token"));
        handle(ModernCall.request(3, "tools/list", null).header("Authorization", "Bearer alice-token"));

        assertEquals(2, upstream.posted("initialize").size(), "one pooled session per caller's credentials");
        translator.close();
        assertEquals(java.util.Set.of("Bearer alice-token", "Bearer bob-token"), upstream.calls("DELETE").stream()
                .map(c -> c.headers().get("Authorization")).collect(java.util.stream.Collectors.toSet()),
                "each DELETE authenticates as the caller that made the session");
    }

    @Test
    void aPrivateDiscoverResultIsNeverAnotherCallersEvenOfTheSameClient() throws Exception {
        translator.close();
        translator = new ModernToLegacyTranslator(upstream, new BridgeSettings(UpstreamEra.LEGACY,
                Duration.ofSeconds(30), CacheScope.PRIVATE, Duration.ofMinutes(10), 1000, Duration.ofSeconds(60),
                Duration.ofMinutes(5)), scheduler);
        handle(ModernCall.request(1, "server/discover", null, "c", ModernCall.CAPS, "alice"));
        handle(ModernCall.request(2, "server/discover", null, "c", ModernCall.CAPS, "bob"));
        handle(ModernCall.request(3, "server/discover", null, "c", ModernCall.CAPS, "alice"));

        assertEquals(2, upstream.posted("initialize").size(), "bob's discover is asked as bob, alice's is kept");
    }

    @Test
    void progressBeforeTheResultIsStreamedToTheClient() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(9, "tools/call", "\"name\":\"echo\""));

        assertEquals("sse", answer.kind);
        assertEquals("no", answer.headers.get("X-Accel-Buffering"));
        assertEquals(2, answer.events.size());
        assertEquals("notifications/progress", answer.events.get(0).getString("method"));
        assertEquals(9, answer.events.get(1).getInt("id"));
        assertEquals("complete", answer.events.get(1).getJsonObject("result").getString("resultType"));
        assertFalse(answer.events.get(1).getJsonObject("result").containsKey("ttlMs"), "tools/call is not cacheable");
        assertTrue(answer.closed);
    }

    @Test
    void aClientThatTakesOnlyJsonGetsTheResultAlone() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(9, "tools/call", "\"name\":\"echo\"")
                .header("Accept", "application/json"));

        assertEquals("json", answer.kind);
        assertEquals("done", answer.json.getJsonObject("result").getJsonArray("content").getJsonObject(0)
                .getString("text"));
    }

    @Test
    void theLegacyResourceNotFoundCodeBecomesInvalidParams() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(1, "resources/read", "\"uri\":\"test://nope\""));

        assertEquals(400, answer.status);
        JsonObject error = answer.json.getJsonObject("error");
        assertEquals(-32602, error.getInt("code"));
        assertEquals("test://nope", error.getJsonObject("data").getString("uri"));
    }

    @Test
    void aMissingCapabilityErrorKeepsItsCodeAndOtherReservedCodesBecomeInternalErrors() {
        JsonObject missing = AnswerMapping.error(jakarta.json.Json.createObjectBuilder().add("code", -32021)
                .add("message", "the tool needs elicitation").build());
        JsonObject reserved = AnswerMapping.error(jakarta.json.Json.createObjectBuilder().add("code", -32050)
                .add("message", "a legacy server's own code").build());

        assertAll(
                () -> assertEquals(-32021, missing.getInt("code")),
                () -> assertEquals(400, AnswerMapping.status(-32021)),
                () -> assertEquals(-32603, reserved.getInt("code")),
                () -> assertEquals(-32050, reserved.getJsonObject("data").getInt("legacyCode")));
    }

    @Test
    void anUnknownMethodIs404MethodNotFound() throws Exception {
        RecordingAnswer answer = handle(ModernCall.request(1, "foo/bar", null));

        assertEquals(404, answer.status);
        assertEquals(-32601, answer.json.getJsonObject("error").getInt("code"));
    }

    @Test
    void methodsRemovedIn20260728AreNotForwarded() throws Exception {
        for (String method : List.of("ping", "initialize", "logging/setLevel", "resources/subscribe")) {
            RecordingAnswer answer = handle(ModernCall.request(1, method, null));
            assertEquals(404, answer.status, method);
            assertEquals(-32601, answer.json.getJsonObject("error").getInt("code"));
        }
        assertTrue(upstream.calls.isEmpty());
    }

    @Test
    void aSessionTheServerForgotIsMadeAgainOnce() throws Exception {
        handle(ModernCall.request(1, "tools/list", null));
        upstream.handler((call, message) -> "s-1".equals(call.headers().get("Mcp-Session-Id"))
                ? ScriptedUpstream.json(404, Map.of(), "")
                : legacyServer(call, message));

        RecordingAnswer answer = handle(ModernCall.request(2, "tools/list", null));

        assertEquals(200, answer.status);
        assertEquals("complete", answer.json.getJsonObject("result").getString("resultType"));
        assertEquals(2, upstream.posted("initialize").size());
    }

    @Test
    void aServerThatFailsIsAnswered502() throws Exception {
        upstream.handler((call, message) -> {
            throw new IOException("connection refused");
        });
        RecordingAnswer answer = handle(ModernCall.request(1, "tools/list", null));

        assertEquals(502, answer.status);
        assertEquals(-32603, answer.json.getJsonObject("error").getInt("code"));
    }

    @Test
    void getAndDeleteAre405AndNotificationsAre202() throws Exception {
        RecordingAnswer get = handle(ModernCall.get());
        RecordingAnswer notification = handle(ModernCall.raw(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}", null));

        assertEquals(405, get.status);
        assertEquals("POST", get.headers.get("Allow"));
        assertEquals(202, notification.status);
        assertTrue(upstream.calls.isEmpty());
    }

    @Test
    void theLogLevelOfMetaIsSetOnTheSessionWhenItChanges() throws Exception {
        for (int i = 0; i < 2; i++) {
            handle(ModernCall.raw("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\",\"params\":{"
                    + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{},"
                    + "\"io.modelcontextprotocol/logLevel\":\"debug\"}}}", null)
                    .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/list"));
        }

        List<JsonObject> setLevel = upstream.posted("logging/setLevel");
        assertEquals(1, setLevel.size());
        assertEquals("debug", setLevel.get(0).getJsonObject("params").getString("level"));
    }

    @Test
    void closingEndsThePooledSessions() throws Exception {
        handle(ModernCall.request(1, "tools/list", null));
        translator.close();

        assertEquals(1, upstream.calls("DELETE").size());
        assertEquals("s-1", upstream.calls("DELETE").get(0).headers().get("Mcp-Session-Id"));
    }

    @Test
    void logMessagesReachOnlyARequestThatAskedForThemAtOrAboveItsLevel() throws Exception {
        upstream.handler((call, message) -> message.containsKey("id") && message.getString("method").equals("tools/call")
                ? ScriptedUpstream.sse(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"debug\",\"data\":\"d\"}}",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{\"level\":\"error\",\"data\":\"e\"}}",
                        ScriptedUpstream.result(message, "{\"content\":[]}"))
                : legacyServer(call, message));

        RecordingAnswer silent = handle(ModernCall.request(1, "tools/call", "\"name\":\"echo\""));
        RecordingAnswer errors = handle(ModernCall.raw("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/logLevel\":\"warning\"}}}",
                null).header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                .header("Mcp-Name", "echo"));

        assertEquals("json", silent.kind, "no log message without a logLevel");
        assertEquals(2, errors.events.size());
        assertEquals("e", errors.events.get(0).getJsonObject("params").getString("data"));
    }
}

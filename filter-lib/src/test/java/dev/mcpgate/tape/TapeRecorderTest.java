package dev.mcpgate.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.concurrent.SchedulerProvider;
import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.intercept.ResponseVerdict;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.redact.SessionIdDisplay;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TapeRecorderTest {

    private static final Instant NOW = Instant.parse("2026-12-02T01:02:03Z");
    private static final String SESSION = "3f2a8b1e-0000-4000-8000-000000000001";

    @TempDir
    Path dir;
    private final SchedulerProvider scheduler = SchedulerProvider.own("tape-test", 1);

    @AfterEach
    void stop() {
        scheduler.close();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    private TapeRecorder recorder(String redact) throws IOException {
        TapeRedaction redaction = TapeRedaction.parse(redact);
        TapeWriter writer = new TapeWriter(dir, redaction, 16, scheduler.scheduler(), Duration.ofMillis(20)).start();
        return new TapeRecorder(writer, redaction, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private List<JsonObject> tape() throws IOException {
        Path file = dir.resolve(TapeWriter.fileName(LocalDate.of(2026, 12, 2)));
        return Files.readAllLines(file).stream().map(TapeRecorderTest::json).toList();
    }

    @Test
    void aCallIsRecordedWithWhatTheClientSentAndGotAndItsSecretsRedacted() throws IOException {
        TapeRecorder recorder = recorder("X-Api-Key,/params/arguments/password");
        FakeRequest request = new FakeRequest("tools/call", Json.createValue(3),
                json("{\"name\":\"login\",\"arguments\":{\"password\":\"pw\"}}"),
                Map.of("authorization", "Bearer t", "x-api-key", "k", "mcp-protocol-version", "2025-06-18"));
        assertSame(RequestVerdict.proceed(), recorder.onRequest(request));
        assertTrue(recorder.wantsResponse(request));
        request.params = json("{\"name\":\"login\",\"arguments\":{\"password\":\"changed by a later step\"}}");
        ResponseVerdict verdict = recorder.onResponse(request, new FakeResponse(json("{\"content\":[]}"), null));
        assertSame(ResponseVerdict.proceed(), verdict);
        assertTrue(recorder.writer().close(Duration.ofSeconds(10)));

        JsonObject line = tape().get(0);
        assertEquals("tools/call", line.getString("method"));
        assertEquals(3, line.getInt("id"));
        assertEquals(SessionIdDisplay.fingerprint(SESSION), line.getString("session"));
        assertEquals(json("{\"name\":\"login\",\"arguments\":{\"password\":\"[redacted]\"}}"),
                line.getJsonObject("params"));
        assertEquals(json("{\"MCP-Protocol-Version\":\"2025-06-18\",\"authorization\":\"[redacted]\","
                + "\"x-api-key\":\"[redacted]\"}"), line.getJsonObject("headers"));
        assertEquals(json("{\"content\":[]}"), line.getJsonObject("result"));
        assertEquals(NOW.toString(), line.getString("time"));
        assertTrue(line.getJsonNumber("latencyMicros").longValue() >= 0);
        assertFalse(line.toString().contains(SESSION), "the raw session id is never on a tape");
    }

    @Test
    void aNotificationIsRecordedAtOnceAndWantsNoAnswer() throws IOException {
        TapeRecorder recorder = recorder("");
        FakeRequest notification = new FakeRequest("notifications/initialized", null, JsonValue.EMPTY_JSON_OBJECT,
                Map.of());
        recorder.onRequest(notification);
        assertFalse(recorder.wantsResponse(notification));
        assertTrue(recorder.writer().close(Duration.ofSeconds(10)));
        JsonObject line = tape().get(0);
        assertEquals("notifications/initialized", line.getString("method"));
        assertFalse(line.containsKey("id"));
        assertFalse(line.containsKey("latencyMicros"));
    }

    /** An InterceptedRequest as the chain hands it over. */
    static final class FakeRequest implements InterceptedRequest {
        private final String method;
        private final JsonValue id;
        JsonObject params;
        private final Map<String, String> headers;
        private final Map<String, Object> attributes = new HashMap<>();

        FakeRequest(String method, JsonValue id, JsonObject params, Map<String, String> headers) {
            this.method = method;
            this.id = id;
            this.params = params;
            this.headers = headers;
        }

        @Override public String method() { return method; }
        @Override public JsonValue id() { return id; }
        @Override public String target() { return params.containsKey("name") ? params.getString("name") : null; }
        @Override public JsonObject params() { return params; }
        @Override public Era era() { return Era.LEGACY; }
        @Override public String protocolVersion() { return "2025-06-18"; }
        @Override public String sessionId() { return SESSION; }
        @Override public String principal() { return null; }
        @Override public boolean isInRole(String role) { return false; }
        @Override public ClientIdentity client() { return null; }
        @Override public String endpoint() { return "mcp"; }
        @Override public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
        @Override public Map<String, Object> attributes() { return attributes; }
    }

    /** An answer as the response phase sees it. */
    record FakeResponse(JsonObject result, JsonObject error) implements InterceptedResponse {
        @Override public int status() { return 200; }
        @Override public boolean streamed() { return false; }
    }
}

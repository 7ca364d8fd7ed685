package dev.mcpgate.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TapeEntryTest {

    private static final Instant TIME = Instant.parse("2026-12-02T01:02:03.456Z");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void aRequestLineHasItsMembersInOrderWithTheAnswerAndLatency() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("MCP-Protocol-Version", "2025-06-18");
        headers.put("authorization", "Bearer abc");
        TapeEntry entry = new TapeEntry(TIME, "legacy", "2025-06-18", "...9c41d0e7", "tools/call",
                Json.createValue(7), json("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}"), headers, 200, true,
                json("{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}"), null, 1234);
        assertEquals("{\"time\":\"2026-12-02T01:02:03.456Z\",\"era\":\"legacy\",\"protocolVersion\":\"2025-06-18\","
                + "\"session\":\"...9c41d0e7\",\"method\":\"tools/call\",\"id\":7,"
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}},"
                + "\"headers\":{\"MCP-Protocol-Version\":\"2025-06-18\",\"authorization\":\"[redacted]\"},"
                + "\"status\":200,\"streamed\":true,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]},"
                + "\"latencyMicros\":1234}", entry.toJson(TapeRedaction.defaults()).toString());
    }

    @Test
    void anErrorAnswerIsRecordedInsteadOfAResult() {
        TapeEntry entry = new TapeEntry(TIME, "modern", null, null, "tools/call", Json.createValue("a"),
                json("{}"), Map.of(), 200, false, null, json("{\"code\":-32602,\"message\":\"no such tool\"}"), 5);
        JsonObject line = entry.toJson(TapeRedaction.defaults());
        assertEquals(json("{\"code\":-32602,\"message\":\"no such tool\"}"), line.getJsonObject("error"));
        assertEquals(false, line.containsKey("result"));
        assertEquals(false, line.containsKey("session"));
    }

    @Test
    void aNotificationLineHasNoIdNoAnswerAndNoLatency() {
        TapeEntry entry = new TapeEntry(TIME, "legacy", "2025-06-18", "s", "notifications/initialized", null, null,
                Map.of(), 0, false, null, null, -1);
        assertEquals("{\"time\":\"2026-12-02T01:02:03.456Z\",\"era\":\"legacy\",\"protocolVersion\":\"2025-06-18\","
                + "\"session\":\"s\",\"method\":\"notifications/initialized\",\"params\":{}}",
                entry.toJson(TapeRedaction.defaults()).toString());
    }
}

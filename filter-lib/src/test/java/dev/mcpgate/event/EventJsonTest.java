package dev.mcpgate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void requestRendersAsOneEscapedJsonLineWithoutNulls() {
        RequestCompleted event = new RequestCompleted("id-1", Instant.parse("2026-11-22T10:00:00Z"), "mcp", "s1",
                Era.LEGACY, "2025-11-25", "POST", 200, "tools/call", "7", "echo", Outcome.TOOL_ERROR, null,
                "bad \"quote\"\nline", 1234, 10, 20, ClientIdentity.of("claude-code", "2.0"), null, true, 2);
        String json = EventJson.toJson(event);
        assertTrue(json.startsWith("{\"type\":\"request_completed\",\"id\":\"id-1\""), json);
        assertTrue(json.contains("\"era\":\"legacy\""), json);
        assertTrue(json.contains("\"outcome\":\"tool_error\""), json);
        assertTrue(json.contains("\"errorMessage\":\"bad \\\"quote\\\"\\nline\""), json);
        assertTrue(json.contains("\"client\":{\"name\":\"claude-code\",\"version\":\"2.0\",\"platform\":\"claude\"}"), json);
        assertTrue(!json.contains("errorCode") && !json.contains("principal"), json);
        assertTrue(!json.contains("\n"), "one line");
    }

    @Test
    void lineSeparatorsAndC1ControlsAreEscapedToo() {
        RequestCompleted event = new RequestCompleted("id-1", Instant.parse("2026-11-22T10:00:00Z"), "mcp", null,
                Era.MODERN, "2026-07-28", "POST", 200, "tools/call", "7", "x\u2028y\u2029z\u0085w\u007f", Outcome.OK,
                null, null, 1, 1, 1, null, null, false, 0);
        String json = EventJson.toJson(event);
        assertTrue(json.contains("\"target\":\"x\\u2028y\\u2029z\\u0085w\\u007f\""), json);
        assertTrue(json.chars().noneMatch(c -> dev.mcpgate.redact.LogText.unsafe((char) c)), json);
    }

    @Test
    void sessionIdsAreShownAsTheOperatorSays() {
        String id = "3f2a8b1e-5c4d-4e6f-9a0b-1c2d3e4f5a6b";
        SessionStarted started = new SessionStarted(Instant.parse("2026-11-22T10:00:00Z"), "mcp", id, Era.LEGACY,
                "2025-11-25", ClientIdentity.of("claude-code", "2.0"), null);
        String json = EventJson.toJson(started, dev.mcpgate.redact.SessionIdDisplay.FINGERPRINT);
        assertTrue(json.contains("\"sessionId\":\"" + dev.mcpgate.redact.SessionIdDisplay.fingerprint(id) + "\""), json);
        assertTrue(!json.contains(id), json);
        assertTrue(EventJson.toJson(started).contains(id));
    }

    @Test
    void schemaChangeRendersItsItemChangesAsAnArray() {
        SchemaChanged event = new SchemaChanged(Instant.parse("2026-11-22T10:00:00Z"), "mcp", "tools/list", 3, 2,
                "c", "k", 2, false, true, java.util.List.of(new SchemaItemChange("tool", "echo",
                SchemaItemChange.MODIFIED, java.util.List.of("description"), true, null)), "s1", null);
        String json = EventJson.toJson(event);
        assertTrue(json.startsWith("{\"type\":\"schema_changed\""), json);
        assertTrue(json.contains("\"changes\":[{\"itemKind\":\"tool\",\"name\":\"echo\",\"change\":\"modified\","
                + "\"changedFields\":[\"description\"],\"descriptionOnly\":true}]"), json);
    }

    @Test
    void timeOrderedIdsAreVersion7AndSortByTime() {
        UUID early = TimeOrderedIds.next(1_000);
        UUID late = TimeOrderedIds.next(2_000);
        assertEquals(7, early.version());
        assertEquals(2, early.variant());
        assertTrue(early.toString().compareTo(late.toString()) < 0);
    }
}

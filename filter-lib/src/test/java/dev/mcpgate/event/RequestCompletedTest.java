package dev.mcpgate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RequestCompletedTest {

    /**
     * The dispatcher names every row with {@link RequestCompleted#withId}: a component it forgot would be lost
     * for every sink. Every component but the id is compared, so a component added later is checked too
     * (the rule of issue 13 was lost this way when the two changes met).
     */
    @Test
    void withIdKeepsEveryOtherComponent() throws ReflectiveOperationException {
        RequestCompleted row = new RequestCompleted(null, Instant.parse("2026-12-02T01:02:03Z"), "mcp", "s-1",
                Era.LEGACY, "2025-11-25", "POST", 200, "tools/call", "7", "echo", Outcome.MODIFIED, -32001, "no",
                12, 34, 56, ClientIdentity.of("claude-code", "1.0"), "alice", true, 2, Violation.ORIGIN, "shout",
                Era.MODERN, true);
        RequestCompleted named = row.withId("0190-id");
        assertEquals("0190-id", named.id());
        for (RecordComponent component : RequestCompleted.class.getRecordComponents()) {
            if (!component.getName().equals("id")) {
                Object value = component.getAccessor().invoke(row);
                assertNotEquals(null, value, component.getName() + ": the sample sets every component");
                assertEquals(value, component.getAccessor().invoke(named), component.getName());
            }
        }
    }
}

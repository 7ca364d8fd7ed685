package dev.mcpgate.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void readsWhatItWrites() {
        EventId id = new EventId("abcdefgh2345", 3, 17);
        assertEquals("abcdefgh2345-3-17", id.text());
        assertEquals(id, EventId.parse(id.text()));
        assertEquals(new EventId("abcdefgh2345", 1, 0), EventId.parse(" abcdefgh2345-1-0 "));
    }

    @Test
    void refusesWhatMcpGateNeverGives() {
        for (String text : new String[] {null, "", "garbage", "abc-1-1", "abcdefgh2345-0-1", "abcdefgh2345-1",
                "abcdefgh2345-1-", "abcdefgh2345--1", "ABCDEFGH2345-1-1", "abcdefgh2345-1-x", "abcdefgh2345-1-1-1",
                "abcdefgh2345-1-1234567890123456789", "abcdefgh0189-1-1",
                "6e0a1c4c-3f7d-4a9b-8e2f-1d2c3b4a5f60" /* an SDK-style id */}) {
            assertNull(EventId.parse(text), text);
        }
    }
}

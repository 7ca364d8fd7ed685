package dev.mcpgate.store;

import static dev.mcpgate.store.StoreEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.McpEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's bounded hold: what exceeds it is refused and counted by the caller; a failed write keeps its place. */
class EventHoldTest {

    private static List<McpEvent> events(int from, int count) {
        List<McpEvent> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(started("ep", "s" + i, Instant.EPOCH, "c"));
        }
        return events;
    }

    @Test
    void whatExceedsTheBoundIsRefusedAndCounted() {
        EventHold hold = new EventHold(5);
        assertEquals(0, hold.add(events(0, 3)));
        assertEquals(2, hold.add(events(3, 4)), "two of four fit");
        assertEquals(5, hold.size());
        hold.refuseNew();
        assertEquals(1, hold.add(events(7, 1)), "closing: nothing is taken");
    }

    @Test
    void aChunkStaysAtTheHeadUntilSettledAndOnlyTheSettledPrefixLeaves() throws Exception {
        EventHold hold = new EventHold(100);
        List<McpEvent> all = events(0, 10);
        hold.add(all);
        List<McpEvent> chunk = hold.take(4);
        assertEquals(all.subList(0, 4), chunk);
        assertFalse(hold.awaitDrained(Duration.ZERO), "a chunk being written is not drained");
        hold.settle(1); // a split write settled the first event, then the connection was lost
        assertEquals(all.subList(1, 5), hold.take(4), "the unsettled rest is first again, in order");
        hold.settle(4);
        assertEquals(all.subList(5, 10), hold.take(100));
        hold.settle(5);
        assertTrue(hold.awaitDrained(Duration.ZERO));
        assertEquals(List.of(), hold.take(4));
    }

    @Test
    void clearSaysHowManyWereLeft() {
        EventHold hold = new EventHold(100);
        hold.add(events(0, 7));
        assertEquals(7, hold.clear());
        assertEquals(0, hold.size());
    }
}

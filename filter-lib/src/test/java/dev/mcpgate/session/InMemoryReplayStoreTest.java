package dev.mcpgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.session.ReplayStore.Replay;
import dev.mcpgate.session.ReplayStore.ReplayLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryReplayStoreTest {

    private static byte[] frame(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> texts(Replay replay) {
        return replay.frames().stream().map(f -> new String(f, StandardCharsets.US_ASCII)).toList();
    }

    @Test
    void replaysExactlyTheEventsAfterTheIdOnThatStream() {
        InMemoryReplayStore store = new InMemoryReplayStore(256, 1 << 20, 1 << 20, 10);
        ReplayLog first = store.open("s1");
        ReplayLog second = store.open("s1");
        assertEquals(first.tag(), second.tag(), "one tag per session");
        assertEquals(List.of(1L, 2L), List.of(first.stream(), second.stream()));
        first.append(1, frame("a1"));
        second.append(1, frame("b1"));
        first.append(2, frame("a2"));
        first.append(3, frame("a3"));
        Replay replay = store.replay("s1", first.tag(), 1, 1);
        assertTrue(replay.found());
        assertEquals(List.of("a2", "a3"), texts(replay));
        assertEquals(0, replay.lost());
        assertEquals(3, replay.lastSeq());
        assertFalse(replay.complete());
        first.complete();
        assertTrue(store.replay("s1", first.tag(), 1, 3).complete());
        assertEquals(List.of("b1"), texts(store.replay("s1", first.tag(), 2, 0)), "the other stream's own events only");
    }

    @Test
    void neverAnswersWithAnotherSessionsEvents() {
        InMemoryReplayStore store = new InMemoryReplayStore(256, 1 << 20, 1 << 20, 10);
        ReplayLog mine = store.open("mine");
        ReplayLog theirs = store.open("theirs");
        theirs.append(1, frame("secret"));
        assertNotEquals(mine.tag(), theirs.tag());
        assertFalse(store.replay("mine", theirs.tag(), theirs.stream(), 0).found(), "their tag, my session");
        assertFalse(store.replay("mine", mine.tag(), 2, 0).found(), "a stream my session never opened");
        assertFalse(store.replay("mine", mine.tag(), 1, 5).found(), "an event not sent yet");
        assertFalse(store.replay("nobody", theirs.tag(), 1, 0).found(), "a session without streams");
    }

    @Test
    void evictsTheOldestEventsOfAStreamAndSaysHowManyWereLost() {
        InMemoryReplayStore store = new InMemoryReplayStore(4, 1 << 20, 1 << 20, 10);
        ReplayLog log = store.open("s");
        for (int seq = 1; seq <= 10; seq++) {
            log.append(seq, frame("e" + seq));
        }
        Replay replay = store.replay("s", log.tag(), 1, 0);
        assertEquals(6, replay.lost());
        assertEquals(List.of("e7", "e8", "e9", "e10"), texts(replay));
        assertEquals(6, store.eventsEvicted());
        assertEquals(0, store.replay("s", log.tag(), 1, 8).lost(), "a resume after the evicted ones lost nothing");
    }

    @Test
    void anEventLargerThanTheStreamBoundIsCountedAsLostInItsPlace() {
        InMemoryReplayStore store = new InMemoryReplayStore(256, 8, 1 << 20, 10);
        ReplayLog log = store.open("s");
        log.append(1, frame("ok"));
        log.append(2, frame("far too large"));
        log.append(3, frame("ok3"));
        Replay replay = store.replay("s", log.tag(), 1, 0);
        assertEquals(List.of("ok", "ok3"), texts(replay));
        assertEquals(1, replay.lost());
    }

    @Test
    void staysWithinTheBytesAcrossAllStreams() {
        int frameBytes = 100;
        InMemoryReplayStore store = new InMemoryReplayStore(256, 1 << 20, 10 * frameBytes, 1000);
        for (int session = 0; session < 50; session++) {
            ReplayLog log = store.open("s" + session);
            for (int seq = 1; seq <= 20; seq++) {
                log.append(seq, new byte[frameBytes]);
                assertTrue(store.bytesHeld() <= 10 * frameBytes, "held " + store.bytesHeld());
            }
        }
        assertEquals(50 * 20 - 10, store.eventsEvicted());
        assertEquals(10 * frameBytes, store.bytesHeld());
    }

    @Test
    void forgettingASessionFreesItsBytesAndRefusesItsIds() {
        InMemoryReplayStore store = new InMemoryReplayStore(256, 1 << 20, 1 << 20, 10);
        ReplayLog log = store.open("s");
        log.append(1, frame("abc"));
        store.forget("s");
        assertEquals(0, store.bytesHeld());
        assertFalse(store.replay("s", log.tag(), 1, 0).found());
        log.append(2, frame("late"));
        assertEquals(0, store.bytesHeld(), "a writer still holding the log keeps nothing more");
    }

    @Test
    void keepsAtMostMaxSessionsAndForgetsTheOldest() {
        InMemoryReplayStore store = new InMemoryReplayStore(256, 1 << 20, 1 << 20, 2);
        ReplayLog oldest = store.open("a");
        oldest.append(1, frame("x"));
        store.open("b");
        store.open("c");
        assertEquals(2, store.sessions());
        assertFalse(store.replay("a", oldest.tag(), 1, 0).found());
        assertEquals(0, store.bytesHeld());
    }

    @Test
    void aStreamForgottenForNewerOnesIsReportedLostWithoutACount() {
        InMemoryReplayStore store = new InMemoryReplayStore(256, 1 << 20, 1 << 20, 10);
        ReplayLog first = store.open("s");
        first.append(1, frame("x"));
        for (int i = 0; i < InMemoryReplayStore.MAX_STREAMS_PER_SESSION; i++) {
            store.open("s");
        }
        Replay replay = store.replay("s", first.tag(), 1, 0);
        assertTrue(replay.found());
        assertEquals(-1, replay.lost());
        assertTrue(replay.complete());
    }

    @Test
    void aLiveStreamOutlivesManyCompletedOnesOfItsSession() {
        InMemoryReplayStore store = new InMemoryReplayStore(256, 1 << 20, 1 << 20, 10);
        ReplayLog standalone = store.open("s");
        standalone.append(1, frame("still here"));
        for (int i = 0; i < InMemoryReplayStore.MAX_STREAMS_PER_SESSION * 2; i++) {
            store.open("s").complete();
        }
        assertEquals(List.of("still here"), texts(store.replay("s", standalone.tag(), standalone.stream(), 0)));
    }

    @Test
    void aSessionThatEndsLeavesTheEvictionOrderAndTheOthersStillEvictOldestFirst() {
        InMemoryReplayStore store = new InMemoryReplayStore(256, 1 << 20, 300, 10);
        ReplayLog first = store.open("a");
        ReplayLog middle = store.open("b");
        ReplayLog last = store.open("c");
        first.append(1, new byte[100]);
        middle.append(1, new byte[100]);
        last.append(1, new byte[100]);
        store.forget("b");
        assertEquals(200, store.bytesHeld());
        last.append(2, new byte[100]);
        last.append(3, new byte[100]); // over the bound: the oldest holder, "a", loses first
        assertEquals(300, store.bytesHeld());
        assertEquals(1, store.replay("a", first.tag(), 1, 0).lost());
        assertEquals(3, store.replay("c", last.tag(), 1, 0).frames().size());
    }
}

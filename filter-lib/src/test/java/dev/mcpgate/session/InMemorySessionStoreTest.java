package dev.mcpgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest {

    private static TrackedSession session(String id) {
        return new TrackedSession(id, Era.LEGACY, "2025-11-25", ClientIdentity.of("c", "1"), null, 1000);
    }

    @Test
    void refusesNewSessionsBeyondTheBoundButReplacesKnownOnes() {
        InMemorySessionStore store = new InMemorySessionStore(2);
        assertTrue(store.save(session("a")));
        assertTrue(store.save(session("b")));
        assertFalse(store.save(session("c")));
        TrackedSession again = session("a");
        assertTrue(store.save(again), "re-initialize of a known id must not count against the bound");
        assertSame(again, store.find("a"));
        assertNull(store.find("c"));
        assertEquals(2, store.size());
    }

    @Test
    void removeFreesRoomAndReturnsTheSession() {
        InMemorySessionStore store = new InMemorySessionStore(1);
        TrackedSession a = session("a");
        store.save(a);
        assertSame(a, store.remove("a"));
        assertNull(store.remove("a"));
        assertEquals(0, store.size());
        assertTrue(store.save(session("b")));
    }

    @Test
    void concurrentSavesNeverExceedTheBound() throws InterruptedException {
        InMemorySessionStore store = new InMemorySessionStore(500);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            int thread = t;
            pool.execute(() -> {
                for (int i = 0; i < 200; i++) {
                    store.save(session(thread + "-" + i));
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        int[] counted = {0};
        store.forEach(s -> counted[0]++);
        assertEquals(500, store.size());
        assertEquals(500, counted[0]);
    }

    @Test
    void expiryPrefersAbsoluteOverIdle() {
        TrackedSession s = session("a"); // started at 1000 ms
        s.touch(5000);
        java.time.Duration idle = java.time.Duration.ofSeconds(10);
        java.time.Duration absolute = java.time.Duration.ofSeconds(60);
        assertEquals(Expiry.ALIVE, Expiry.of(s, 14_999, idle, absolute));
        assertEquals(Expiry.IDLE, Expiry.of(s, 15_000, idle, absolute));
        assertEquals(Expiry.ABSOLUTE, Expiry.of(s, 61_000, idle, absolute));
    }
}

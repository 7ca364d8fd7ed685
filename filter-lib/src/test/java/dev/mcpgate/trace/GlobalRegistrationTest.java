package dev.mcpgate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The global registration is asked of the API once per interval while absent, never once present. */
class GlobalRegistrationTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicBoolean registered = new AtomicBoolean();
    private final AtomicInteger asked = new AtomicInteger();
    private final GlobalRegistration global = new GlobalRegistration(() -> {
        asked.incrementAndGet();
        return registered.get();
    }, clock::get);

    @Test
    void whileNothingIsRegisteredTheApiIsAskedOncePerIntervalNotAtEveryExchange() {
        for (int exchange = 0; exchange < 1_000; exchange++) {
            assertFalse(global.isSet());
        }
        assertEquals(1, asked.get());
        clock.addAndGet(GlobalRegistration.RECHECK.toNanos() - 1);
        assertFalse(global.isSet());
        assertEquals(1, asked.get(), "still within the interval");
        clock.addAndGet(1);
        assertFalse(global.isSet());
        assertEquals(2, asked.get());
    }

    @Test
    void anSdkRegisteredLaterIsPickedUpWithinOneIntervalAndThenNeverAskedAgain() {
        assertFalse(global.isSet());
        registered.set(true);
        clock.addAndGet(GlobalRegistration.RECHECK.toNanos());
        assertTrue(global.isSet(), "registered after the filter started: picked up");
        int askedOnce = asked.get();
        clock.addAndGet(GlobalRegistration.RECHECK.toNanos() * 10);
        for (int exchange = 0; exchange < 100; exchange++) {
            assertTrue(global.isSet());
        }
        assertEquals(askedOnce, asked.get());
    }

    @Test
    void theFirstExchangeAsks() {
        registered.set(true);
        assertTrue(global.isSet());
        assertEquals(1, asked.get());
    }
}

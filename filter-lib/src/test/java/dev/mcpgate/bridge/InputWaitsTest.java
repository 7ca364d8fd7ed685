package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The parked calls' bounds (issue 14): one caller that never retries cannot park without end. */
class InputWaitsTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final InputWaits waits = new InputWaits(scheduler, Duration.ofMinutes(5), wait -> { }, 5, 3);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private static SessionKey key(String principal) {
        return new SessionKey(principal, "client", "1", "caps", "2026-07-28");
    }

    private InputWaits.Wait park(SessionKey key) throws BridgeRefusal {
        return waits.park(key, "tools/call", "t", null, null, null, "u", Map.of(), Map.of());
    }

    @Test
    void aCallerPastItsShareOfParkedCallsIsToldBusyAndAnotherStillParks() throws BridgeRefusal {
        for (int i = 0; i < 3; i++) {
            park(key("alice"));
        }
        BridgeRefusal refused = assertThrows(BridgeRefusal.class, () -> park(key("alice")));
        assertEquals(503, refused.status());
        assertEquals(-32000, refused.code());
        assertNotNull(park(key("bob")), "another caller is not locked out");
    }

    @Test
    void noMoreCallsParkPastTheGlobalBoundUntilOneIsClaimed() throws BridgeRefusal {
        InputWaits.Wait first = park(key("a"));
        for (String caller : new String[] {"b", "c", "d", "e"}) {
            park(key(caller));
        }
        assertEquals(503, assertThrows(BridgeRefusal.class, () -> park(key("f"))).status());
        waits.claim(first.token(), key("a"), "tools/call", "t");
        assertNotNull(park(key("f")), "a claimed call frees its place");
        assertEquals(5, waits.size());
    }
}

package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mcpgate.session.SessionIdMint;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The minted sessions' table when full (issue 14): a flood of initialize requests never locks clients out. */
class MintedSessionsTest {

    private final AtomicLong clock = new AtomicLong();
    private final MintedSessions sessions = new MintedSessions(new BridgeSettings(UpstreamEra.MODERN, Duration.ZERO,
            CacheScope.PRIVATE, Duration.ofMinutes(10), 3, Duration.ofSeconds(60), Duration.ofMinutes(5)), null,
            new SessionIdMint(), clock::get);

    private MintedSession create() {
        clock.addAndGet(1_000);
        return sessions.create(null, "2025-11-25", null, JsonValue.EMPTY_JSON_OBJECT);
    }

    /** notifications/initialized, then a request: the session did something. */
    private void use(MintedSession session) {
        clock.addAndGet(1_000);
        sessions.find(session.id(), null);
        sessions.find(session.id(), null);
    }

    @Test
    void aFullTableOfInitializeOnlySessionsMakesRoomForTheNextClientOldestFirst() {
        MintedSession working = create();
        use(working);
        MintedSession idleFirst = create();
        create();
        MintedSession next = create();
        assertNotNull(next, "an initialize flood does not lock the next client out");
        assertNull(sessions.find(idleFirst.id(), null), "the oldest session that did nothing made room");
        assertNotNull(sessions.find(working.id(), null), "a working session is never evicted");
    }

    @Test
    void aFullTableOfWorkingSessionsRefusesTheNextInitialize() {
        for (int i = 0; i < 3; i++) {
            use(create());
        }
        assertNull(create(), "every session did something: the initialize is refused (503)");
    }
}

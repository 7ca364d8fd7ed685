package dev.mcpgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mcpgate.protocol.Era;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OwnDecisionTest {

    @ParameterizedTest(name = "{0} {1} initialize={2} id={3} live={4} full={5} -> {6}")
    @CsvSource({
        // initialize starts a session unless the store is full; an old id on it does not matter
        "POST,   LEGACY,  true,  false, false, false, START",
        "POST,   LEGACY,  true,  true,  false, false, START",
        "POST,   LEGACY,  true,  false, false, true,  FULL",
        // any other legacy POST needs a live session
        "POST,   LEGACY,  false, false, false, false, SESSION_REQUIRED",
        "POST,   UNKNOWN, false, false, false, false, SESSION_REQUIRED",
        "POST,   LEGACY,  false, true,  false, false, SESSION_UNKNOWN",
        "POST,   LEGACY,  false, true,  true,  false, PASS",
        "POST,   LEGACY,  false, true,  true,  true,  PASS",
        // DELETE ends a live session; GET has no stream to offer
        "DELETE, LEGACY,  false, true,  true,  false, DELETE",
        "DELETE, LEGACY,  false, true,  false, false, SESSION_UNKNOWN",
        "DELETE, UNKNOWN, false, false, false, false, SESSION_REQUIRED",
        "GET,    LEGACY,  false, true,  true,  false, NO_STREAM",
        "GET,    UNKNOWN, false, false, false, false, NO_STREAM",
        // the server answers methods it does not serve itself
        "OPTIONS, UNKNOWN, false, false, false, false, PASS",
        "PUT,    LEGACY,  false, true,  false, false, PASS",
        // modern-era requests carry no session: never forced on them
        "POST,   MODERN,  false, false, false, true,  PASS",
        "GET,    MODERN,  false, false, false, false, PASS",
        "DELETE, MODERN,  false, false, false, false, PASS",
    })
    void decisionFollowsTheLegacyTransportsSessionRules(String method, Era era, boolean initialize, boolean hasId,
            boolean live, boolean full, OwnDecision expected) {
        assertEquals(expected, OwnDecision.of(method, era, initialize, hasId, live, full));
    }
}

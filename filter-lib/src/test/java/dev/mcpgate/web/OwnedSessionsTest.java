package dev.mcpgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OwnedSessionsTest {

    @Test
    void retryAfterIsTheSweepIntervalInWholeSecondsRoundedUpAtLeastOne() {
        assertEquals(60, OwnedSessions.retryAfterSeconds(Duration.ofMinutes(1)));
        assertEquals(2, OwnedSessions.retryAfterSeconds(Duration.ofMillis(1500)));
        assertEquals(1, OwnedSessions.retryAfterSeconds(Duration.ofMillis(100)));
    }
}

package dev.mcpgate.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void thePauseDoublesUpToTheLongestAndStartsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(1));
        assertEquals(250, millis(backoff.failedNanos()));
        assertEquals(500, millis(backoff.failedNanos()));
        assertEquals(1000, millis(backoff.failedNanos()));
        assertEquals(1000, millis(backoff.failedNanos()));
        backoff.reset();
        assertEquals(250, millis(backoff.failedNanos()));
    }

    @Test
    void aLongestPauseShorterThanTheFirstIsTheFirstAndNoPauseIsZero() {
        Backoff backoff = new Backoff(Duration.ZERO, Duration.ZERO);
        assertEquals(1, millis(backoff.failedNanos()), "a zero pause would spin on a dead database");
        assertEquals(1, millis(backoff.failedNanos()));
        Backoff inverted = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertEquals(2000, millis(inverted.failedNanos()));
        assertEquals(2000, millis(inverted.failedNanos()));
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}

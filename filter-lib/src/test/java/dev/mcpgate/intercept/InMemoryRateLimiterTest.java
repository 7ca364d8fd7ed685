package dev.mcpgate.intercept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRateLimiterTest {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final long T0 = 1_000_000_000_000L;
    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter();

    @Test
    void aFreshKeyGetsExactlyItsBurstAtOnceAndTheNextIsRefused() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Duration.ZERO, limiter.take("k", 10, SECOND, 5, T0), "call " + (i + 1));
        }
        Duration wait = limiter.take("k", 10, SECOND, 5, T0);
        assertEquals(Duration.ofMillis(100), wait, "the 6th waits one emission interval");
    }

    @Test
    void aRefusedCallChangesNothingAndTheKeyRefillsOneCallPerInterval() {
        for (int i = 0; i < 3; i++) {
            limiter.take("k", 3, SECOND, 3, T0);
        }
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.take("k", 3, SECOND, 3, T0).compareTo(Duration.ZERO) > 0, "refused " + i);
        }
        long interval = SECOND.toNanos() / 3;
        assertEquals(Duration.ofNanos(1), limiter.take("k", 3, SECOND, 3, T0 + interval - 1));
        assertEquals(Duration.ZERO, limiter.take("k", 3, SECOND, 3, T0 + interval));
        assertTrue(limiter.take("k", 3, SECOND, 3, T0 + interval).compareTo(Duration.ZERO) > 0);
    }

    @Test
    void exactlyRateCallsPerPeriodWithoutBurst() {
        int allowed = 0;
        for (long ms = 0; ms < 1000; ms++) {
            if (limiter.take("k", 4, SECOND, 1, T0 + ms * 1_000_000L).isZero()) {
                allowed++;
            }
        }
        assertEquals(4, allowed);
    }

    @Test
    void keysAreIndependent() {
        assertEquals(Duration.ZERO, limiter.take("a", 1, SECOND, 1, T0));
        assertEquals(SECOND, limiter.take("a", 1, SECOND, 1, T0));
        assertEquals(Duration.ZERO, limiter.take("b", 1, SECOND, 1, T0));
    }

    @Test
    void staleKeysAreSweptAndAFloodOfKeysSharesOneOverflowCell() {
        InMemoryRateLimiter small = new InMemoryRateLimiter(3);
        for (int i = 0; i < 3; i++) {
            small.take("k" + i, 1, SECOND, 1, T0);
        }
        assertEquals(3, small.keys());
        assertEquals(Duration.ZERO, small.take("flood-1", 1, SECOND, 1, T0), "first overflow call allowed");
        assertEquals(SECOND, small.take("flood-2", 1, SECOND, 1, T0), "the overflow cell is limited as a whole");
        assertEquals(3, small.keys());
        assertEquals(2, small.overflowed());
        // two seconds on, every key is stale: the sweep makes room for a new key of its own
        assertEquals(Duration.ZERO, small.take("fresh", 1, SECOND, 1, T0 + 2 * SECOND.toNanos()));
        assertEquals(1, small.keys());
        assertEquals(SECOND, small.take("fresh", 1, SECOND, 1, T0 + 2 * SECOND.toNanos()));
    }

    @Test
    void eachRuleOverflowsIntoItsOwnCellSoAFloodOfOneRuleNeverLimitsAnother() {
        InMemoryRateLimiter small = new InMemoryRateLimiter(2);
        small.take("flood|session|s1", 1, SECOND, 1, T0);
        small.take("flood|session|s2", 1, SECOND, 1, T0);
        assertEquals(2, small.keys());
        assertEquals(Duration.ZERO, small.take("flood|session|s3", 1, SECOND, 1, T0));
        assertEquals(SECOND, small.take("flood|session|s4", 1, SECOND, 1, T0), "the flooding rule's overflow is limited");
        assertEquals(Duration.ZERO, small.take("other|principal|ann", 1, SECOND, 1, T0),
                "another rule's first call is not refused because the first rule's overflow is spent");
        assertEquals(SECOND, small.take("other|principal|bob", 1, SECOND, 1, T0), "and its own overflow is limited");
        assertEquals(4, small.overflowed());
    }

    @Test
    void concurrentCallersGetExactlyTheBurst() throws Exception {
        int threads = 8;
        int perThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        if (limiter.take("shared", 1, Duration.ofHours(1), 100, T0).isZero()) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : counts) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(100, total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRateBelowOneOrAnEmptyPeriodIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> limiter.take("k", 0, SECOND, 1, T0));
        assertThrows(IllegalArgumentException.class, () -> limiter.take("k", 1, Duration.ZERO, 1, T0));
    }
}

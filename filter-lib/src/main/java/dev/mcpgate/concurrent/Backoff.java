package dev.mcpgate.concurrent;

import java.time.Duration;

/**
 * The pause after a failed round: the first pause, doubled with every failure in a row up to the
 * longest pause, and back to the first after a round that worked. Used by one worker at a time
 * (not thread-safe).
 */
public final class Backoff {

    private static final long LEAST_NANOS = 1_000_000; // 1 ms: a zero pause would spin on a dead database

    private final long initialNanos;
    private final long maxNanos;
    private long nextNanos;

    /**
     * @param initial the pause after the first failure (at least 1 ms)
     * @param max     the longest pause (at least {@code initial})
     */
    public Backoff(Duration initial, Duration max) {
        this.initialNanos = Math.max(LEAST_NANOS, initial.toNanos());
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.nextNanos = initialNanos;
    }

    /** The pause to take after one more failure in a row; the next one will be twice as long, up to the longest. */
    public long failedNanos() {
        long pause = nextNanos;
        nextNanos = nextNanos > maxNanos / 2 ? maxNanos : nextNanos * 2;
        return pause;
    }

    /** A round worked: the next failure pauses for the first pause again. */
    public void reset() {
        nextNanos = initialNanos;
    }

    /** The first pause, which a closing worker never exceeds. */
    public long initialNanos() {
        return initialNanos;
    }
}

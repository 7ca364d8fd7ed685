package dev.mcpgate.intercept;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The filter's {@link RateLimiter}: the generic cell rate algorithm (GCRA) in memory, one theoretical
 * arrival time (TAT) per key, updated with compare-and-set (no lock; a call never waits for another).
 *
 * <p>With {@code T = period / rate} (the emission interval) and the tolerance {@code τ = T × (burst − 1)},
 * a call at {@code now} is allowed when {@code max(TAT, now) − now ≤ τ}, and moves the TAT to
 * {@code max(TAT, now) + T}. So a fresh key gets exactly {@code burst} calls at once (the
 * {@code burst + 1}-th is refused) and then one call every {@code T}; a refused call changes nothing and
 * learns how long until a call would be allowed ({@code TAT − τ − now}).
 *
 * <p>Bounded memory: a key whose TAT lies in the past is the same as a key never seen, so when the map
 * holds {@code maxKeys} keys such stale keys are swept (at most once per second). When it is still full,
 * a new key shares an overflow cell with every other key of its limit that did not fit: a flood of distinct
 * keys (a client inventing session ids) costs at most {@code maxKeys} cells and is limited as a whole, never
 * waved through. The overflow cell is per key prefix, the text before the key's first {@code |} (the rules
 * file's keys are {@code rule|key|value}: one overflow cell per rule), so that a flood under one rule never
 * spends another rule's overflow; at most {@value #MAX_OVERFLOW_CELLS} prefixes get their own, the rest
 * (and keys without {@code |}) share one. {@link #overflowed()} counts the calls that went to an overflow cell.
 *
 * <p>A key names one limit: give each rule's limit its own key (the rules file does: rule name + the
 * key value), as the TAT is kept per key, not per rate.
 */
public final class InMemoryRateLimiter implements RateLimiter {

    /** The default most keys tracked at once. */
    public static final int DEFAULT_MAX_KEYS = 10_000;
    /** A swept cell: a caller that meets it takes a fresh one. */
    private static final long DEAD = Long.MIN_VALUE;
    private static final long SWEEP_EVERY_NANOS = 1_000_000_000L;
    /** Longest interval and tolerance: TATs stay within a quarter of the nanoTime range of now (no overflow). */
    private static final long MAX_SPAN = Long.MAX_VALUE / 4;

    private final int maxKeys;
    private final Map<String, AtomicLong> cells = new ConcurrentHashMap<>();
    /** Most overflow cells of their own (per key prefix); the prefixes past it share {@link #sharedOverflow}. */
    static final int MAX_OVERFLOW_CELLS = 1024;

    private final Map<String, AtomicLong> overflowCells = new ConcurrentHashMap<>();
    private final AtomicLong sharedOverflow = new AtomicLong(DEAD + 1);
    private final AtomicLong lastSweep = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    private volatile boolean swept;

    /** A limiter tracking at most {@link #DEFAULT_MAX_KEYS} keys. */
    public InMemoryRateLimiter() {
        this(DEFAULT_MAX_KEYS);
    }

    /** A limiter tracking at most {@code maxKeys} keys (at least 1). */
    public InMemoryRateLimiter(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    @Override
    public Duration take(String key, long rate, Duration period, int burst, long nowNanos) {
        if (rate < 1 || period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("rate must be at least 1 per positive period: " + rate + " per "
                    + period);
        }
        long interval = Math.min(MAX_SPAN, Math.max(1, saturatedNanos(period) / rate));
        long tolerance = Math.min(MAX_SPAN, saturatedMultiply(interval, Math.max(1, burst) - 1L));
        while (true) {
            AtomicLong cell = cellOf(key, nowNanos);
            long tat = cell.get();
            if (tat == DEAD) {
                cells.remove(key, cell);
                continue;
            }
            long start = tat == DEAD + 1 || tat - nowNanos < 0 ? nowNanos : tat; // fresh or in the past: now
            long ahead = start - nowNanos;
            if (ahead > tolerance) {
                return Duration.ofNanos(ahead - tolerance);
            }
            if (cell.compareAndSet(tat, start + interval)) {
                return Duration.ZERO;
            }
        }
    }

    /** The keys tracked now (a test and health figure). */
    public int keys() {
        return cells.size();
    }

    /** Calls counted on the shared overflow cell because {@code maxKeys} keys were tracked. */
    public long overflowed() {
        return overflowed.get();
    }

    private AtomicLong cellOf(String key, long nowNanos) {
        AtomicLong cell = cells.get(key);
        if (cell != null) {
            return cell;
        }
        if (cells.size() >= maxKeys) {
            sweep(nowNanos);
            if (cells.size() >= maxKeys) {
                overflowed.incrementAndGet();
                return overflowCell(key);
            }
        }
        AtomicLong fresh = new AtomicLong(DEAD + 1); // "never used": the first call starts at its now
        AtomicLong raced = cells.putIfAbsent(key, fresh);
        return raced == null ? fresh : raced;
    }

    /** The overflow cell of the key's prefix (the text before its first {@code |}): one per rule. */
    private AtomicLong overflowCell(String key) {
        int bar = key.indexOf('|');
        if (bar < 0) {
            return sharedOverflow;
        }
        String prefix = key.substring(0, bar);
        AtomicLong cell = overflowCells.get(prefix);
        if (cell != null) {
            return cell;
        }
        return overflowCells.size() >= MAX_OVERFLOW_CELLS ? sharedOverflow
                : overflowCells.computeIfAbsent(prefix, p -> new AtomicLong(DEAD + 1));
    }

    /** Removes the keys whose TAT is past (they equal fresh keys); at most once per second. */
    private void sweep(long nowNanos) {
        long last = lastSweep.get();
        if (swept && nowNanos - last < SWEEP_EVERY_NANOS) {
            return;
        }
        if (!lastSweep.compareAndSet(last, nowNanos)) {
            return; // another caller sweeps now
        }
        swept = true;
        cells.forEach((key, cell) -> {
            long tat = cell.get();
            if ((tat == DEAD + 1 || tat - nowNanos <= 0) && cell.compareAndSet(tat, DEAD)) {
                cells.remove(key, cell);
            }
        });
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }
}

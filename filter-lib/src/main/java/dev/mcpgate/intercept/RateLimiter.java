package dev.mcpgate.intercept;

import java.time.Duration;

/**
 * Counts calls against a limit with the generic cell rate algorithm (GCRA): a key may make
 * {@code rate} calls per {@code period}, with up to {@code burst} of them at once. The filter's
 * implementation keeps its state in memory; a cluster can share it by providing another
 * implementation as a CDI bean or through {@link java.util.ServiceLoader}.
 */
public interface RateLimiter {

    /**
     * Takes one call for {@code key} at {@code nowNanos} (from {@link System#nanoTime()}).
     *
     * @return {@link Duration#ZERO} when the call is allowed, else how long until the next call would be
     *         (the answer's {@code Retry-After}, rounded up to whole seconds)
     */
    Duration take(String key, long rate, Duration period, int burst, long nowNanos);
}

package dev.mcpgate.it.rules;

import dev.mcpgate.intercept.RateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rate limiter for the rules IT, registered through {@code META-INF/services} as an application
 * would register a shared one: it allows {@code burst} calls per key and refuses every later one,
 * telling the client to wait one emission interval ({@code period / rate}).
 */
public class CountingRateLimiter implements RateLimiter {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public Duration take(String key, long rate, Duration period, int burst, long nowNanos) {
        long n = counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        return n <= burst ? Duration.ZERO : period.dividedBy(rate);
    }
}

package dev.mcpgate.bridge;

import java.time.Duration;
import java.util.Objects;

/**
 * The bridge's settings, as the filter parsed them (each one a {@code bridge-*} setting of the filter).
 *
 * @param upstreamEra {@code bridge-upstream-era}: the era of the server behind the filter, or learn it
 * @param listTtl {@code bridge-list-ttl}: the {@code ttlMs} put on list/read/discover results for modern clients
 * @param cacheScope {@code bridge-cache-scope}: the {@code cacheScope} put beside it
 * @param sessionIdle {@code bridge-session-idle}: a pooled upstream session (modern clients) or a minted one
 *        (legacy clients) unused this long is ended
 * @param maxSessions {@code bridge-max-sessions}: at most this many of each; past it, the least recently used
 *        is ended (pooled) or the initialize refused with 503 (minted)
 * @param upstreamTimeout {@code bridge-upstream-timeout}: the longest wait for an upstream answer's head
 * @param inputTimeout {@code bridge-input-timeout}: how long a call waiting for the client's input (an
 *        input-required result, or a server-to-client request) is kept before it is cancelled
 */
public record BridgeSettings(UpstreamEra upstreamEra, Duration listTtl, CacheScope cacheScope, Duration sessionIdle,
        int maxSessions, Duration upstreamTimeout, Duration inputTimeout) {

    public BridgeSettings {
        Objects.requireNonNull(upstreamEra, "upstreamEra");
        Objects.requireNonNull(listTtl, "listTtl");
        Objects.requireNonNull(cacheScope, "cacheScope");
        Objects.requireNonNull(sessionIdle, "sessionIdle");
        Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
        Objects.requireNonNull(inputTimeout, "inputTimeout");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
        }
    }

    /** The defaults of the settings (tests, and the filter before it read its own). */
    public static BridgeSettings defaults() {
        return new BridgeSettings(UpstreamEra.AUTO, Duration.ZERO, CacheScope.PRIVATE, Duration.ofMinutes(10), 1000,
                Duration.ofSeconds(60), Duration.ofMinutes(5));
    }
}

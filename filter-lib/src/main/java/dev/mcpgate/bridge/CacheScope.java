package dev.mcpgate.bridge;

/**
 * The {@code cacheScope} the bridge puts on list and read results of a legacy server for 2026-07-28 clients
 * (setting {@code bridge-cache-scope}). A legacy server says nothing of caching; {@link #PRIVATE} (the default)
 * never lets a result be shared across authorization contexts.
 */
public enum CacheScope {
    PRIVATE,
    PUBLIC;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.mcpgate.bridge;

/**
 * Which era the server behind the filter speaks: setting {@code bridge-upstream-era}. {@link #AUTO} learns it
 * at the first bridged exchange (a {@code server/discover} probe: a 2026-07-28 result is modern, anything else
 * legacy) and keeps it until the endpoint restarts.
 */
public enum UpstreamEra {
    AUTO,
    LEGACY,
    MODERN
}

package dev.mcpgate.protocol;

/**
 * The two eras of MCP on the Streamable HTTP transport.
 *
 * <p>{@link #LEGACY} covers revisions 2024-11-05 through 2025-11-25: an {@code initialize}
 * handshake, the {@code Mcp-Session-Id} header, a GET stream, DELETE and
 * {@code Last-Event-ID}. {@link #MODERN} covers 2026-07-28 and later: stateless requests that
 * carry {@code _meta} and the {@code Mcp-Method} / {@code Mcp-Name} headers.
 */
public enum Era {
    LEGACY,
    MODERN,
    /** Nothing in the headers or the body told the era (a GET without headers, a non-MCP body). */
    UNKNOWN;

    /** The lower-case name used in rows and log lines. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

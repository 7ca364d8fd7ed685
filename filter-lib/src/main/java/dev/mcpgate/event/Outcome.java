package dev.mcpgate.event;

import java.util.Locale;

/** How an exchange ended, as far as the MCP client is concerned. */
public enum Outcome {
    /** A result, an accepted notification, or an opened stream. */
    OK,
    /** A JSON-RPC error, or an HTTP error status without one. */
    ERROR,
    /** A {@code tools/call} result with {@code isError: true}: the tool ran and failed. */
    TOOL_ERROR,
    /** Refused by a decision the operator configured (origin, access rule, rate limit, expiry). */
    REJECTED,
    /** The container's async timeout fired before the response completed. */
    TIMEOUT,
    /** The client went away before the response completed. */
    CANCELLED;

    /** The lower-case name used in rows and log lines. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

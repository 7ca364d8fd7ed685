package dev.mcpgate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who mints the client's {@code Mcp-Session-Id}, and what the filter does about sessions.
 *
 * <p>{@code virtual} (one client session mapped to an upstream session per node) is planned; naming
 * it fails deployment rather than silently observing.
 */
public enum SessionMode {

    /**
     * The MCP server mints session ids. The filter learns each id from the {@code initialize}
     * answer and keeps book: client identity, protocol version, principal, last use, end. It never
     * invents, changes or rejects a session id.
     */
    OBSERVE,

    /**
     * The filter mints and keeps the sessions, for MCP servers that keep none (a stateless
     * transport such as the MCP Java SDK's {@code HttpServletStatelessServerTransport}). It adds a
     * random {@code Mcp-Session-Id} to every successful legacy {@code initialize} answer and answers
     * the session rules of the legacy Streamable HTTP transport itself: 400 without an id, 404 for
     * an unknown or expired one, 204 for DELETE, 405 for GET, 503 when {@code max-sessions} is
     * reached. Modern-era (2026-07-28+) requests, which carry no session, pass untouched.
     */
    OWN;

    /** The setting value, e.g. {@code observe}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a setting value; throws with the allowed values named. */
    public static SessionMode parse(String value) {
        for (SessionMode mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be one of "
                + Arrays.stream(values()).map(SessionMode::wireName).collect(Collectors.joining(", "))
                + " (virtual is planned, not yet available)");
    }
}

package dev.mcpgate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Who mints the client's {@code Mcp-Session-Id}, and what the filter does about sessions.
 *
 * <p>Only {@link #OBSERVE} exists today. {@code own} (the filter mints ids for servers that keep
 * no session) and {@code virtual} (one client session mapped to an upstream session per node) are
 * planned; naming them fails deployment rather than silently observing.
 */
public enum SessionMode {

    /**
     * The MCP server mints session ids. The filter learns each id from the {@code initialize}
     * answer and keeps book: client identity, protocol version, principal, last use, end. It never
     * invents, changes or rejects a session id.
     */
    OBSERVE;

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
                + " (own and virtual are planned, not yet available)");
    }
}

package dev.mcpgate.redact;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * How a session id is shown outside the database (the setting {@code log-session-ids}): in log
 * lines, the JSON lines of {@code log-exchanges}, and the analytics API's answers. Many MCP servers
 * take the {@code Mcp-Session-Id} as a bearer credential — whoever holds it continues the session —
 * so by default only a fingerprint is shown. The database keeps the full id: operators query by it,
 * and the analytics API's {@code session} parameter takes the full id.
 */
public enum SessionIdDisplay implements UnaryOperator<String> {

    /**
     * A fingerprint: the first {@value #PREFIX_CHARS} characters of the id, {@code ...}, and the first
     * {@value #HASH_HEX_CHARS} hex digits of the id's SHA-256 ({@code 3f2a...9c41d0e7} for
     * {@code 3f2a8b1e-...}). The prefix is left out (only {@code ...9c41d0e7}) when the id is shorter than
     * {@value #MIN_LENGTH_FOR_PREFIX} characters, so that it never gives away much of a short id,
     * or when it holds a character outside the visible ASCII that the specification allows.
     * The same id always gives the same fingerprint, so a session's lines can be followed.
     */
    FINGERPRINT {
        @Override
        public String apply(String sessionId) {
            return sessionId == null ? null : fingerprint(sessionId);
        }
    },

    /** The whole id, for debugging. */
    FULL {
        @Override
        public String apply(String sessionId) {
            return sessionId;
        }
    };

    static final int PREFIX_CHARS = 4;
    static final int HASH_HEX_CHARS = 8;
    static final int MIN_LENGTH_FOR_PREFIX = 16;

    /** The setting value, e.g. {@code fingerprint}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a setting value; throws with the allowed values named. */
    public static SessionIdDisplay parse(String value) {
        for (SessionIdDisplay display : values()) {
            if (display.wireName().equals(value)) {
                return display;
            }
        }
        throw new IllegalArgumentException("must be one of "
                + Arrays.stream(values()).map(SessionIdDisplay::wireName).collect(Collectors.joining(", ")));
    }

    /** The fingerprint of {@code sessionId} ({@link #FINGERPRINT}). */
    public static String fingerprint(String sessionId) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        String hex = HexFormat.of().formatHex(hash, 0, HASH_HEX_CHARS / 2);
        boolean prefix = sessionId.length() >= MIN_LENGTH_FOR_PREFIX
                && sessionId.chars().limit(PREFIX_CHARS).allMatch(c -> c >= 0x21 && c <= 0x7e);
        return (prefix ? sessionId.substring(0, PREFIX_CHARS) : "") + "..." + hex;
    }
}

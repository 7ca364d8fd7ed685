package dev.mcpgate.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The value encoding of 2026-07-28's mirrored headers ({@code Mcp-Name}, {@code Mcp-Param-*}): a value that is
 * plain header-safe ASCII goes as it is; one with anything else (non-ASCII, a control character, leading or
 * trailing white space) or one that looks like the sentinel itself goes as {@code =?base64?<UTF-8 Base64>?=}.
 * The guard decodes what clients send with it; the era bridge encodes what it sends a 2026-07-28 server and
 * decodes what a 2026-07-28 client sends.
 */
public final class HeaderValues {

    private static final String PREFIX = "=?base64?";
    private static final String SUFFIX = "?=";

    private HeaderValues() {
    }

    /**
     * A header value that may carry the sentinel, decoded (case-sensitive, UTF-8); {@code null} when the sentinel
     * is broken (not Base64).
     */
    public static String decode(String value) {
        if (value.length() < PREFIX.length() + SUFFIX.length() || !value.startsWith(PREFIX)
                || !value.endsWith(SUFFIX)) {
            return value;
        }
        String encoded = value.substring(PREFIX.length(), value.length() - SUFFIX.length());
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The header value for {@code value}, encoded when it must be. */
    public static String encode(String value) {
        if (plain(value)) {
            return value;
        }
        return PREFIX + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + SUFFIX;
    }

    private static boolean plain(String value) {
        if (value.isEmpty()) {
            return true;
        }
        if (value.startsWith(PREFIX) && value.endsWith(SUFFIX)) {
            return false; // would read as encoded
        }
        if (value.charAt(0) == ' ' || value.charAt(0) == '\t' || last(value) == ' ' || last(value) == '\t') {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static char last(String value) {
        return value.charAt(value.length() - 1);
    }
}

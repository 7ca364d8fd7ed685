package dev.mcpgate.bridge;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The value encoding of 2026-07-28's mirrored headers ({@code Mcp-Name}, {@code Mcp-Param-*}): a value that is
 * plain header-safe ASCII goes as it is; one with anything else (non-ASCII, a control character, leading or
 * trailing white space) or one that looks like the sentinel itself goes as {@code =?base64?<UTF-8 Base64>?=}.
 */
final class HeaderValues {

    static final String PREFIX = "=?base64?";
    static final String SUFFIX = "?=";

    private HeaderValues() {
    }

    /** The header value for {@code value}, encoded when it must be. */
    static String encode(String value) {
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

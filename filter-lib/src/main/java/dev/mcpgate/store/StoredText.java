package dev.mcpgate.store;

import dev.mcpgate.protocol.SessionIds;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Text as the store binds it: every string value from a client, a server or another event source
 * passes through here before it reaches a JDBC statement, so that no value can make the database
 * refuse a row.
 *
 * <ul>
 *   <li>{@link #clean(String, int)}: NUL (PostgreSQL refuses it in text), unpaired surrogates (no
 *       UTF-8 form; PostgreSQL's driver would store {@code ?}) and Unicode noncharacters become
 *       U+FFFD, then the value is cut to the column width without splitting a surrogate pair. The
 *       width is in UTF-16 units, which is never more than PostgreSQL's characters and is Derby's
 *       measure.</li>
 *   <li>{@link #sessionKey(String)}: the {@code session_id} columns are part of
 *       {@code mcp_session_uk}, so a session id must never be cut into another one. An id of visible
 *       ASCII (0x21–0x7E, the only characters the MCP specification allows in a session id) that
 *       fits the column is stored as it is; any other id as a readable cleaned prefix, a space (which
 *       no stored-as-is id contains) and 32 hex digits of the SHA-256 of the whole id — distinct ids
 *       stay distinct.</li>
 * </ul>
 * Runs on the store's threads only (never the request thread); a value that needs nothing is
 * returned as it is, without allocation.
 */
final class StoredText {

    /** Width of every {@code session_id} column (V1, V2). */
    static final int SESSION_ID_WIDTH = 200;
    static final char REPLACEMENT = '\uFFFD';
    private static final int HASH_HEX_DIGITS = 32;

    private StoredText() {
    }

    /**
     * The value cleaned and cut to {@code width} UTF-16 units; {@code null} stays {@code null}.
     */
    static String clean(String value, int width) {
        if (value == null || (value.length() <= width && isClean(value))) {
            return value;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), width));
        int i = 0;
        while (i < value.length()) {
            int cp = value.codePointAt(i);
            int units = Character.charCount(cp);
            int kept = valid(cp) ? cp : REPLACEMENT;
            if (out.length() + Character.charCount(kept) > width) {
                break;
            }
            out.appendCodePoint(kept);
            i += units;
        }
        return out.toString();
    }

    /** Whether {@link #clean} would leave the value's characters as they are (its length aside). */
    static boolean isClean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c >= '\uD800' && (Character.isSurrogate(c) || c >= '\uFDD0')) {
                // the rare path: look at the whole code point
                int cp = value.codePointAt(i);
                if (!valid(cp)) {
                    return false;
                }
                i += Character.charCount(cp) - 1;
            }
        }
        return true;
    }

    /** A code point a database stores as it is: not NUL, not a lone surrogate, not a noncharacter. */
    private static boolean valid(int cp) {
        if (cp == 0 || Character.getType(cp) == Character.SURROGATE) {
            return false;
        }
        boolean nonCharacter = (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
        return !nonCharacter;
    }

    /**
     * The value stored in (and looked up by) the {@code session_id} columns for a session id:
     * injective, at most {@value #SESSION_ID_WIDTH} UTF-16 units; {@code null} stays {@code null}.
     */
    static String sessionKey(String sessionId) {
        if (sessionId == null || (sessionId.length() <= SESSION_ID_WIDTH && SessionIds.isVisibleAscii(sessionId))) {
            return sessionId;
        }
        return hashed(sessionId, SESSION_ID_WIDTH);
    }

    /**
     * A value of a column in a unique key other than a session id (e.g. a catalogue receiver): as
     * it is when it is clean and fits, else as {@link #sessionKey} stores long ids.
     */
    static String key(String value, int width) {
        if (value == null || (value.length() <= width && isClean(value))) {
            return value;
        }
        return hashed(value, width);
    }

    private static String hashed(String value, int width) {
        String hash = HexFormat.of().formatHex(sha256(value)).substring(0, HASH_HEX_DIGITS);
        return clean(value, width - 1 - HASH_HEX_DIGITS) + ' ' + hash;
    }

    /**
     * SHA-256 of the value's raw UTF-16 units: a charset encoder would replace lone surrogates and
     * merge values that differ only in them.
     */
    private static byte[] sha256(String value) {
        byte[] units = new byte[value.length() * 2];
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            units[2 * i] = (byte) (c >>> 8);
            units[2 * i + 1] = (byte) c;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(units);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package dev.mcpgate.protocol;

/**
 * Finds, with one pass over raw JSON text and no allocation, the bracket that closes an object or
 * array: how {@link JsonCursor} steps over a value it does not read.
 *
 * <p>Strings are followed as a JSON tokenizer follows them: a quote opens and closes one, and a
 * backslash escapes the next character. The text is UTF-8 bytes: every structural character is
 * ASCII, and no byte of a multi-byte UTF-8 sequence is. Inside a string the scan looks at eight
 * bytes at a time for a quote or a backslash. A bracket of the other kind closing a level is a
 * fault, found with a bit per level for the first 64 levels (deeper levels are counted only).
 */
final class Brackets {

    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte OPEN_BRACE = 3;
    private static final byte CLOSE_BRACE = 4;
    private static final byte OPEN_SQUARE = 5;
    private static final byte CLOSE_SQUARE = 6;

    /** The role of each ASCII character; one array load per byte keeps the scan fast. */
    private static final byte[] ROLE = roles();

    private Brackets() {
    }

    /**
     * The index of the bracket that closes the {@code [} or <code>{</code> at {@code open}, or
     * {@code -1} when {@code bytes[open, end)} ends first, when a bracket of the other kind closes
     * it (malformed), or when it nests deeper than {@code maxDepth} levels counting itself.
     * Brackets inside strings do not count; a backslash in a string escapes the next byte.
     */
    static int matchingClose(byte[] bytes, int open, int end, int maxDepth) {
        // one bit per level: set for a square bracket; deeper than 64 levels is tracked by count only
        long kinds = 0;
        int depth = 0;
        int i = open;
        while (i < end) {
            byte b = bytes[i++];
            if (b < 0 || ROLE[b] == PLAIN) {
                continue;
            }
            switch (ROLE[b]) {
                case QUOTE -> i = afterString(bytes, i, end);
                case OPEN_BRACE, OPEN_SQUARE -> {
                    if (++depth > maxDepth) {
                        return -1;
                    }
                    if (depth <= 64) {
                        long bit = 1L << (depth - 1);
                        kinds = ROLE[b] == OPEN_SQUARE ? kinds | bit : kinds & ~bit;
                    }
                }
                case CLOSE_BRACE, CLOSE_SQUARE -> {
                    if (depth <= 64 && ((kinds >>> (depth - 1)) & 1L) != (ROLE[b] == CLOSE_SQUARE ? 1L : 0L)) {
                        return -1;
                    }
                    if (--depth == 0) {
                        return i - 1;
                    }
                }
                default -> { }
            }
        }
        return -1;
    }

    /**
     * The index after the quote that closes the string whose content starts at {@code start}, or
     * {@code end + 1} when the text ends inside it.
     */
    private static int afterString(byte[] bytes, int start, int end) {
        int i = start;
        // eight bytes at a time while none of them is a quote or a backslash
        while (i + Long.BYTES <= end) {
            long word = (long) LONGS.get(bytes, i);
            if (hasByte(word ^ QUOTES) || hasByte(word ^ BACKSLASHES)) {
                break;
            }
            i += Long.BYTES;
        }
        while (i < end) {
            byte b = bytes[i++];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                i++;
            }
        }
        return end + 1;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long QUOTES = ONES * '"';
    private static final long BACKSLASHES = ONES * '\\';

    /** Whether one of the eight bytes of {@code word} is zero (exact: no false answers). */
    private static boolean hasByte(long word) {
        return ((word - ONES) & ~word & HIGHS) != 0;
    }

    private static byte[] roles() {
        byte[] roles = new byte[128];
        roles['"'] = QUOTE;
        roles['\\'] = BACKSLASH;
        roles['{'] = OPEN_BRACE;
        roles['}'] = CLOSE_BRACE;
        roles['['] = OPEN_SQUARE;
        roles[']'] = CLOSE_SQUARE;
        return roles;
    }
}

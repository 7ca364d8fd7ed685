package dev.mcpgate.protocol;

/**
 * Tells, with one pass over raw JSON text and no allocation, whether every brace and square
 * bracket opened outside strings is closed again by the end of the text.
 *
 * <p>This is what makes the JSON-P skip methods safe. Parsson's {@code skipObject()} counts braces
 * (and {@code skipArray()} brackets) until the count returns to zero, and loops forever if the
 * input ends first; on malformed input it throws, which is harmless. When the parser stands on an
 * opening bracket it has reached through valid JSON, the count here at that point equals the
 * parser's nesting, at least 1; if the count is zero at the end of the text it must pass through
 * one less than that nesting somewhere after, which is the closing bracket the skip looks for.
 *
 * <p>Strings are followed as the JSON tokenizer follows them: a quote opens and closes one, and a
 * backslash escapes the next character. The text may be UTF-8 bytes or chars: every structural
 * character is ASCII, and no byte of a multi-byte UTF-8 sequence is. Inside a string the byte scan
 * looks at eight bytes at a time for a quote or a backslash.
 *
 * <p>{@link #matchingClose} finds, the same way, the bracket that closes one object or array, for
 * {@link SkipPlan}.
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

    /** Whether every bracket opened in {@code bytes[from, to)} is closed by {@code to}. */
    static boolean allClosed(byte[] bytes, int from, int to) {
        int braces = 0;
        int squares = 0;
        int i = from;
        while (i < to) {
            byte b = bytes[i++];
            if (b < 0 || ROLE[b] == PLAIN) {
                continue; // most bytes, and every byte of a multi-byte character
            }
            switch (ROLE[b]) {
                case QUOTE -> i = afterString(bytes, i, to);
                case OPEN_BRACE -> braces++;
                case CLOSE_BRACE -> braces--;
                case OPEN_SQUARE -> squares++;
                case CLOSE_SQUARE -> squares--;
                default -> { }
            }
        }
        return i == to && braces == 0 && squares == 0;
    }

    /**
     * As {@link #allClosed(byte[], int, int)}, stepping over the ranges {@code hidden} (pairs
     * {@code [from, to)}, ascending, from {@link SkipPlan}): each is the inside of an object or
     * array whose brackets, strings included, balance, so the answer is the same without
     * scanning them.
     */
    static boolean allClosed(byte[] bytes, int from, int to, int[] hidden) {
        if (hidden.length == 0) {
            return allClosed(bytes, from, to);
        }
        int braces = 0;
        int squares = 0;
        int i = from;
        int next = 0;
        int stop = hidden[0];
        while (true) {
            while (i < stop) {
                byte b = bytes[i++];
                if (b < 0 || ROLE[b] == PLAIN) {
                    continue;
                }
                switch (ROLE[b]) {
                    case QUOTE -> i = afterString(bytes, i, to);
                    case OPEN_BRACE -> braces++;
                    case CLOSE_BRACE -> braces--;
                    case OPEN_SQUARE -> squares++;
                    case CLOSE_SQUARE -> squares--;
                    default -> { }
                }
            }
            if (i != stop || next >= hidden.length) {
                break;
            }
            i = hidden[next + 1];
            next += 2;
            stop = next < hidden.length ? hidden[next] : to;
        }
        return i == to && braces == 0 && squares == 0;
    }

    /** Whether every bracket opened in {@code text} from {@code from} on is closed by its end. */
    static boolean allClosed(String text, int from) {
        int braces = 0;
        int squares = 0;
        int end = text.length();
        int i = from;
        while (i < end) {
            char c = text.charAt(i++);
            if (c > 0x7F || ROLE[c] == PLAIN) {
                continue;
            }
            switch (ROLE[c]) {
                case QUOTE -> i = afterString(text, i, end);
                case OPEN_BRACE -> braces++;
                case CLOSE_BRACE -> braces--;
                case OPEN_SQUARE -> squares++;
                case CLOSE_SQUARE -> squares--;
                default -> { }
            }
        }
        return i == end && braces == 0 && squares == 0;
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

    private static int afterString(String text, int start, int end) {
        int i = start;
        while (i < end) {
            char c = text.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
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

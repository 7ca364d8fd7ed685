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
 * character is ASCII, and no byte of a multi-byte UTF-8 sequence is.
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
     * The index after the quote that closes the string whose content starts at {@code start}, or
     * {@code end + 1} when the text ends inside it.
     */
    private static int afterString(byte[] bytes, int start, int end) {
        int i = start;
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

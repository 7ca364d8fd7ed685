package dev.mcpgate.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Walks JSON text as UTF-8 bytes, one token at a time, for {@link EnvelopeReader}: it opens the
 * objects the reader wants to look into, names their members, decodes the string and number values
 * the reader keeps, and steps over every other value without decoding it.
 *
 * <p>Where it reads, it checks what a JSON parser checks: a colon after each name, a comma between
 * members, the escapes and control characters of strings, the spelling of literals and the grammar
 * of numbers. A value it steps over is checked more loosely, as a JSON-P parser's skip did: a
 * scalar is checked whole, an object or array only for strings and balanced brackets of the right
 * kinds ({@link Brackets#matchingClose}), at any depth, without recursion. Text that a parser would
 * refuse may thus be stepped over, but never read differently: a string is always followed to its
 * real end, so a bracket or member name inside a string can never be taken for structure.
 *
 * <p>Every fault, the end of the text included, throws the one {@link Malformed} instance, which has
 * no stack trace: the reader catches it and reports the message as cut short.
 *
 * <p>Member names are compared as bytes when they have no escape ({@link #member}); a name with an
 * escape is decoded first, so <code>"\u006dethod"</code> is {@code method}, as every parser reads it.
 */
final class JsonCursor {

    private final byte[] bytes;
    private final int end;
    private int pos;
    /** Whether a value has just ended, so that a comma or a closing bracket must come next. */
    private boolean afterValue;
    private int nameStart;
    private int nameEnd;
    private boolean nameEscaped;
    /** Whether the string {@link #stringEnd} last followed holds an escape. */
    private boolean escaped;

    /** A cursor on {@code bytes[start, end)}, standing before the first token. */
    JsonCursor(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
    }

    /** Opens the object that must come next. */
    void openObject() {
        if (next() != '{') {
            throw Malformed.INSTANCE;
        }
        pos++;
        afterValue = false;
    }

    /**
     * Moves to the next member of the object being read and stands before its value; {@code false}
     * when the object closes instead (the cursor is then after it).
     */
    boolean nextMember() {
        if (!entryFollows('}')) {
            return false;
        }
        if (next() != '"') {
            throw Malformed.INSTANCE;
        }
        nameStart = pos + 1;
        pos = stringEnd(nameStart);
        nameEnd = pos - 1;
        nameEscaped = escaped;
        if (next() != ':') {
            throw Malformed.INSTANCE;
        }
        pos++;
        afterValue = false;
        return true;
    }

    /** The index in {@code names} of the current member's name, or {@code -1}. */
    int member(Names names) {
        if (nameEscaped) {
            return names.indexOf(decode(nameStart, nameEnd, true));
        }
        return names.indexOf(bytes, nameStart, nameEnd - nameStart);
    }

    /** Moves to the next element of the array being read; {@code false} when it closes instead. */
    boolean nextElement() {
        return entryFollows(']');
    }

    /**
     * Steps over the comma before the next entry of the container being read; {@code false} when it
     * closes with {@code close} instead (the cursor is then after it).
     */
    private boolean entryFollows(int close) {
        int c = next();
        if (c == close) {
            pos++;
            afterValue = true;
            return false;
        }
        if (afterValue) {
            if (c != ',') {
                throw Malformed.INSTANCE;
            }
            pos++;
            afterValue = false;
        }
        return true;
    }

    /** The first character of the value that comes next, which stays unread. */
    int peekValue() {
        return next();
    }

    /** The value if it is a string, else steps over it and answers {@code null}. */
    String stringValue() {
        return stringValue(Integer.MAX_VALUE);
    }

    /**
     * The first {@code maxChars} characters of the value if it is a string, else steps over it and
     * answers {@code null}. A long string is decoded only as far as needed.
     */
    String stringValue(int maxChars) {
        if (next() != '"') {
            skipValue();
            return null;
        }
        int start = pos + 1;
        pos = stringEnd(start);
        afterValue = true;
        int to = pos - 1;
        if (to - start <= maxChars) { // no more characters than bytes
            return decode(start, to, escaped);
        }
        return decodeAtMost(start, to, maxChars);
    }

    /** The literal text of the value if it is a number, else steps over it and answers {@code null}. */
    String numberValue() {
        int c = next();
        if (c != '-' && (c < '0' || c > '9')) {
            skipValue();
            return null;
        }
        int start = pos;
        pos = numberEnd(pos);
        afterValue = true;
        return new String(bytes, start, pos - start, StandardCharsets.ISO_8859_1);
    }

    /** Opens the value if it is an object, else steps over it and answers {@code false}. */
    boolean objectValue() {
        if (next() == '{') {
            openObject();
            return true;
        }
        skipValue();
        return false;
    }

    /** Opens the value if it is an array, else steps over it and answers {@code false}. */
    boolean arrayValue() {
        if (next() == '[') {
            pos++;
            afterValue = false;
            return true;
        }
        skipValue();
        return false;
    }

    /** Steps over the value and answers whether it was the literal {@code true}. */
    boolean isTrue() {
        boolean isTrue = next() == 't';
        skipValue();
        return isTrue;
    }

    /** Steps over the value that comes next, whatever it is. */
    void skipValue() {
        int c = next();
        switch (c) {
            case '"' -> pos = stringEnd(pos + 1);
            case '{', '[' -> {
                int close = Brackets.matchingClose(bytes, pos, end, Integer.MAX_VALUE);
                if (close < 0) {
                    throw Malformed.INSTANCE;
                }
                pos = close + 1;
            }
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> {
                if (c != '-' && (c < '0' || c > '9')) {
                    throw Malformed.INSTANCE;
                }
                pos = numberEnd(pos);
            }
        }
        afterValue = true;
    }

    /** Whether anything but white space follows: called once the top-level value has closed. */
    boolean hasMore() {
        skipWhitespace();
        return pos < end;
    }

    /** The next byte that is not JSON white space, unread; throws at the end of the text. */
    private int next() {
        skipWhitespace();
        if (pos >= end) {
            throw Malformed.INSTANCE;
        }
        return bytes[pos] & 0xFF;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = bytes[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private void literal(byte[] word) {
        if (end - pos < word.length) {
            throw Malformed.INSTANCE;
        }
        for (int i = 0; i < word.length; i++) {
            if (bytes[pos + i] != word[i]) {
                throw Malformed.INSTANCE;
            }
        }
        pos += word.length;
    }

    /**
     * The index after the quote that closes the string whose content starts at {@code start}, noting
     * in {@link #escaped} whether it holds an escape. The escapes are checked where the string is
     * decoded; here a raw control character is refused.
     */
    private int stringEnd(int start) {
        boolean escapes = false;
        int i = start;
        while (i < end) {
            int b = bytes[i++] & 0xFF;
            if (b == '"') {
                escaped = escapes;
                return i;
            }
            if (b == '\\') {
                escapes = true;
                i++;
            } else if (b < 0x20) {
                throw Malformed.INSTANCE;
            }
        }
        throw Malformed.INSTANCE;
    }

    /** The index after the number that starts at {@code start}, checked against JSON's grammar. */
    private int numberEnd(int start) {
        int i = start;
        if (i < end && bytes[i] == '-') {
            i++;
        }
        if (i < end && bytes[i] == '0') {
            i++;
        } else {
            i = digits(i);
        }
        if (i < end && bytes[i] == '.') {
            i = digits(i + 1);
        }
        if (i < end && (bytes[i] == 'e' || bytes[i] == 'E')) {
            i++;
            if (i < end && (bytes[i] == '+' || bytes[i] == '-')) {
                i++;
            }
            i = digits(i);
        }
        return i;
    }

    /** The index after one or more digits from {@code start}. */
    private int digits(int start) {
        int i = start;
        while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
            i++;
        }
        if (i == start) {
            throw Malformed.INSTANCE;
        }
        return i;
    }

    /**
     * The string whose content is {@code bytes[from, to)}. Malformed UTF-8 becomes U+FFFD, as an
     * {@code InputStreamReader} decodes it: every byte of a multi-byte sequence is 0x80 or above, so
     * the quote and the backslashes found as bytes are the characters they seem.
     */
    private String decode(int from, int to, boolean escaped) {
        if (!escaped) {
            return new String(bytes, from, to - from, StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(to - from);
        int run = from;
        int i = from;
        while (i < to) {
            if (bytes[i] != '\\') {
                i++;
                continue;
            }
            text.append(new String(bytes, run, i - run, StandardCharsets.UTF_8));
            i = unescape(i + 1, to, text);
            run = i;
        }
        return text.append(new String(bytes, run, to - run, StandardCharsets.UTF_8)).toString();
    }

    /**
     * The first {@code maxChars} characters of the string whose content is {@code bytes[from, to)},
     * as {@link #decode} would give them. A run without escapes is decoded at most
     * {@code 4 * wanted + 4} bytes at a time: a UTF-8 sequence gives at least one character per three
     * bytes (two per four for a surrogate pair, one per one to three bytes when malformed), so the
     * sequences that the piece holds whole already give the characters wanted, and a sequence the
     * piece's end cuts can only change characters after them.
     */
    private String decodeAtMost(int from, int to, int maxChars) {
        StringBuilder text = new StringBuilder(maxChars + 1);
        int i = from;
        while (i < to && text.length() < maxChars) {
            if (bytes[i] == '\\') {
                i = unescape(i + 1, to, text);
                continue;
            }
            int run = i;
            int limit = Math.min(to, i + 4 * (maxChars - text.length()) + 4);
            while (i < limit && bytes[i] != '\\') {
                i++;
            }
            text.append(new String(bytes, run, i - run, StandardCharsets.UTF_8));
        }
        return text.length() <= maxChars ? text.toString() : text.substring(0, maxChars);
    }

    /** Appends the character escaped at {@code i} (after its backslash); the index after it. */
    private int unescape(int i, int to, StringBuilder text) {
        if (i >= to) {
            throw Malformed.INSTANCE;
        }
        switch (bytes[i]) {
            case '"', '\\', '/' -> text.append((char) bytes[i]);
            case 'b' -> text.append('\b');
            case 'f' -> text.append('\f');
            case 'n' -> text.append('\n');
            case 'r' -> text.append('\r');
            case 't' -> text.append('\t');
            case 'u' -> {
                if (to - i < 5) {
                    throw Malformed.INSTANCE;
                }
                text.append((char) (hex(bytes[i + 1]) << 12 | hex(bytes[i + 2]) << 8 | hex(bytes[i + 3]) << 4
                        | hex(bytes[i + 4])));
                return i + 5;
            }
            default -> throw Malformed.INSTANCE;
        }
        return i + 1;
    }

    private static int hex(byte b) {
        int digit = Character.digit(b, 16);
        if (digit < 0) {
            throw Malformed.INSTANCE;
        }
        return digit;
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    /**
     * The member names one object of the envelope is read for, as bytes (compared with unescaped
     * names in the text) and as strings (compared with escaped names, once decoded).
     */
    static final class Names {
        private final String[] names;
        private final byte[][] encoded;

        Names(String... names) {
            this.names = names.clone();
            this.encoded = new byte[names.length][];
            for (int i = 0; i < names.length; i++) {
                encoded[i] = names[i].getBytes(StandardCharsets.UTF_8);
            }
        }

        String name(int index) {
            return names[index];
        }

        /** Compared byte by byte: names are a few bytes long, too short for a vectorised compare. */
        int indexOf(byte[] text, int from, int length) {
            for (int i = 0; i < encoded.length; i++) {
                if (sameBytes(encoded[i], text, from, length)) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean sameBytes(byte[] name, byte[] text, int from, int length) {
            if (name.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (name[i] != text[from + i]) {
                    return false;
                }
            }
            return true;
        }

        int indexOf(String name) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Ends a read at the first fault in the text, or at its end. Carries no stack trace. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Malformed INSTANCE = new Malformed();

        private Malformed() {
            super("not JSON, or cut short", null, false, false);
        }
    }
}

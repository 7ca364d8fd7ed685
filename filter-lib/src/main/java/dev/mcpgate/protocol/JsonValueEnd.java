package dev.mcpgate.protocol;

/**
 * Follows JSON text as it arrives, in pieces of any size, and tells when its top-level object or
 * array has closed — the moment a body that is held back can be judged whole, without waiting for
 * the writer to close. It counts brackets outside strings (a backslash in a string escapes the next
 * character), as {@link Brackets} does over a whole text, and keeps only that count between pieces:
 * no copy of the text, no allocation.
 *
 * <p>Leading white space and a byte order mark are skipped. Text whose first character is not
 * <code>{</code> or {@code [} is {@linkplain #notContainer() no container}: a scalar or no JSON,
 * never a JSON-RPC message. It does not validate the JSON: it only finds where it would end.
 */
public final class JsonValueEnd {

    private enum State { BEFORE, INSIDE, CLOSED, NOT_CONTAINER }

    private State state = State.BEFORE;
    private int depth;
    private boolean inString;
    private boolean escaped;

    /** Feeds UTF-8 bytes: every structural character is ASCII, and no byte of a longer sequence is. */
    public void feed(byte[] bytes, int offset, int length) {
        for (int i = offset, end = offset + length; i < end && !decided(); i++) {
            int b = bytes[i] & 0xFF;
            if (state == State.BEFORE && (b == 0xEF || b == 0xBB || b == 0xBF)) {
                continue; // the UTF-8 byte order mark
            }
            step((char) b);
        }
    }

    /** Feeds characters. */
    public void feed(CharSequence chars, int offset, int length) {
        for (int i = offset, end = offset + length; i < end && !decided(); i++) {
            char c = chars.charAt(i);
            if (state == State.BEFORE && c == '\uFEFF') {
                continue;
            }
            step(c);
        }
    }

    /** Feeds characters. */
    public void feed(char[] chars, int offset, int length) {
        for (int i = offset, end = offset + length; i < end && !decided(); i++) {
            char c = chars[i];
            if (state == State.BEFORE && c == '\uFEFF') {
                continue;
            }
            step(c);
        }
    }

    private void step(char c) {
        if (state == State.BEFORE) {
            if (c == '{' || c == '[') {
                state = State.INSIDE;
                depth = 1;
            } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                state = State.NOT_CONTAINER;
            }
            return;
        }
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            return;
        }
        switch (c) {
            case '"' -> inString = true;
            case '{', '[' -> depth++;
            case '}', ']' -> {
                if (--depth == 0) {
                    state = State.CLOSED;
                }
            }
            default -> { }
        }
    }

    /** Whether the top-level object or array has closed: what follows is not part of it. */
    public boolean closed() {
        return state == State.CLOSED;
    }

    /** Whether the text does not start with an object or array (a scalar, or no JSON at all). */
    public boolean notContainer() {
        return state == State.NOT_CONTAINER;
    }

    /** Whether the answer is known: {@link #closed()} or {@link #notContainer()}. */
    public boolean decided() {
        return state == State.CLOSED || state == State.NOT_CONTAINER;
    }

    /** Whether anything but white space has been seen. */
    public boolean started() {
        return state != State.BEFORE;
    }
}

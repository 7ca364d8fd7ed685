package dev.mcpgate.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds, with a byte scan, the contents of the objects and arrays that {@link EnvelopeReader} would
 * step over anyway (a {@code tools/list} answer's {@code result.tools}, a call's
 * {@code params.arguments}, the content items after the first, ...), so that the reader can hide
 * them from the JSON parser: the parser then sees <code>{}</code> or {@code []} in their place, a
 * value of the same kind, and the envelope read is the same, at the cost of a bracket count
 * instead of tokenising.
 *
 * <p>The scan follows only the few levels whose member names matter to the reader (the message,
 * {@code params}, {@code params.clientInfo}, {@code params._meta} and its client info,
 * {@code result}, {@code result.content} and its first item, {@code error}). A value is hidden only
 * when the scan has found the bracket that closes it (string-aware, at most
 * {@link EnvelopeReader#MAX_SKIP_DEPTH} levels deep), so text cut short or nested too deeply
 * reaches the parser exactly as before. Whenever the scan meets anything it does not expect
 * (malformed text, a member name with an escape, which could spell a wanted name), it stops, and
 * what it found so far stays valid: hiding a closed value does not change the text around it.
 *
 * <p>The one difference the parser could notice: text inside a hidden value that is not valid
 * JSON is no longer reported, which only ever made the read end early as truncated.
 */
final class SkipPlan {

    /** Values shorter than this are left to the parser: hiding them saves nothing. */
    static final int MIN_HIDDEN = 32;

    private static final int[] NONE = new int[0];

    /** What the reader does with the members of an object: which member names it opens. */
    private enum Scope { MESSAGE, PARAMS, META, RESULT, LEAF }

    private static final byte[] PARAMS = ascii("params");
    private static final byte[] RESULT = ascii("result");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] CLIENT_INFO = ascii("clientInfo");
    private static final byte[] META = ascii("_meta");
    private static final byte[] META_CLIENT_INFO = ascii("io.modelcontextprotocol/clientInfo");
    private static final byte[] CONTENT = ascii("content");

    private final byte[] bytes;
    private final int end;
    private int[] ranges = NONE;
    private int count;

    private SkipPlan(byte[] bytes, int end) {
        this.bytes = bytes;
        this.end = end;
    }

    /**
     * The byte ranges to hide in the message whose top-level object opens at {@code start}, as
     * pairs {@code [from, to)} in ascending order: each is the whole inside of one object or array,
     * from the byte after its opening bracket to its closing bracket, which stay; or, in
     * {@code result.content}, the items after the first, from the comma after the first item to
     * the array's closing bracket. Outside strings at both ends, and balanced inside.
     */
    static int[] ranges(byte[] bytes, int start, int end) {
        SkipPlan plan = new SkipPlan(bytes, end);
        plan.object(start, Scope.MESSAGE);
        return plan.count == plan.ranges.length ? plan.ranges : Arrays.copyOf(plan.ranges, plan.count);
    }

    /**
     * Scans the object opening at {@code open} with the reader's rules for {@code scope}.
     *
     * @return the index after its closing brace, or {@code -1} to stop the scan
     */
    private int object(int open, Scope scope) {
        int i = whitespace(open + 1);
        if (i < end && bytes[i] == '}') {
            return i + 1;
        }
        while (i < end && bytes[i] == '"') {
            int keyStart = i + 1;
            int keyEnd = keyStart;
            while (keyEnd < end && bytes[keyEnd] != '"') {
                if (bytes[keyEnd] == '\\') {
                    return -1; // an escaped name might spell a wanted one
                }
                keyEnd++;
            }
            i = whitespace(keyEnd + 1);
            if (i >= end || bytes[i] != ':') {
                return -1;
            }
            i = whitespace(i + 1);
            if (i >= end) {
                return -1;
            }
            i = member(i, child(scope, keyStart, keyEnd));
            if (i < 0) {
                return -1;
            }
            i = whitespace(i);
            if (i >= end) {
                return -1;
            }
            if (bytes[i] == '}') {
                return i + 1;
            }
            if (bytes[i] != ',') {
                return -1;
            }
            i = whitespace(i + 1);
        }
        return -1;
    }

    /**
     * The scope of the object the reader reads member by member as the value of the member named
     * {@code bytes[from, to)}, or {@code null} when it steps over that value; sets
     * {@link #contentArray} for {@code result.content}, the one array it reads into.
     */
    private Scope child(Scope scope, int from, int to) {
        contentArray = false;
        return switch (scope) {
            case MESSAGE -> is(PARAMS, from, to) ? Scope.PARAMS
                    : is(RESULT, from, to) ? Scope.RESULT
                    : is(ERROR, from, to) ? Scope.LEAF : null;
            case PARAMS -> is(CLIENT_INFO, from, to) ? Scope.LEAF : is(META, from, to) ? Scope.META : null;
            case META -> is(META_CLIENT_INFO, from, to) ? Scope.LEAF : null;
            case RESULT -> {
                contentArray = is(CONTENT, from, to);
                yield null;
            }
            case LEAF -> null;
        };
    }

    /** Set by {@link #child} when the member is {@code result.content}. */
    private boolean contentArray;

    /** Scans one member value at {@code i}; answers the index after it, or {@code -1}. */
    private int member(int i, Scope into) {
        byte b = bytes[i];
        if (b == '{' && into != null) {
            return object(i, into);
        }
        if (b == '[' && contentArray) {
            return content(i);
        }
        return value(i);
    }

    /** {@code result.content}: the reader reads into its first item when that is an object. */
    private int content(int open) {
        int i = whitespace(open + 1);
        if (i < end && bytes[i] == ']') {
            return i + 1;
        }
        if (i >= end) {
            return -1;
        }
        i = bytes[i] == '{' ? object(i, Scope.LEAF) : value(i);
        if (i < 0) {
            return -1;
        }
        i = whitespace(i);
        if (i >= end) {
            return -1;
        }
        if (bytes[i] == ']') {
            return i + 1;
        }
        if (bytes[i] != ',') {
            return -1;
        }
        // the other items are stepped over: hide them with their commas, the parser sees [first]
        int close = Brackets.matchingClose(bytes, open, end, EnvelopeReader.MAX_SKIP_DEPTH);
        if (close < 0) {
            return -1;
        }
        hide(i, close);
        return close + 1;
    }

    /** Steps over a value the reader steps over, hiding it when it is a closed object or array. */
    private int value(int i) {
        byte b = bytes[i];
        if (b == '{' || b == '[') {
            int close = Brackets.matchingClose(bytes, i, end, EnvelopeReader.MAX_SKIP_DEPTH);
            if (close < 0) {
                return -1;
            }
            hide(i + 1, close);
            return close + 1;
        }
        if (b == '"') {
            int j = i + 1;
            while (j < end) {
                byte c = bytes[j++];
                if (c == '"') {
                    return j;
                }
                if (c == '\\') {
                    j++;
                }
            }
            return -1;
        }
        int j = i;
        while (j < end) {
            byte c = bytes[j];
            if (c == ',' || c == '}' || c == ']' || isWhitespace(c)) {
                return j == i ? -1 : j;
            }
            if (c == '{' || c == '[' || c == '"' || c == ':') {
                return -1;
            }
            j++;
        }
        return -1;
    }

    private void hide(int from, int to) {
        if (to - from < MIN_HIDDEN) {
            return;
        }
        if (count == ranges.length) {
            ranges = Arrays.copyOf(ranges, Math.max(8, count * 2));
        }
        ranges[count++] = from;
        ranges[count++] = to;
    }

    private boolean is(byte[] name, int from, int to) {
        return Arrays.equals(bytes, from, to, name, 0, name.length);
    }

    private int whitespace(int start) {
        int i = start;
        while (i < end && isWhitespace(bytes[i])) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static byte[] ascii(String name) {
        return name.getBytes(StandardCharsets.US_ASCII);
    }
}

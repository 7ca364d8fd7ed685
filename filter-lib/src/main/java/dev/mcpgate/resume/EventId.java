package dev.mcpgate.resume;

/**
 * An SSE event id as McpGate gives them on resumable streams: {@code <tag>-<stream>-<seq>}. The
 * tag is the session's (12 characters of {@code [a-z2-7]}, random), so that an id tells which
 * session it belongs to without naming the session; the stream is the stream's number within the
 * session; the sequence number is 0 for the priming event, then 1, 2, ... — unique per session, and
 * a cursor within its stream, as the 2025-11-25 transport asks.
 */
public record EventId(String tag, long stream, long seq) {

    static final int TAG_LENGTH = 12;
    /** Longest decimal number accepted for a stream or sequence number. */
    private static final int MAX_DIGITS = 18;

    /** The id's text form. */
    public String text() {
        return tag + '-' + stream + '-' + seq;
    }

    /**
     * Reads an id of McpGate's form.
     *
     * @return the id, or {@code null} when {@code text} is not one (the client made it up, or got it
     *         from something other than McpGate)
     */
    public static EventId parse(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        int first = value.indexOf('-');
        int second = first < 0 ? -1 : value.indexOf('-', first + 1);
        if (first != TAG_LENGTH || second < 0 || !isTag(value, 0, first)) {
            return null;
        }
        long stream = number(value, first + 1, second);
        long seq = number(value, second + 1, value.length());
        return stream < 1 || seq < 0 ? null : new EventId(value.substring(0, first), stream, seq);
    }

    private static boolean isTag(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }

    /** A decimal number of at most {@value #MAX_DIGITS} digits, or -1. */
    private static long number(String value, int from, int to) {
        if (to <= from || to - from > MAX_DIGITS) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}

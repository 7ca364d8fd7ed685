package dev.mcpgate.protocol;

import java.util.Objects;

/**
 * The {@link SseParser}'s twin for text: an incremental parser of {@code text/event-stream} bodies
 * fed with the characters a servlet writes through {@code getWriter()}, so that they need not be
 * encoded to bytes for the parser only to be decoded back into strings. Same rules (WHATWG "Interpreting an
 * event stream"), same limits, same counters, same listener calls as {@code SseParser} given the
 * UTF-8 bytes of the same text.
 *
 * <p>A line that arrives whole in one piece of text is read straight from it (a field value is a
 * substring of it); only a line split across pieces is copied into a buffer. An event's only data
 * line is that substring; from the second on, data lines are joined in a buffer and become one
 * string when the event is dispatched. The buffers are made when first needed (an answer of whole
 * lines with one data line each, the usual MCP answer, needs neither), and those grown beyond
 * {@value SseParser#RETAINED_CAPACITY} characters are released when their line or event is done.
 *
 * <p>Limits count UTF-8 bytes, as the byte parser's do, without encoding: the scan for a line's end
 * counts them on the way (a surrogate two, so a pair four; a lone surrogate, which an encoder
 * replaces by one byte, counts two). A U+FEFF at the very start
 * of the stream is a byte order mark and skipped. Not thread-safe: feed it from one thread at a time.
 */
public final class SseTextParser {

    private static final int INITIAL_CAPACITY = 256;

    private final int maxLineLength;
    private final SseListener listener;

    /** The start of a line that is still missing its end. */
    private StringBuilder line;
    /** The UTF-8 bytes of {@link #line}. */
    private long lineBytes;
    private boolean lineTooLong;
    private boolean afterCarriageReturn;
    private boolean started;

    /** The event's data while it has one line; {@code null} before its first and from its second on. */
    private String singleData;
    /** The event's data lines, each with its LF, once it has two or more; {@code null} until needed. */
    private StringBuilder data;
    /** The UTF-8 bytes of the event's data, an LF after each line included. */
    private long dataBytes;
    private boolean dataTooLong;
    private String eventType;
    private String lastEventId;

    /** Set by {@link #scan}. */
    private long scannedExtraBytes;

    private long overlongLines;
    private long overlongEvents;
    private long events;

    /**
     * @param maxLineLength the longest line kept, in UTF-8 bytes without its end; also the most
     *                      data one event may carry
     * @param listener      receives the events
     * @throws IllegalArgumentException when {@code maxLineLength} is less than 1
     */
    public SseTextParser(int maxLineLength, SseListener listener) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be at least 1: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Parses the next piece of the stream; dispatches each event whose closing blank line it holds. */
    public void feed(String text) {
        int end = text.length();
        int i = 0;
        if (!started && end > 0) {
            started = true;
            if (text.charAt(0) == '\uFEFF') {
                i = 1;
            }
        }
        while (i < end) {
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (text.charAt(i) == '\n') {
                    i++;
                    continue;
                }
            }
            int lineEnd = scan(text, i, end);
            if (lineEnd < 0) {
                appendToLine(text, i, end, end - i + scannedExtraBytes);
                return;
            }
            afterCarriageReturn = text.charAt(lineEnd) == '\r';
            endLine(text, i, lineEnd, lineEnd - i + scannedExtraBytes);
            i = lineEnd + 1;
        }
    }

    /** Ends the stream, as {@link SseParser#finish()} does. */
    public void finish() {
        if (lineTooLong) {
            overlongLines++;
        }
        clearLine();
        lineBytes = 0;
        lineTooLong = false;
        afterCarriageReturn = false;
        resetEvent();
    }

    /** Lines ignored because they were longer than the limit. */
    public long overlongLines() {
        return overlongLines;
    }

    /** Events dropped because their data was longer than the limit. */
    public long overlongEvents() {
        return overlongEvents;
    }

    /** Events dispatched to the listener. */
    public long events() {
        return events;
    }

    /**
     * The index of the first CR or LF in {@code text[from, to)}, or -1; counts, in the same pass, the
     * UTF-8 bytes the characters before it take beyond one each ({@link #scannedExtraBytes}).
     */
    private int scan(String text, int from, int to) {
        long extra = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == '\n' || c == '\r') {
                    scannedExtraBytes = extra;
                    return i;
                }
            } else {
                extra += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
            }
        }
        scannedExtraBytes = extra;
        return -1;
    }

    private void appendToLine(String text, int from, int to, long bytes) {
        if (lineTooLong || from == to) {
            return;
        }
        if (lineBytes + bytes > maxLineLength) {
            lineTooLong = true;
            clearLine();
            lineBytes = 0;
            return;
        }
        if (line == null) {
            line = new StringBuilder(INITIAL_CAPACITY);
        }
        line.append(text, from, to);
        lineBytes += bytes;
    }

    /** Handles the line that ends at {@code text[to]}, of which {@code text[from, to)} ({@code bytes} in UTF-8) is the tail. */
    private void endLine(String text, int from, int to, long bytes) {
        if ((line == null || line.length() == 0) && !lineTooLong) {
            if (bytes > maxLineLength) {
                overlongLines++;
            } else {
                processLine(text, from, to, bytes);
            }
            return;
        }
        appendToLine(text, from, to, bytes);
        boolean tooLong = lineTooLong;
        long wholeBytes = lineBytes;
        lineTooLong = false;
        lineBytes = 0;
        String whole = tooLong || line == null ? null : line.toString();
        clearLine(); // a large buffer is released before the listener runs, which may throw
        if (tooLong) {
            overlongLines++;
        } else {
            processLine(whole, 0, whole.length(), wholeBytes);
        }
    }

    /** One line, {@code bytes} long in UTF-8; a field's name is ASCII when it is one the parser knows. */
    private void processLine(String text, int from, int to, long bytes) {
        if (from == to) {
            dispatch();
            return;
        }
        if (text.charAt(from) == ':') {
            return; // a comment, often a keep-alive
        }
        int colon = text.indexOf(':', from);
        int nameEnd = colon < 0 || colon >= to ? to : colon;
        int valueStart = nameEnd == to ? to : nameEnd + 1;
        if (valueStart < to && text.charAt(valueStart) == ' ') {
            valueStart++;
        }
        field(text, from, nameEnd, valueStart, to, bytes - (valueStart - from));
    }

    private void field(String text, int nameStart, int nameEnd, int valueStart, int valueEnd, long valueBytes) {
        int nameLength = nameEnd - nameStart;
        if (isName(text, nameStart, nameLength, "data")) {
            appendData(text, valueStart, valueEnd, valueBytes);
        } else if (isName(text, nameStart, nameLength, "event")) {
            eventType = valueStart == valueEnd ? null : text.substring(valueStart, valueEnd);
        } else if (isName(text, nameStart, nameLength, "id")) {
            int nul = text.indexOf('\0', valueStart);
            if (nul < 0 || nul >= valueEnd) {
                lastEventId = text.substring(valueStart, valueEnd);
            }
        } else if (isName(text, nameStart, nameLength, "retry")) {
            retry(text, valueStart, valueEnd);
        }
    }

    private static boolean isName(String text, int start, int length, String name) {
        return length == name.length() && text.startsWith(name, start);
    }

    private void appendData(String text, int from, int to, long bytes) {
        if (dataTooLong) {
            return;
        }
        if (dataBytes + bytes > maxLineLength) {
            dataTooLong = true;
            clearData();
            dataBytes = 0;
            return;
        }
        if (singleData == null && (data == null || data.length() == 0)) {
            singleData = text.substring(from, to); // the first line: most events have no other
        } else {
            if (data == null) {
                data = new StringBuilder(INITIAL_CAPACITY);
            }
            if (singleData != null) {
                data.append(singleData).append('\n');
                singleData = null;
            }
            data.append(text, from, to).append('\n');
        }
        dataBytes += bytes + 1;
    }

    private void retry(String text, int from, int to) {
        if (from == to) {
            return;
        }
        long millis = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            millis = millis > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : millis * 10 + digit;
        }
        listener.onRetry(millis);
    }

    private void dispatch() {
        if (dataTooLong) {
            overlongEvents++;
            resetEvent();
            return;
        }
        String text = singleData != null ? singleData
                : data != null && data.length() > 0 ? data.substring(0, data.length() - 1) : null;
        if (text == null) {
            resetEvent();
            return;
        }
        String type = eventType;
        resetEvent();
        events++;
        listener.onEvent(lastEventId, type, text);
    }

    private void resetEvent() {
        clearData();
        dataBytes = 0;
        dataTooLong = false;
        eventType = null;
    }

    /** Empties the line buffer; drops it when it grew large. */
    private void clearLine() {
        if (line != null) {
            line.setLength(0);
            if (line.capacity() > SseParser.RETAINED_CAPACITY) {
                line = null;
            }
        }
    }

    /** Forgets the event's data; drops its buffer when it grew large. */
    private void clearData() {
        singleData = null;
        if (data != null) {
            data.setLength(0);
            if (data.capacity() > SseParser.RETAINED_CAPACITY) {
                data = null;
            }
        }
    }

    /** The line buffer's capacity (0 while there is none), for tests. */
    int lineCapacity() {
        return line == null ? 0 : line.capacity();
    }

    /** The data buffer's capacity (0 while there is none), for tests. */
    int dataCapacity() {
        return data == null ? 0 : data.capacity();
    }
}

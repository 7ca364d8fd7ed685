package dev.mcpgate.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An incremental parser of {@code text/event-stream} bodies, following the "Interpreting an event
 * stream" rules of the WHATWG HTML standard, fed with the bytes of a response as the servlet
 * writes them.
 *
 * <p>It works on bytes: a line that arrives whole in one chunk is read straight from the caller's
 * array, and only a line split across chunks is copied into a buffer, which grows up to
 * {@code maxLineLength}; a buffer grown beyond {@value #RETAINED_CAPACITY} bytes for a large line or
 * event is released when that line or event is done, so that a long-lived stream keeps only small
 * buffers between its large events. The field names and the line structure are ASCII, so only values are ever
 * decoded, as UTF-8 with malformed sequences replaced by U+FFFD. A data value is decoded once per
 * event, when the event is dispatched.
 *
 * <p>Limits: a line longer than {@code maxLineLength} bytes is not stored beyond the limit and is
 * ignored whole when its end arrives ({@link #overlongLines()}); an event whose data would exceed
 * {@code maxLineLength} bytes is dropped whole ({@link #overlongEvents()}). Either way the
 * following events parse normally. No input makes the parser throw; an exception thrown by the
 * listener propagates out of {@code feed} unchanged, after the parser has reset the event it was
 * dispatching, and the rest of that chunk is not parsed.
 *
 * <p>Not thread-safe: feed it from one thread at a time.
 */
public final class SseParser {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte COLON = ':';
    private static final byte SPACE = ' ';
    private static final byte NUL = 0;
    private static final byte[] BYTE_ORDER_MARK = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] DATA = ascii("data");
    private static final byte[] EVENT = ascii("event");
    private static final byte[] ID = ascii("id");
    private static final byte[] RETRY = ascii("retry");

    /** {@link #byteOrderMarkSeen} once the start of the stream has been checked for a BOM. */
    private static final int START_CHECKED = -1;
    private static final int INITIAL_CAPACITY = 256;
    /** The most buffer capacity kept between two lines or events; a larger buffer is released. */
    static final int RETAINED_CAPACITY = 16 * 1024;

    private final int maxLineLength;
    private final SseListener listener;
    private final byte[] oneByte = new byte[1];

    /** The start of a line that is still missing its end. */
    private byte[] line;
    private int lineLength;
    private boolean lineTooLong;
    /** The last chunk ended with CR: an LF at the start of the next one ends no second line. */
    private boolean afterCarriageReturn;
    private int byteOrderMarkSeen;

    private byte[] data;
    private int dataLength;
    private boolean dataTooLong;
    private String eventType;
    private String lastEventId;

    private long overlongLines;
    private long overlongEvents;
    private long events;

    /**
     * @param maxLineLength the longest line kept, in bytes without its end; also the most data
     *                      one event may carry
     * @param listener      receives the events
     * @throws IllegalArgumentException when {@code maxLineLength} is less than 1
     */
    public SseParser(int maxLineLength, SseListener listener) {
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be at least 1: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.listener = Objects.requireNonNull(listener, "listener");
        this.line = new byte[Math.min(INITIAL_CAPACITY, maxLineLength)];
        this.data = new byte[Math.min(INITIAL_CAPACITY, maxLineLength + 1)];
    }

    /** Parses one byte, as {@link java.io.OutputStream#write(int)} hands it over. */
    public void feed(int b) {
        oneByte[0] = (byte) b;
        feed(oneByte, 0, 1);
    }

    /**
     * Parses the next chunk of the stream; dispatches each event whose closing blank line it holds.
     *
     * @throws IndexOutOfBoundsException when offset and length do not lie inside the array
     */
    public void feed(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        int i = offset;
        if (byteOrderMarkSeen != START_CHECKED) {
            i = skipByteOrderMark(bytes, i, end);
        }
        while (i < end) {
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (bytes[i] == LF) {
                    i++;
                    continue;
                }
            }
            int lineEnd = indexOfLineEnd(bytes, i, end);
            if (lineEnd < 0) {
                appendToLine(bytes, i, end);
                return;
            }
            afterCarriageReturn = bytes[lineEnd] == CR;
            endLine(bytes, i, lineEnd);
            i = lineEnd + 1;
        }
    }

    /**
     * Ends the stream. An event without its closing blank line is discarded, as the standard
     * says, and so is an unfinished line; an unfinished line already over the limit still counts
     * in {@link #overlongLines()}.
     */
    public void finish() {
        if (lineTooLong) {
            overlongLines++;
        }
        lineLength = 0;
        lineTooLong = false;
        afterCarriageReturn = false;
        if (line.length > RETAINED_CAPACITY) {
            line = new byte[INITIAL_CAPACITY];
        }
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
     * Skips a UTF-8 byte order mark at the very start of the stream, which may itself arrive split
     * across chunks. Bytes that began like one but were not are parsed as ordinary bytes.
     */
    private int skipByteOrderMark(byte[] bytes, int start, int end) {
        int i = start;
        while (byteOrderMarkSeen != START_CHECKED && i < end) {
            if (bytes[i] == BYTE_ORDER_MARK[byteOrderMarkSeen]) {
                i++;
                byteOrderMarkSeen = byteOrderMarkSeen == 2 ? START_CHECKED : byteOrderMarkSeen + 1;
            } else {
                int matched = byteOrderMarkSeen;
                byteOrderMarkSeen = START_CHECKED;
                appendToLine(BYTE_ORDER_MARK, 0, matched);
            }
        }
        return i;
    }

    private static int indexOfLineEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == LF || bytes[i] == CR) {
                return i;
            }
        }
        return -1;
    }

    private void appendToLine(byte[] bytes, int from, int to) {
        int count = to - from;
        if (lineTooLong || count == 0) {
            return;
        }
        if (lineLength + count > maxLineLength) {
            lineTooLong = true;
            lineLength = 0;
            return;
        }
        line = ensureCapacity(line, lineLength + count, maxLineLength);
        System.arraycopy(bytes, from, line, lineLength, count);
        lineLength += count;
    }

    /** Handles the line that ends at {@code bytes[to]}, of which {@code bytes[from, to)} is the tail. */
    private void endLine(byte[] bytes, int from, int to) {
        if (lineLength == 0 && !lineTooLong) {
            if (to - from > maxLineLength) {
                overlongLines++;
            } else {
                processLine(bytes, from, to);
            }
            return;
        }
        appendToLine(bytes, from, to);
        int length = lineLength;
        boolean tooLong = lineTooLong;
        lineLength = 0;
        lineTooLong = false;
        byte[] buffered = line;
        if (buffered.length > RETAINED_CAPACITY) {
            line = new byte[INITIAL_CAPACITY]; // released before the listener runs, which may throw
        }
        if (tooLong) {
            overlongLines++;
        } else {
            processLine(buffered, 0, length);
        }
    }

    private void processLine(byte[] bytes, int from, int to) {
        if (from == to) {
            dispatch();
            return;
        }
        if (bytes[from] == COLON) {
            return; // a comment, often a keep-alive
        }
        int colon = indexOf(bytes, from, to, COLON);
        int nameEnd = colon < 0 ? to : colon;
        int valueStart = colon < 0 ? to : colon + 1;
        if (valueStart < to && bytes[valueStart] == SPACE) {
            valueStart++;
        }
        field(bytes, from, nameEnd, valueStart, to);
    }

    /** Applies one field; names are compared byte for byte, and unknown names are ignored. */
    private void field(byte[] bytes, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        if (isName(bytes, nameStart, nameEnd, DATA)) {
            appendData(bytes, valueStart, valueEnd);
        } else if (isName(bytes, nameStart, nameEnd, EVENT)) {
            eventType = valueStart == valueEnd ? null : utf8(bytes, valueStart, valueEnd);
        } else if (isName(bytes, nameStart, nameEnd, ID)) {
            if (indexOf(bytes, valueStart, valueEnd, NUL) < 0) {
                lastEventId = utf8(bytes, valueStart, valueEnd);
            }
        } else if (isName(bytes, nameStart, nameEnd, RETRY)) {
            retry(bytes, valueStart, valueEnd);
        }
    }

    private void appendData(byte[] bytes, int from, int to) {
        if (dataTooLong) {
            return;
        }
        int count = to - from;
        if (dataLength + count > maxLineLength) {
            dataTooLong = true;
            dataLength = 0;
            return;
        }
        data = ensureCapacity(data, dataLength + count + 1, maxLineLength + 1);
        System.arraycopy(bytes, from, data, dataLength, count);
        dataLength += count;
        data[dataLength++] = LF;
    }

    /** A {@code retry} value counts only when it is all ASCII digits. */
    private void retry(byte[] bytes, int from, int to) {
        if (from == to) {
            return;
        }
        long millis = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            millis = millis > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : millis * 10 + digit;
        }
        listener.onRetry(millis);
    }

    /** The blank line: hands over the event, if it has data, and starts the next one. */
    private void dispatch() {
        if (dataTooLong) {
            overlongEvents++;
            resetEvent();
            return;
        }
        if (dataLength == 0) {
            resetEvent();
            return;
        }
        String text = utf8(data, 0, dataLength - 1);
        String type = eventType;
        resetEvent();
        events++;
        listener.onEvent(lastEventId, type, text);
    }

    /** Clears the data and event type; the last event id persists, as the standard says. */
    private void resetEvent() {
        dataLength = 0;
        dataTooLong = false;
        eventType = null;
        if (data.length > RETAINED_CAPACITY) {
            data = new byte[INITIAL_CAPACITY];
        }
    }

    /** The line buffer's capacity, for tests. */
    int lineCapacity() {
        return line.length;
    }

    /** The data buffer's capacity, for tests. */
    int dataCapacity() {
        return data.length;
    }

    private static boolean isName(byte[] bytes, int from, int to, byte[] name) {
        return Arrays.equals(bytes, from, to, name, 0, name.length);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] ensureCapacity(byte[] buffer, int needed, int limit) {
        if (needed <= buffer.length) {
            return buffer;
        }
        int grown = (int) Math.min(limit, Math.max(needed, 2L * buffer.length));
        return Arrays.copyOf(buffer, grown);
    }

    private static String utf8(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

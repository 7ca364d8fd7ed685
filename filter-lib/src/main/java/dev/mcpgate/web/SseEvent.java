package dev.mcpgate.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;

/**
 * The lines of one complete SSE event as raw bytes (positions into a buffer that holds it), so that
 * {@link AnswerHold} can read its data and send it back with only the data replaced. Lines end with
 * CRLF, LF or CR, as the SSE format allows; the last line is the empty one that ends the event.
 */
final class SseEvent {

    private static final byte[] DATA = {'d', 'a', 't', 'a'};

    /** Per line: where it starts, where its content ends, where the next line starts. */
    private final int[] starts;
    private final int[] contentEnds;
    private final int[] nexts;
    private final int lines;

    private SseEvent(int[] starts, int[] contentEnds, int[] nexts, int lines) {
        this.starts = starts;
        this.contentEnds = contentEnds;
        this.nexts = nexts;
        this.lines = lines;
    }

    /** The event held in {@code bytes[0, end)}; {@code end} is just after its blank line. */
    static SseEvent of(byte[] bytes, int end) {
        int capacity = 8;
        int[] starts = new int[capacity];
        int[] contentEnds = new int[capacity];
        int[] nexts = new int[capacity];
        int lines = 0;
        int start = 0;
        for (int i = 0; i < end; i++) {
            byte b = bytes[i];
            if (b != '\r' && b != '\n') {
                continue;
            }
            int next = b == '\r' && i + 1 < end && bytes[i + 1] == '\n' ? i + 2 : i + 1;
            if (lines == capacity) {
                capacity *= 2;
                starts = java.util.Arrays.copyOf(starts, capacity);
                contentEnds = java.util.Arrays.copyOf(contentEnds, capacity);
                nexts = java.util.Arrays.copyOf(nexts, capacity);
            }
            starts[lines] = start;
            contentEnds[lines] = i;
            nexts[lines] = next;
            lines++;
            start = next;
            i = next - 1;
        }
        return new SseEvent(starts, contentEnds, nexts, lines);
    }

    /** The event's data (its data lines joined by LF), or {@code null} when it has none. */
    String data(byte[] bytes, Charset charset) {
        StringBuilder data = null;
        for (int line = 0; line < lines; line++) {
            int value = dataValue(bytes, line);
            if (value < 0) {
                continue;
            }
            String part = new String(bytes, value, contentEnds[line] - value, charset);
            if (data == null) {
                data = new StringBuilder(part);
            } else {
                data.append('\n').append(part);
            }
        }
        return data == null ? null : data.toString();
    }

    /** The event with its data lines replaced by one {@code data: <json>} line where the first was. */
    byte[] withData(byte[] bytes, String json, Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(nexts[lines - 1] + json.length());
        boolean written = false;
        for (int line = 0; line < lines; line++) {
            if (dataValue(bytes, line) < 0) {
                out.write(bytes, starts[line], nexts[line] - starts[line]);
            } else if (!written) {
                out.writeBytes(("data: " + json).getBytes(charset));
                out.write(bytes, contentEnds[line], nexts[line] - contentEnds[line]); // its own line end
                written = true;
            }
        }
        return out.toByteArray();
    }

    /** Where the value of a {@code data} line starts (after the colon and one space), or -1 for another line. */
    private int dataValue(byte[] bytes, int line) {
        int start = starts[line];
        int length = contentEnds[line] - start;
        if (length < DATA.length) {
            return -1;
        }
        for (int i = 0; i < DATA.length; i++) {
            if (bytes[start + i] != DATA[i]) {
                return -1;
            }
        }
        if (length == DATA.length) {
            return contentEnds[line]; // "data" alone: an empty value
        }
        if (bytes[start + DATA.length] != ':') {
            return -1;
        }
        int value = start + DATA.length + 1;
        return value < contentEnds[line] && bytes[value] == ' ' ? value + 1 : value;
    }
}

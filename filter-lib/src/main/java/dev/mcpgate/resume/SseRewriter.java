package dev.mcpgate.resume;

import java.util.Arrays;

/**
 * Reads the {@code text/event-stream} a server writes and hands on each whole event without the
 * fields McpGate sets itself, so that it can be given McpGate's id: {@code id:} and {@code retry:}
 * lines are dropped, comments (keep-alives) are dropped, and an event without data (a server's own
 * priming event) is dropped, as a browser's EventSource would not dispatch it either. The other lines
 * ({@code event:}, {@code data:}, unknown fields) are kept byte for byte, each ended with LF.
 *
 * <p>Memory: an event is held until its blank line, up to {@code maxEventBytes}; a larger event ends
 * the rewriting: what is held goes out as it is, and the rest of the stream passes through
 * unchanged ({@link Output#raw}) — such a stream is no longer resumable, and the caller is told once
 * ({@link Output#passThrough}). Not thread-safe: the caller feeds it from one thread at a time.
 */
public final class SseRewriter {

    /** Where the events go. */
    public interface Output {
        /** A whole event's fields, each line ended with LF, without the blank line and without an id. */
        void event(byte[] fields);

        /** From now on the stream passes through unchanged: bytes follow through {@link #raw}. */
        void passThrough();

        /** Bytes passed through unchanged. */
        void raw(byte[] bytes, int offset, int length);
    }

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final int maxEventBytes;
    private final Output output;
    private byte[] line = new byte[128];
    private int lineLength;
    private boolean afterCarriageReturn;
    private byte[] fields = new byte[256];
    private int fieldsLength;
    private int dataLines;
    private boolean dataValue;
    private boolean passingThrough;

    public SseRewriter(int maxEventBytes, Output output) {
        this.maxEventBytes = maxEventBytes;
        this.output = output;
    }

    /** Whether the stream passes through unchanged now (an event over the bound was met). */
    public boolean passingThrough() {
        return passingThrough;
    }

    /** Reads the next bytes of the stream. */
    public void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (passingThrough) {
                output.raw(bytes, i, end - i);
                return;
            }
            byte b = bytes[i];
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (b == LF) {
                    i++;
                    continue;
                }
            }
            if (b == LF || b == CR) {
                afterCarriageReturn = b == CR;
                endLine();
                i++;
                continue;
            }
            int lineEnd = i;
            while (lineEnd < end && bytes[lineEnd] != LF && bytes[lineEnd] != CR) {
                lineEnd++;
            }
            appendToLine(bytes, i, lineEnd - i);
            i = lineEnd;
        }
    }

    private void appendToLine(byte[] bytes, int offset, int length) {
        if (fieldsLength + lineLength + length + 1 > maxEventBytes) {
            startPassingThrough(bytes, offset, length);
            return;
        }
        if (lineLength + length > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + length));
        }
        System.arraycopy(bytes, offset, line, lineLength, length);
        lineLength += length;
    }

    private void startPassingThrough(byte[] bytes, int offset, int length) {
        passingThrough = true;
        output.passThrough();
        output.raw(fields, 0, fieldsLength);
        output.raw(line, 0, lineLength);
        output.raw(bytes, offset, length);
        fields = null;
        line = null;
    }

    private void endLine() {
        if (lineLength == 0) {
            endEvent();
            return;
        }
        if (line[0] != ':' && !isField("id") && !isField("retry")) {
            keepLine();
        }
        lineLength = 0;
    }

    private void keepLine() {
        if (isField("data")) {
            dataLines++;
            dataValue |= lineLength > valueStart();
        }
        int needed = fieldsLength + lineLength + 1;
        if (needed > fields.length) {
            fields = Arrays.copyOf(fields, Math.max(fields.length * 2, needed));
        }
        System.arraycopy(line, 0, fields, fieldsLength, lineLength);
        fieldsLength += lineLength;
        fields[fieldsLength++] = LF;
    }

    /** Where the field's value starts: after the colon and one optional space. */
    private int valueStart() {
        int colon = 0;
        while (colon < lineLength && line[colon] != ':') {
            colon++;
        }
        int start = colon + 1;
        return start < lineLength && line[start] == ' ' ? start + 1 : start;
    }

    /** Whether the line holding a field is that field: the name, then a colon or the line's end. */
    private boolean isField(String name) {
        int n = name.length();
        if (lineLength < n || (lineLength > n && line[n] != ':')) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (line[i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void endEvent() {
        if (dataValue || dataLines > 1) {
            output.event(Arrays.copyOf(fields, fieldsLength));
        }
        fieldsLength = 0;
        dataLines = 0;
        dataValue = false;
        if (fields.length > 64 * 1024) {
            fields = new byte[256]; // a large event's buffer is not kept for the small ones after it
        }
        if (line.length > 64 * 1024) {
            line = new byte[128];
        }
    }
}

package dev.mcpgate.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's {@code COPY ... FROM STDIN} text format, encoded straight into one reusable
 * UTF-8 byte buffer: columns separated by a tab, rows ended by a newline, {@code \N} for NULL, and
 * in values a backslash, tab, newline and carriage return written as {@code \\}, {@code \t},
 * {@code \n}, {@code \r} (every other character as it is). Text must already be
 * {@linkplain StoredText#clean cleaned} (no NUL, no lone surrogate). Timestamps are written as the
 * UTC wall-clock time, rounded to the microsecond as the JDBC driver rounds a bound
 * {@code Timestamp}, so that a row copied reads back exactly as the same row inserted. Not
 * thread-safe: one per writer.
 */
final class CopyText {

    private static final byte[] NULL = {'\\', 'N'};
    private static final int NANOS_PER_MICRO = 1000;

    private byte[] buffer = new byte[64 * 1024];
    private int length;
    private boolean rowStarted;

    /** Empties the buffer (its capacity is kept). */
    void reset() {
        length = 0;
        rowStarted = false;
    }

    byte[] bytes() {
        return buffer;
    }

    int length() {
        return length;
    }

    /** Ends the current row. */
    void endRow() {
        put((byte) '\n');
        rowStarted = false;
    }

    void text(String value) {
        separator();
        if (value == null) {
            put(NULL);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                ascii(c);
            } else if (c < 0x800) {
                ensure(2);
                buffer[length++] = (byte) (0xC0 | (c >> 6));
                buffer[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, value.charAt(++i));
                ensure(4);
                buffer[length++] = (byte) (0xF0 | (cp >> 18));
                buffer[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buffer[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                char kept = Character.isSurrogate(c) ? StoredText.REPLACEMENT : c; // cleaned text has none
                ensure(3);
                buffer[length++] = (byte) (0xE0 | (kept >> 12));
                buffer[length++] = (byte) (0x80 | ((kept >> 6) & 0x3F));
                buffer[length++] = (byte) (0x80 | (kept & 0x3F));
            }
        }
    }

    void number(long value) {
        separator();
        if (value == Long.MIN_VALUE) {
            asciiDigits(Long.toString(value));
            return;
        }
        if (value < 0) {
            put((byte) '-');
            value = -value;
        }
        ensure(20);
        int start = length;
        do {
            buffer[length++] = (byte) ('0' + (value % 10));
            value /= 10;
        } while (value != 0);
        reverse(start, length - 1);
    }

    void number(Integer value) {
        if (value == null) {
            separator();
            put(NULL);
        } else {
            number(value.longValue());
        }
    }

    void bool(boolean value) {
        separator();
        put((byte) (value ? 't' : 'f'));
    }

    /** {@code yyyy-MM-dd HH:mm:ss.ffffff}, UTC wall clock, microseconds rounded half up; NULL for null. */
    void timestamp(Instant instant) {
        if (instant == null) {
            separator();
            put(NULL);
            return;
        }
        long seconds = instant.getEpochSecond();
        long micros = (instant.getNano() + NANOS_PER_MICRO / 2) / NANOS_PER_MICRO;
        if (micros == 1_000_000) {
            seconds++;
            micros = 0;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        separator();
        ensure(32);
        digits(t.getYear(), 4);
        put((byte) '-');
        digits(t.getMonthValue(), 2);
        put((byte) '-');
        digits(t.getDayOfMonth(), 2);
        put((byte) ' ');
        digits(t.getHour(), 2);
        put((byte) ':');
        digits(t.getMinute(), 2);
        put((byte) ':');
        digits(t.getSecond(), 2);
        put((byte) '.');
        digits((int) micros, 6);
    }

    private void ascii(char c) {
        switch (c) {
            case '\\' -> put2('\\', '\\');
            case '\t' -> put2('\\', 't');
            case '\n' -> put2('\\', 'n');
            case '\r' -> put2('\\', 'r');
            default -> put((byte) c);
        }
    }

    private void asciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            put((byte) s.charAt(i));
        }
    }

    private void digits(int value, int width) {
        ensure(width);
        for (int i = width - 1; i >= 0; i--) {
            buffer[length + i] = (byte) ('0' + (value % 10));
            value /= 10;
        }
        length += width;
    }

    private void reverse(int from, int to) {
        while (from < to) {
            byte b = buffer[from];
            buffer[from++] = buffer[to];
            buffer[to--] = b;
        }
    }

    private void separator() {
        if (rowStarted) {
            put((byte) '\t');
        }
        rowStarted = true;
    }

    private void put2(char a, char b) {
        ensure(2);
        buffer[length++] = (byte) a;
        buffer[length++] = (byte) b;
    }

    private void put(byte b) {
        ensure(1);
        buffer[length++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}

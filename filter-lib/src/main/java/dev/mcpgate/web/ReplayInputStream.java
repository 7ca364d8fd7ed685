package dev.mcpgate.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The request body as the servlet sees it behind the filter: first the bytes the filter read ahead
 * to classify the exchange, then, when the body was longer than that, the rest of the original
 * stream, untouched. Nothing is lost and nothing is read twice.
 */
final class ReplayInputStream extends ServletInputStream {

    private final byte[] prefix;
    private final int prefixLength;
    private final ServletInputStream rest;
    private int position;
    private long restBytes;

    /**
     * @param rest the original stream to continue with after the prefix, or {@code null} when the
     *             prefix is the whole body
     */
    ReplayInputStream(byte[] prefix, int prefixLength, ServletInputStream rest) {
        this.prefix = prefix;
        this.prefixLength = prefixLength;
        this.rest = rest;
    }

    @Override
    public int read() throws IOException {
        if (position < prefixLength) {
            return prefix[position++] & 0xFF;
        }
        if (rest == null) {
            return -1;
        }
        int b = rest.read();
        if (b >= 0) {
            restBytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int remaining = prefixLength - position;
        if (remaining > 0) {
            int count = Math.min(remaining, length);
            System.arraycopy(prefix, position, buffer, offset, count);
            position += count;
            return count;
        }
        if (rest == null) {
            return -1;
        }
        int count = rest.read(buffer, offset, length);
        if (count > 0) {
            restBytes += count;
        }
        return count;
    }

    @Override
    public int available() throws IOException {
        int remaining = prefixLength - position;
        return remaining > 0 || rest == null ? remaining : rest.available();
    }

    @Override
    public boolean isFinished() {
        return position >= prefixLength && (rest == null || rest.isFinished());
    }

    @Override
    public boolean isReady() {
        return position < prefixLength || rest == null || rest.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
        if (rest != null) {
            rest.setReadListener(listener);
            return;
        }
        try {
            listener.onDataAvailable();
            listener.onAllDataRead();
        } catch (IOException e) {
            listener.onError(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (rest != null) {
            rest.close();
        }
    }

    /** Bytes the servlet read beyond the prefix. */
    long restBytesRead() {
        return restBytes;
    }
}

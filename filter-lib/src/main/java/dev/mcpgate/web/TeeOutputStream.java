package dev.mcpgate.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The response stream behind the filter: every byte goes to the client first, at once, and is then
 * shown to the {@link ResponseTap}. Flushes pass straight through, so an SSE event reaches the
 * client when the servlet flushes it. Nothing is held back.
 */
final class TeeOutputStream extends ServletOutputStream {

    private final ServletOutputStream client;
    private final ResponseTap tap;

    TeeOutputStream(ServletOutputStream client, ResponseTap tap) {
        this.client = client;
        this.tap = tap;
    }

    @Override
    public void write(int b) throws IOException {
        tap.beforeForwarding();
        client.write(b);
        tap.bytes(b);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        tap.beforeForwarding();
        client.write(buffer, offset, length);
        tap.bytes(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
        tap.beforeForwarding();
        client.flush();
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    @Override
    public boolean isReady() {
        return client.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        client.setWriteListener(listener);
    }
}

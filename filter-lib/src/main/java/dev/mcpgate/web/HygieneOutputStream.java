package dev.mcpgate.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The response stream a servlet gets when error hygiene is on: in front of the tee, it asks
 * {@link ErrorHygiene} about each write only until the hygiene says the body passes — for a
 * successful answer, from the first write on, after one status comparison.
 */
final class HygieneOutputStream extends ServletOutputStream {

    private final ServletOutputStream client;
    private final ErrorHygiene hygiene;

    HygieneOutputStream(ServletOutputStream client, ErrorHygiene hygiene) {
        this.client = client;
        this.hygiene = hygiene;
    }

    @Override
    public void write(int b) throws IOException {
        if (hygiene.passing || hygiene.bytes(new byte[] {(byte) b}, 0, 1)) {
            client.write(b);
        }
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        if (hygiene.passing || hygiene.bytes(buffer, offset, length)) {
            client.write(buffer, offset, length);
        }
    }

    @Override
    public void flush() throws IOException {
        if (hygiene.passing || hygiene.flush()) {
            client.flush();
        }
    }

    @Override
    public void close() throws IOException {
        hygiene.end();
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

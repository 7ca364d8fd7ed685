package dev.mcpgate.web;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * The response writer behind the filter. Characters go to the container's own writer at once (so
 * its buffering, flushing and completion work as if the filter were not there) and, encoded in the
 * response's charset, to the {@link ResponseTap}. {@link #checkError()} reflects the container
 * writer's error state too, which is how servlets such as the MCP Java SDK notice a gone client.
 */
final class TeePrintWriter extends PrintWriter {

    private final PrintWriter client;

    TeePrintWriter(PrintWriter client, ResponseTap tap, Charset charset) {
        super(new TeeWriter(client, tap, charset), false);
        this.client = client;
    }

    @Override
    public boolean checkError() {
        return super.checkError() || client.checkError();
    }

    /** Forwards characters, then shows their bytes to the tap. */
    private static final class TeeWriter extends Writer {
        private final PrintWriter client;
        private final ResponseTap tap;
        private final Charset charset;
        /** A high surrogate whose low half has not been written yet: encoded with the next write. */
        private char pendingHighSurrogate;

        TeeWriter(PrintWriter client, ResponseTap tap, Charset charset) {
            this.client = client;
            this.tap = tap;
            this.charset = charset;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            tap.beforeForwarding();
            client.write(chars, offset, length);
            show(new String(chars, offset, length));
        }

        @Override
        public void write(String text, int offset, int length) {
            tap.beforeForwarding();
            client.write(text, offset, length);
            show(text.substring(offset, offset + length));
        }

        @Override
        public void write(int c) {
            tap.beforeForwarding();
            client.write(c);
            show(String.valueOf((char) c));
        }

        @Override
        public void flush() {
            tap.beforeForwarding();
            client.flush();
        }

        @Override
        public void close() {
            client.close();
        }

        private void show(String text) {
            if (text.isEmpty()) {
                return;
            }
            if (pendingHighSurrogate != 0) {
                text = pendingHighSurrogate + text;
                pendingHighSurrogate = 0;
            }
            char last = text.charAt(text.length() - 1);
            if (Character.isHighSurrogate(last)) {
                pendingHighSurrogate = last;
                text = text.substring(0, text.length() - 1);
            }
            tap.bytes(text.getBytes(charset));
        }
    }
}

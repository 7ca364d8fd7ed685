package dev.mcpgate.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * The response writer behind the filter. Characters go to the container's own writer at once (so
 * its buffering, flushing and completion work as if the filter were not there) and to the
 * {@link ResponseTap}: as they are for an event stream (its parser reads text, and nothing is
 * encoded only to be decoded again), encoded in the response's charset otherwise. {@link #checkError()} reflects the container
 * writer's error state too, which is how servlets such as the MCP Java SDK notice a gone client.
 * With error hygiene on, {@link ErrorHygiene} is asked about each write until it says the body
 * passes (for a successful answer, at the first write, after one status comparison).
 */
final class TeePrintWriter extends PrintWriter {

    private final PrintWriter client;
    private final TeeWriter tee;

    TeePrintWriter(PrintWriter client, ResponseTap tap, Charset charset) {
        this(client, tap, charset, null);
    }

    /** @param hygiene the response's error hygiene, or {@code null} when it is off */
    TeePrintWriter(PrintWriter client, ResponseTap tap, Charset charset, ErrorHygiene hygiene) {
        this(client, tap, charset, hygiene, null);
    }

    /** @param resume the answer's resume candidate, or {@code null} when it cannot become a resumable stream */
    TeePrintWriter(PrintWriter client, ResponseTap tap, Charset charset, ErrorHygiene hygiene, ResumeCandidate resume) {
        this(client, new TeeWriter(client, tap, charset, hygiene, resume));
    }

    private TeePrintWriter(PrintWriter client, TeeWriter tee) {
        super(tee, false);
        this.client = client;
        this.tee = tee;
    }

    /**
     * The writer's error state. Once the answer is a resumable stream, the client's connection is
     * not the servlet's concern: a gone client is no error (the stream is kept for its resume) until
     * it stays away too long.
     */
    @Override
    public boolean checkError() {
        if (tee.resume != null && tee.resume.isResuming()) {
            return super.checkError() || tee.resume.abandoned();
        }
        return super.checkError() || client.checkError();
    }

    /** The container's writer, as a resumable stream writes to it. */
    ClientOutput clientOutput() {
        return tee;
    }

    /**
     * Sends text to the client and the tap without asking the hygiene: what it held, released. Called
     * by the hygiene (outside its lock) and not under this writer's lock, so that a servlet thread
     * writing (which holds this writer's lock and waits for the hygiene's writes) and a thread
     * completing the exchange cannot deadlock; the servlet thread's write waits before it touches
     * the client.
     */
    void forward(String text) {
        tee.forward(text, 0, text.length());
    }

    /** Flushes to the client without asking the hygiene: its own answer. */
    void forwardFlush() {
        tee.forwardFlush();
    }

    /** Forwards characters, then shows their bytes to the tap. */
    private static final class TeeWriter extends Writer implements ClientOutput {
        private final PrintWriter client;
        private final ResponseTap tap;
        private final Charset charset;
        private final ErrorHygiene hygiene;
        private final ResumeCandidate resume;
        /** A high surrogate whose low half has not been written yet: encoded with the next write. */
        private char pendingHighSurrogate;

        TeeWriter(PrintWriter client, ResponseTap tap, Charset charset, ErrorHygiene hygiene, ResumeCandidate resume) {
            this.client = client;
            this.tap = tap;
            this.charset = charset;
            this.hygiene = hygiene;
            this.resume = resume;
        }

        /** Hands text to the resumable stream, as bytes in the response's charset. */
        private void resume(String text) {
            byte[] bytes = encode(text);
            if (bytes != null) {
                resume.feed(bytes, 0, bytes.length);
            }
        }

        @Override
        public void writeToClient(byte[] bytes) throws IOException {
            client.write(new String(bytes, charset));
            if (client.checkError()) { // PrintWriter.checkError() flushes first: one flush, not two
                throw new IOException("the client went away");
            }
        }

        @Override
        public void writeToClientUnflushed(byte[] bytes) {
            client.write(new String(bytes, charset)); // no checkError(): Tomcat's flushes; the next write tells
        }

        @Override
        public void closeClient() {
            client.close();
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            if (resume != null && resume.takes(this)) {
                resume(new String(chars, offset, length));
                return;
            }
            if (hygiene != null && !hygiene.passing && !hygiene.chars(new String(chars, offset, length))) {
                return;
            }
            tap.beforeForwarding();
            client.write(chars, offset, length);
            show(new String(chars, offset, length));
        }

        @Override
        public void write(String text, int offset, int length) throws IOException {
            if (resume != null && resume.takes(this)) {
                resume(text.substring(offset, offset + length));
                return;
            }
            if (hygiene != null && !hygiene.passing && !hygiene.chars(text.substring(offset, offset + length))) {
                return;
            }
            forward(text, offset, length);
        }

        void forward(String text, int offset, int length) {
            tap.beforeForwarding();
            client.write(text, offset, length);
            show(text.substring(offset, offset + length));
        }

        @Override
        public void write(int c) throws IOException {
            if (resume != null && resume.takes(this)) {
                resume(String.valueOf((char) c));
                return;
            }
            if (hygiene != null && !hygiene.passing && !hygiene.chars(String.valueOf((char) c))) {
                return;
            }
            tap.beforeForwarding();
            client.write(c);
            show(String.valueOf((char) c));
        }

        @Override
        public void flush() throws IOException {
            if (resume != null && resume.takes(this)) {
                return; // a resumed stream flushes each event itself
            }
            if (hygiene != null && !hygiene.passing && !hygiene.flush()) {
                return; // an error body held or replaced: this flush must not commit it
            }
            forwardFlush();
        }

        void forwardFlush() {
            tap.beforeForwarding();
            client.flush();
        }

        @Override
        public void close() throws IOException {
            if (resume != null && resume.isResuming()) {
                return; // the servlet's end is its complete(); the client's connection may be gone or closed early
            }
            try {
                if (hygiene != null) {
                    hygiene.end();
                }
            } finally {
                client.close();
            }
        }

        /** Shows the tap the text: as text to an event stream's parser, else as its bytes. */
        private void show(String text) {
            if (pendingHighSurrogate == 0 && tap.text(text, charset)) {
                return;
            }
            byte[] bytes = encode(text);
            if (bytes != null) {
                tap.bytes(bytes);
            }
        }

        /** The text's bytes; a high surrogate at its end waits for its low half. {@code null} when none. */
        private byte[] encode(String text) {
            if (text.isEmpty()) {
                return null;
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
            return text.isEmpty() ? null : text.getBytes(charset);
        }
    }
}

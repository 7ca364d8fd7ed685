package dev.mcpgate.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The response stream behind the filter: every byte goes to the client first, at once, and is then
 * shown to the {@link ResponseTap}. Flushes pass straight through, so an SSE event reaches the
 * client when the servlet flushes it. Nothing is held back — except, with error hygiene on, what
 * {@link ErrorHygiene} holds of an error answer: it is asked about each write until it says the
 * body passes (for a successful answer, at the first write, after one status comparison).
 */
final class TeeOutputStream extends ServletOutputStream implements ClientOutput {

    private final ServletOutputStream client;
    private final ResponseTap tap;
    private final ErrorHygiene hygiene;
    /** Set when the answer may become a resumable stream; then, once it is one, the bytes go there. */
    private final ResumeCandidate resume;

    /** @param hygiene the response's error hygiene, or {@code null} when it is off */
    TeeOutputStream(ServletOutputStream client, ResponseTap tap, ErrorHygiene hygiene) {
        this(client, tap, hygiene, null);
    }

    /** @param resume the answer's resume candidate, or {@code null} when it cannot become a resumable stream */
    TeeOutputStream(ServletOutputStream client, ResponseTap tap, ErrorHygiene hygiene, ResumeCandidate resume) {
        this.client = client;
        this.tap = tap;
        this.hygiene = hygiene;
        this.resume = resume;
    }

    @Override
    public void writeToClient(byte[] bytes) throws IOException {
        client.write(bytes);
        client.flush();
    }

    @Override
    public void writeToClientUnflushed(byte[] bytes) throws IOException {
        client.write(bytes);
    }

    @Override
    public void closeClient() throws IOException {
        client.close();
    }

    @Override
    public void write(int b) throws IOException {
        if (resume != null && resume.takes(this)) {
            resume.feed(new byte[] {(byte) b}, 0, 1);
            return;
        }
        if (hygiene != null && !hygiene.passing && !hygiene.bytes(new byte[] {(byte) b}, 0, 1)) {
            return;
        }
        tap.beforeForwarding();
        client.write(b);
        tap.bytes(b);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        if (resume != null && resume.takes(this)) {
            resume.feed(buffer, offset, length);
            return;
        }
        if (hygiene != null && !hygiene.passing && !hygiene.bytes(buffer, offset, length)) {
            return;
        }
        forward(buffer, offset, length);
    }

    /** Sends bytes to the client and the tap without asking the hygiene: what it held, released. */
    void forward(byte[] buffer, int offset, int length) throws IOException {
        tap.beforeForwarding();
        client.write(buffer, offset, length);
        tap.bytes(buffer, offset, length);
    }

    @Override
    public void flush() throws IOException {
        if (resume != null && resume.takes(this)) {
            return; // a resumed stream flushes each event itself
        }
        if (hygiene != null && !hygiene.passing && !hygiene.flush()) {
            return; // an error body held or replaced: this flush must not commit it
        }
        tap.beforeForwarding();
        client.flush();
    }

    /** Flushes to the client without asking the hygiene: its own answer. */
    void forwardFlush() throws IOException {
        tap.beforeForwarding();
        client.flush();
    }

    @Override
    public void close() throws IOException {
        if (resume != null && resume.isResuming()) {
            return; // the servlet's end is its complete(); the client's connection may be gone or closed early
        }
        if (hygiene != null) {
            hygiene.end();
        }
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

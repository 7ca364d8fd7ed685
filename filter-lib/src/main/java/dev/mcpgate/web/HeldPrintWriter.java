package dev.mcpgate.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;

/**
 * The container's writer behind an {@link AnswerHold}: characters are encoded in the response's
 * charset and go through the hold; what it releases (whole characters: it cuts only where a write
 * ended or at a line end) is decoded and goes to the container's writer. {@link #checkError()} asks
 * the container's writer only while nothing is held (asking flushes it, which would commit the
 * response before a held body is rewritten).
 */
final class HeldPrintWriter extends PrintWriter {

    private final PrintWriter container;
    private final AnswerHold hold;

    HeldPrintWriter(PrintWriter container, AnswerHold hold, Charset charset) {
        super(new Encoder(container, hold, charset), false);
        this.container = container;
        this.hold = hold;
    }

    @Override
    public boolean checkError() {
        return super.checkError() || (!hold.holding() && container.checkError());
    }

    /** Encodes what the servlet writes for the hold; decodes what the hold releases for the container. */
    private static final class Encoder extends Writer implements AnswerHold.Client {
        private final PrintWriter container;
        private final AnswerHold hold;
        private final Charset charset;
        /** A high surrogate whose low half has not been written yet: encoded with the next write. */
        private char pendingHighSurrogate;

        Encoder(PrintWriter container, AnswerHold hold, Charset charset) {
            this.container = container;
            this.hold = hold;
            this.charset = charset;
            hold.attach(this);
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            String text = new String(chars, offset, length);
            if (pendingHighSurrogate != 0) {
                text = pendingHighSurrogate + text;
                pendingHighSurrogate = 0;
            }
            if (!text.isEmpty() && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
                pendingHighSurrogate = text.charAt(text.length() - 1);
                text = text.substring(0, text.length() - 1);
            }
            if (!text.isEmpty()) {
                byte[] bytes = text.getBytes(charset);
                hold.write(bytes, 0, bytes.length);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            container.write(new String(bytes, offset, length, charset));
        }

        @Override
        public void flush() throws IOException {
            if (hold.flush()) {
                container.flush();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                hold.end();
            } finally {
                container.close();
            }
        }
    }
}

package dev.mcpgate.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The container's stream behind an {@link AnswerHold}: what the filter's tee forwards goes through
 * the hold, and what the hold releases goes to the container. A flush while a JSON body is held
 * does not reach the container (it would commit the response before the body is rewritten).
 */
final class HeldOutputStream extends ServletOutputStream {

    private final ServletOutputStream container;
    private final AnswerHold hold;

    HeldOutputStream(ServletOutputStream container, AnswerHold hold) {
        this.container = container;
        this.hold = hold;
        hold.attach(container::write);
    }

    @Override
    public void write(int b) throws IOException {
        hold.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        hold.write(buffer, offset, length);
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

    @Override
    public boolean isReady() {
        return container.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        container.setWriteListener(listener);
    }
}

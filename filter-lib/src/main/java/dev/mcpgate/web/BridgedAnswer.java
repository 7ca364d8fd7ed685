package dev.mcpgate.web;

import dev.mcpgate.bridge.ClientAnswer;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A translator's answer to the client, written through the exchange's observed response (so that the tap sees
 * what the client gets, as for a servlet's answer). A JSON or empty answer ends the exchange when written; an
 * event stream ends when its sink is closed (or when the translation returns).
 */
final class BridgedAnswer implements ClientAnswer {

    private final Exchange x;
    private final Runnable finish;
    private volatile boolean started;

    BridgedAnswer(Exchange exchange, Runnable finish) {
        this.x = exchange;
        this.finish = finish;
    }

    boolean started() {
        return started;
    }

    @Override
    public void json(int status, JsonObject message, Map<String, String> headers) throws IOException {
        HttpServletResponse response = begin(status, headers);
        byte[] body = message.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType(ErrorAnswers.JSON);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        try {
            OutputStream out = response.getOutputStream();
            out.write(body);
            out.flush();
        } finally {
            finish.run();
        }
    }

    @Override
    public void empty(int status, Map<String, String> headers) throws IOException {
        HttpServletResponse response = begin(status, headers);
        response.setContentLength(0);
        try {
            response.flushBuffer();
        } finally {
            finish.run();
        }
    }

    @Override
    public SseSink sse(int status, Map<String, String> headers) throws IOException {
        HttpServletResponse response = begin(status, headers);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        OutputStream out = response.getOutputStream();
        response.flushBuffer(); // the client has the head at once, as from an SDK servlet
        return new Sink(out);
    }

    private HttpServletResponse begin(int status, Map<String, String> headers) {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("the exchange was answered already");
            }
            started = true;
        }
        HttpServletResponse response = x.response();
        response.setStatus(status);
        headers.forEach(response::setHeader);
        return response;
    }

    /** The event stream under way. */
    private final class Sink implements SseSink {
        private final OutputStream out;
        private volatile boolean failed;
        private volatile boolean closed;

        Sink(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void message(String id, JsonObject message) throws IOException {
            StringBuilder frame = new StringBuilder(64 + 256);
            if (id != null) {
                frame.append("id: ").append(id).append('\n');
            }
            frame.append("event: message\ndata: ").append(message).append("\n\n");
            write(frame.toString());
        }

        @Override
        public synchronized void keepAlive() throws IOException {
            write(":\n\n");
        }

        private void write(String text) throws IOException {
            if (closed) {
                throw new IOException("the stream to the client is closed");
            }
            try {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e instanceof IOException io ? io : new IOException("the client is gone", e);
            }
        }

        @Override
        public boolean open() {
            return !failed && !closed && !x.clientGone();
        }

        @Override
        public void close() {
            closed = true;
            finish.run();
        }
    }
}

package dev.mcpgate.bridge;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A 2026-07-28 server as a script: each call is recorded and answered by the test's function (JSON, SSE, a
 * stream the test feeds while the translator reads it).
 */
final class ScriptedModernServer implements BridgeUpstream {

    private final List<UpstreamCall> calls = new ArrayList<>();
    private volatile Function<UpstreamCall, UpstreamAnswer> responder;

    ScriptedModernServer(Function<UpstreamCall, UpstreamAnswer> responder) {
        this.responder = responder;
    }

    void respond(Function<UpstreamCall, UpstreamAnswer> next) {
        this.responder = next;
    }

    @Override
    public UpstreamAnswer send(UpstreamCall call) throws IOException {
        synchronized (calls) {
            calls.add(call);
        }
        UpstreamAnswer answer = responder.apply(call);
        if (answer == null) {
            throw new IOException("connection refused (scripted)");
        }
        return answer;
    }

    List<UpstreamCall> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The bodies of the calls of one method, parsed. */
    List<JsonObject> bodies(String method) {
        return calls().stream().filter(c -> method.equals(c.headers().get("Mcp-Method"))).map(c -> parse(c.body()))
                .toList();
    }

    @Override
    public void close() {
    }

    static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    static String method(UpstreamCall call) {
        return call.headers().get("Mcp-Method");
    }

    static JsonObject body(UpstreamCall call) {
        return parse(call.body());
    }

    /** A JSON answer. */
    static UpstreamAnswer json(int status, String body) {
        return new Answer(status, "application/json", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A finished SSE answer with these messages, one event each. */
    static UpstreamAnswer sse(String... messages) {
        StringBuilder text = new StringBuilder("id: p\ndata: \n\n"); // a priming event, as modern servers send
        for (String m : messages) {
            text.append("event: message\ndata: ").append(m).append("\n\n");
        }
        return new Answer(200, "text/event-stream", new ByteArrayInputStream(
                text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** An SSE answer the test writes to while the translator reads it. */
    static Stream stream() {
        return new Stream();
    }

    /** The JSON-RPC result response, as text, with the id of the call. */
    static String result(UpstreamCall call, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + body(call).get("id") + ",\"result\":" + result + "}";
    }

    static String error(UpstreamCall call, int code, String message, String data) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + body(call).get("id") + ",\"error\":{\"code\":" + code
                + ",\"message\":\"" + message + "\"" + (data == null ? "" : ",\"data\":" + data) + "}}";
    }

    static class Answer implements UpstreamAnswer {
        private final int status;
        private final String type;
        private final InputStream body;
        volatile boolean closed;

        Answer(int status, String type, InputStream body) {
            this.status = status;
            this.type = type;
            this.body = body;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public Optional<String> header(String name) {
            return "content-type".equals(name.toLowerCase(Locale.ROOT)) ? Optional.ofNullable(type) : Optional.empty();
        }

        @Override
        public InputStream body() {
            return body;
        }

        @Override
        public void close() {
            closed = true;
            try {
                body.close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** An SSE body fed by the test; reading blocks until data comes, fails once the answer is closed. */
    static final class Stream extends InputStream {
        private static final byte[] END = new byte[0];
        private static final byte[] CLOSED = new byte[0];
        private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int position;
        private volatile boolean closed;
        final Answer answer = new Answer(200, "text/event-stream", this);

        void message(String json) {
            chunks.add(("event: message\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        void end() {
            chunks.add(END);
        }

        boolean closed() {
            return closed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position >= current.length) {
                if (closed) {
                    throw new IOException("closed");
                }
                byte[] next;
                try {
                    next = chunks.poll(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                if (next == END) {
                    return -1;
                }
                if (next == CLOSED || closed) {
                    throw new IOException("closed");
                }
                if (next != null) {
                    current = next;
                    position = 0;
                }
            }
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
            chunks.add(CLOSED);
        }
    }

    static Map<String, String> headers(UpstreamCall call) {
        return call.headers();
    }
}

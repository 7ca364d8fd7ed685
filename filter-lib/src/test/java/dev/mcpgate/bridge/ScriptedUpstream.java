package dev.mcpgate.bridge;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A legacy MCP server in a script: every call is recorded, and answered by the test's handler (a JSON body, an
 * SSE body written at once, or an SSE stream the test writes to as it goes).
 */
class ScriptedUpstream implements BridgeUpstream {

    /** Answers one call. */
    interface Handler {
        UpstreamAnswer answer(UpstreamCall call, JsonObject message) throws IOException;
    }

    final List<UpstreamCall> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger sessions = new AtomicInteger();
    private volatile Handler handler;

    ScriptedUpstream(Handler handler) {
        this.handler = handler;
    }

    void handler(Handler next) {
        this.handler = next;
    }

    @Override
    public UpstreamAnswer send(UpstreamCall call) throws IOException {
        calls.add(call);
        JsonObject message = call.body() == null ? null
                : Json.createReader(new StringReader(call.body())).readObject();
        if (message != null && "initialize".equals(message.getString("method", ""))) {
            return json(200, Map.of("Mcp-Session-Id", "s-" + sessions.incrementAndGet()),
                    "{\"jsonrpc\":\"2.0\",\"id\":\"" + message.getString("id") + "\",\"result\":"
                            + initializeResult() + "}");
        }
        if (message != null && !message.containsKey("id")
                && "notifications/initialized".equals(message.getString("method", ""))) {
            return json(202, Map.of(), "");
        }
        if (message == null) {
            return json(200, Map.of(), ""); // DELETE of a session
        }
        return handler.answer(call, message);
    }

    static String initializeResult() {
        return "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{\"listChanged\":true},"
                + "\"logging\":{},\"tasks\":{}},\"serverInfo\":{\"name\":\"legacy\",\"version\":\"1.2\"},"
                + "\"instructions\":\"use the tools\"}";
    }

    /** The JSON messages POSTed with the given method (or, for "response", the JSON-RPC responses). */
    List<JsonObject> posted(String method) {
        return calls.stream().filter(c -> c.body() != null && !c.body().isEmpty())
                .map(c -> Json.createReader(new StringReader(c.body())).readObject())
                .filter(m -> "response".equals(method) ? !m.containsKey("method") : method.equals(m.getString("method", "")))
                .toList();
    }

    List<UpstreamCall> calls(String httpMethod) {
        return calls.stream().filter(c -> c.httpMethod().equals(httpMethod)).toList();
    }

    @Override
    public void close() {
    }

    static UpstreamAnswer json(int status, Map<String, String> headers, String body) {
        Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        all.putAll(headers);
        if (!body.isEmpty()) {
            all.put("Content-Type", "application/json");
        }
        return new Fixed(status, all, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A whole SSE body: each message one event. */
    static UpstreamAnswer sse(String... messages) {
        StringBuilder body = new StringBuilder();
        for (String message : messages) {
            body.append("id: e\nevent: message\ndata: ").append(message).append("\n\n");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "text/event-stream");
        return new Fixed(200, headers, new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** A response to a request of the bridge. */
    static String result(JsonObject request, String resultJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + request.getString("id") + "\",\"result\":" + resultJson + "}";
    }

    static String error(JsonObject request, int code, String message) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + request.getString("id") + "\",\"error\":{\"code\":" + code
                + ",\"message\":\"" + message + "\",\"data\":{\"uri\":\"test://nope\"}}}";
    }

    /** An SSE answer the test writes as it goes (from any thread). */
    static final class Stream {
        private static final byte[] END = new byte[0];
        private final java.util.concurrent.LinkedBlockingQueue<byte[]> chunks =
                new java.util.concurrent.LinkedBlockingQueue<>();
        final UpstreamAnswer answer;

        Stream() {
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.put("Content-Type", "text/event-stream");
            answer = new Fixed(200, headers, new InputStream() {
                private byte[] current = new byte[0];
                private int at;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    while (at == current.length) {
                        if (current == END) {
                            return -1;
                        }
                        try {
                            current = chunks.take();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException();
                        }
                        at = 0;
                        if (current == END) {
                            return -1;
                        }
                    }
                    int n = Math.min(len, current.length - at);
                    System.arraycopy(current, at, b, off, n);
                    at += n;
                    return n;
                }

                @Override
                public void close() {
                    chunks.add(END);
                }
            });
        }

        void event(String message) {
            chunks.add(("event: message\ndata: " + message + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        void end() {
            chunks.add(END);
        }
    }

    private static final class Fixed implements UpstreamAnswer {
        private final int status;
        private final Map<String, String> headers;
        private final InputStream body;
        volatile boolean closed;

        Fixed(int status, Map<String, String> headers, InputStream body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)))
                    .or(() -> Optional.ofNullable(headers.get(name)));
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
                // nothing to do
            }
        }
    }
}

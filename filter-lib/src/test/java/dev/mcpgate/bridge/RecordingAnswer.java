package dev.mcpgate.bridge;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A client answer that keeps what the translator wrote. */
final class RecordingAnswer implements ClientAnswer {

    volatile int status;
    volatile JsonObject json;
    volatile Map<String, String> headers;
    volatile String kind;
    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    volatile boolean clientGone;

    @Override
    public void json(int status, JsonObject message, Map<String, String> headers) {
        record("json", status, headers);
        this.json = message;
    }

    @Override
    public void empty(int status, Map<String, String> headers) {
        record("empty", status, headers);
    }

    @Override
    public SseSink sse(int status, Map<String, String> headers) {
        record("sse", status, headers);
        return new SseSink() {
            @Override
            public void message(String id, JsonObject message) {
                events.add(message);
            }

            @Override
            public void keepAlive() {
            }

            @Override
            public boolean open() {
                return !clientGone && !closed;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    /** The final message: the JSON body, or the last SSE event. */
    JsonObject last() {
        return json != null ? json : events.get(events.size() - 1);
    }

    private void record(String what, int code, Map<String, String> head) {
        if (kind != null) {
            throw new AssertionError("a second answer: " + what + " after " + kind);
        }
        kind = what;
        status = code;
        headers = head;
    }
}

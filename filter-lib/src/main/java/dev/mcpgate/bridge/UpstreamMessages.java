package dev.mcpgate.bridge;

import dev.mcpgate.protocol.SseListener;
import dev.mcpgate.protocol.SseParser;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The JSON-RPC messages of one upstream answer, one at a time, as they arrive: the one object of an
 * {@code application/json} body, or each {@code data} of a {@code text/event-stream} body (events whose data is
 * no JSON object are skipped: priming events, comments). Blocking; read by one thread at a time, but that thread
 * may change between two messages (a call parked for the client's input resumes on another bridge thread).
 */
final class UpstreamMessages implements AutoCloseable {

    /** The longest SSE line (and event) read from the upstream. */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
    private static final int CHUNK = 8192;

    private final UpstreamAnswer answer;
    private final boolean sse;
    private final Deque<JsonObject> ready = new ArrayDeque<>();
    private final SseParser parser;
    private final byte[] buffer;
    private InputStream body;
    private boolean ended;

    UpstreamMessages(UpstreamAnswer answer) {
        this.answer = answer;
        this.sse = "text/event-stream".equals(answer.mediaType());
        this.parser = sse ? new SseParser(MAX_EVENT_BYTES, new Collect()) : null;
        this.buffer = sse ? new byte[CHUNK] : null;
    }

    /** Whether the answer is an SSE stream (else one JSON document). */
    boolean streaming() {
        return sse;
    }

    UpstreamAnswer answer() {
        return answer;
    }

    /**
     * The next message, or {@code null} at the end of the body.
     *
     * @throws IOException when the body cannot be read, or a JSON body is no JSON object
     */
    JsonObject next() throws IOException {
        while (ready.isEmpty() && !ended) {
            if (body == null) {
                body = answer.body();
            }
            if (!sse) {
                ended = true;
                ready.add(parseObject(ModernAnswerReader.readBounded(body)));
                break;
            }
            int read = body.read(buffer);
            if (read < 0) {
                ended = true;
                parser.finish();
            } else {
                parser.feed(buffer, 0, read);
            }
        }
        return ready.poll();
    }

    /**
     * The next message if one has arrived already, else {@code null} at once (reads only what the body says it
     * holds without blocking: {@link InputStream#available()}).
     */
    JsonObject poll() throws IOException {
        if (ready.isEmpty() && !ended && sse) {
            if (body == null) {
                body = answer.body();
            }
            int available = body.available();
            if (available > 0) {
                int read = body.read(buffer, 0, Math.min(available, buffer.length));
                if (read < 0) {
                    ended = true;
                    parser.finish();
                } else {
                    parser.feed(buffer, 0, read);
                }
            }
        }
        return ready.poll();
    }

    /** Puts a message back: the next {@link #next()} or {@link #poll()} returns it. */
    void pushBack(JsonObject message) {
        ready.addFirst(message);
    }

    /** Parses one JSON object. */
    static JsonObject parseObject(String json) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new IOException("the MCP server's answer is no JSON object: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        answer.close();
    }

    private final class Collect implements SseListener {
        @Override
        public void onEvent(String id, String event, String data) {
            String trimmed = data.strip();
            if (!trimmed.startsWith("{")) {
                return;
            }
            try {
                ready.add(parseObject(trimmed));
            } catch (IOException e) {
                // an event that is no JSON-RPC message: not the client's business, skipped
            }
        }
    }
}

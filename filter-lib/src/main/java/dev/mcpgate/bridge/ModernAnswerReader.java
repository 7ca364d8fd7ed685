package dev.mcpgate.bridge;

import dev.mcpgate.protocol.SseListener;
import dev.mcpgate.protocol.SseParser;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The JSON-RPC messages of one upstream answer, one at a time as they arrive: the one document of an
 * {@code application/json} body, or the data of each event of a {@code text/event-stream} body (events whose
 * data is empty or not a JSON object, such as a priming event, are skipped). Blocking; one reader thread.
 */
final class ModernAnswerReader {

    static final JsonProvider JSON = JsonProvider.provider();

    /** The largest JSON body or SSE event read; a larger one ends the answer in an error. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final InputStream body;
    private final boolean sse;
    private final Deque<JsonObject> ready = new ArrayDeque<>();
    private final SseParser parser;
    private final byte[] buffer = new byte[8192];
    private boolean ended;

    ModernAnswerReader(UpstreamAnswer answer) throws IOException {
        this.body = answer.body();
        this.sse = "text/event-stream".equals(answer.mediaType());
        this.parser = sse ? new SseParser(MAX_MESSAGE_BYTES, new Collector()) : null;
    }

    /** Whether the answer is an event stream (several messages may come) rather than one JSON document. */
    boolean streaming() {
        return sse;
    }

    /**
     * The next message, or {@code null} when the answer ended.
     *
     * @throws IOException when the body failed (closed from another thread, the connection dropped) or a JSON
     *         body was not one JSON object
     */
    JsonObject next() throws IOException {
        if (!sse) {
            return ended ? null : document();
        }
        while (ready.isEmpty() && !ended) {
            int n = body.read(buffer);
            if (n < 0) {
                ended = true;
                parser.finish();
            } else {
                parser.feed(buffer, 0, n);
            }
        }
        return ready.poll();
    }

    private JsonObject document() throws IOException {
        ended = true;
        byte[] bytes = body.readNBytes(MAX_MESSAGE_BYTES + 1);
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new IOException("the upstream's JSON answer is larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
        JsonObject message = parse(new String(bytes, StandardCharsets.UTF_8));
        if (message == null) {
            throw new IOException("the upstream's answer is not a JSON object");
        }
        return message;
    }

    /** A JSON object from text, or {@code null} when the text is anything else. */
    static JsonObject parse(String text) {
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? object : null;
        } catch (JsonException e) {
            return null;
        }
    }

    private final class Collector implements SseListener {
        @Override
        public void onEvent(String id, String event, String data) {
            if (data.isEmpty()) {
                return;
            }
            JsonObject message = parse(data);
            if (message != null) {
                ready.add(message);
            }
        }
    }

    /**
     * A whole JSON answer body, at most {@link #MAX_MESSAGE_BYTES}: a larger one is an error, never a buffer as
     * large as the server cares to send.
     */
    static String readBounded(java.io.InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_MESSAGE_BYTES + 1);
        if (bytes.length > MAX_MESSAGE_BYTES) {
            throw new IOException("the upstream's JSON answer is larger than " + MAX_MESSAGE_BYTES + " bytes");
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}

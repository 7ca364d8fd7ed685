package dev.mcpgate.bridge;

import dev.mcpgate.protocol.SseListener;
import dev.mcpgate.protocol.SseParser;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The few calls the listen relay makes on a pooled legacy session besides its GET stream: a request whose
 * response it needs ({@code resources/subscribe}, {@code resources/unsubscribe}) and a JSON-RPC response to a
 * request the server sent on the GET stream ({@code ping}, or an error for what a listen cannot answer).
 * Each carries the session's {@code Mcp-Session-Id} and {@code MCP-Protocol-Version}, and the client's
 * {@code Authorization} when it sent one.
 */
final class LegacySessionCalls {

    /** The longest SSE line or event read from the server (a response to subscribe is tiny). */
    static final int MAX_EVENT_BYTES = 1024 * 1024;
    private static final String EVENT_STREAM = "text/event-stream";
    private static final AtomicLong IDS = new AtomicLong();

    private final BridgeUpstream upstream;
    private final UpstreamSession session;
    private final String authorization;

    LegacySessionCalls(BridgeUpstream upstream, UpstreamSession session, String authorization) {
        this.upstream = upstream;
        this.session = session;
        this.authorization = authorization;
    }

    UpstreamSession session() {
        return session;
    }

    /** The headers every call on the session carries, with the given Accept. */
    Map<String, String> headers(String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", accept);
        if (!session.sessionId().isEmpty()) {
            headers.put("Mcp-Session-Id", session.sessionId());
        }
        headers.put("MCP-Protocol-Version", session.protocolVersion());
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return headers;
    }

    /** The GET that opens the session's stream; with {@code Last-Event-ID} to resume one. */
    UpstreamCall openStream(String lastEventId) {
        Map<String, String> headers = headers(EVENT_STREAM);
        if (lastEventId != null) {
            headers.put("Last-Event-ID", lastEventId);
        }
        return new UpstreamCall("GET", headers, null);
    }

    /**
     * Sends a request on the session and returns the server's JSON-RPC response to it (a result or an error),
     * read from a JSON answer or from the SSE stream of the answer.
     *
     * @throws IOException when the call failed, the status was not 200 or no response came
     */
    JsonObject request(String method, JsonObject params) throws IOException, InterruptedException {
        String id = "mcpgate-listen-" + IDS.incrementAndGet();
        JsonObject message = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("method", method)
                .add("params", params).build();
        try (UpstreamAnswer answer = upstream.send(post(message))) {
            if (answer.status() != 200) {
                throw new IOException(method + " answered HTTP " + answer.status());
            }
            JsonObject response = EVENT_STREAM.equals(answer.mediaType()) ? fromStream(answer.body(), id)
                    : parse(ModernAnswerReader.readBounded(answer.body()));
            if (response == null || !Json.createValue(id).equals(response.get("id"))) {
                throw new IOException(method + " got no response");
            }
            return response;
        }
    }

    /** POSTs a JSON-RPC response (to a request of the server); the server answers 202. */
    void reply(JsonValue id, JsonObject resultOrError, boolean isError) throws IOException, InterruptedException {
        JsonObject message = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id)
                .add(isError ? "error" : "result", resultOrError).build();
        try (UpstreamAnswer answer = upstream.send(post(message))) {
            if (answer.status() / 100 != 2) {
                throw new IOException("the response to the server's request was answered HTTP " + answer.status());
            }
        }
    }

    private UpstreamCall post(JsonObject message) {
        Map<String, String> headers = headers("application/json, text/event-stream");
        headers.put("Content-Type", "application/json");
        return UpstreamCall.post(headers, message.toString());
    }

    /** The message with the given id on an SSE answer, or {@code null} when the stream ends without it. */
    private static JsonObject fromStream(InputStream body, String id) throws IOException {
        JsonValue wanted = Json.createValue(id);
        JsonObject[] found = new JsonObject[1];
        SseListener listener = (eventId, event, data) -> {
            JsonObject message = parse(data);
            if (found[0] == null && message != null && wanted.equals(message.get("id")) && !message.containsKey("method")) {
                found[0] = message;
            }
        };
        SseParser parser = new SseParser(MAX_EVENT_BYTES, listener);
        byte[] buffer = new byte[8192];
        int read;
        while (found[0] == null && (read = body.read(buffer)) >= 0) {
            parser.feed(buffer, 0, read);
        }
        return found[0];
    }

    /** One JSON object, or {@code null} for anything else (an empty priming event, a malformed one). */
    static JsonObject parse(String data) {
        if (data.isBlank()) {
            return null;
        }
        try (JsonReader reader = Json.createReader(new StringReader(data))) {
            JsonValue value = reader.readValue();
            return value instanceof JsonObject object ? object : null;
        } catch (JsonException malformed) {
            return null;
        }
    }
}

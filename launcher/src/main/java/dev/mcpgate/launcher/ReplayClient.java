package dev.mcpgate.launcher;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends a tape's lines to the server as an MCP client would (Streamable HTTP POST, JSON or SSE answer) and
 * keeps the replay's own sessions: recorded session fingerprint → new session id.
 */
final class ReplayClient {

    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String MASK = "[redacted]";

    private final ReplayOptions options;
    private final HttpClient http;
    private final Map<String, String> sessions = new HashMap<>();
    private final Deque<String> unclaimed = new ArrayDeque<>();
    private int ownIds;

    ReplayClient(ReplayOptions options) {
        this.options = options;
        this.http = HttpClient.newBuilder().connectTimeout(options.timeout()).build();
    }

    /** Sends one line; returns the answer as {@link AnswerDiff} compares it, or {@code null} for a notification. */
    JsonObject send(JsonObject line) throws IOException, InterruptedException {
        String method = line.getString("method");
        JsonValue id = line.get("id");
        String session = sessionFor(line, method);
        JsonObjectBuilder message = Json.createObjectBuilder().add("jsonrpc", "2.0");
        if (id != null) {
            message.add("id", id);
        }
        message.add("method", method).add("params", line.getJsonObject("params"));
        Exchange answer = post(message.build(), line, session, id);
        if ("initialize".equals(method) && "legacy".equals(line.getString("era", "")) && answer.session() != null) {
            unclaimed.add(answer.session());
        }
        return id == null ? null : answer.compared();
    }

    /** The replay's session for a recorded line; a recorded session without its initialize gets one. */
    private String sessionFor(JsonObject line, String method) throws IOException, InterruptedException {
        String recorded = line.getString("session", null);
        if (recorded == null || "initialize".equals(method)) {
            return null;
        }
        String mapped = sessions.get(recorded);
        if (mapped == null) {
            mapped = unclaimed.isEmpty() ? initialize(line) : unclaimed.poll();
            sessions.put(recorded, mapped);
        }
        return mapped;
    }

    private String initialize(JsonObject line) throws IOException, InterruptedException {
        String version = line.getString("protocolVersion", "2025-06-18");
        JsonObject init = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", "mcpgate-replay-" + ++ownIds)
                .add("method", "initialize").add("params", Json.createObjectBuilder().add("protocolVersion", version)
                        .add("capabilities", JsonValue.EMPTY_JSON_OBJECT)
                        .add("clientInfo", Json.createObjectBuilder().add("name", "mcpgate-replay").add("version", "1")))
                .build();
        Exchange answer = post(init, line, null, init.get("id"));
        if (answer.session() == null) {
            throw new IOException("initialize for recorded session " + line.getString("session")
                    + " got no Mcp-Session-Id (HTTP " + answer.status() + ")");
        }
        JsonObject initialized = Json.createObjectBuilder().add("jsonrpc", "2.0")
                .add("method", "notifications/initialized").build();
        post(initialized, line, answer.session(), null);
        return answer.session();
    }

    private Exchange post(JsonObject message, JsonObject line, String session, JsonValue id)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(options.url()).timeout(options.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message.toString(), StandardCharsets.UTF_8));
        recordedHeaders(line, message).forEach(request::header);
        if (session != null) {
            request.header(SESSION_HEADER, session);
        }
        options.headers().forEach(h -> request.setHeader(h[0], h[1]));
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonObject answer = type.startsWith("text/event-stream") ? fromEvents(body, id) : fromJson(body);
            return new Exchange(response.statusCode(), response.headers().firstValue(SESSION_HEADER).orElse(null),
                    answer);
        }
    }

    /** The recorded headers a replay sends: not the redacted ones; a protocol version only after initialize. */
    private static Map<String, String> recordedHeaders(JsonObject line, JsonObject message) {
        Map<String, String> headers = new HashMap<>();
        JsonObject recorded = line.getJsonObject("headers");
        if (recorded != null) {
            recorded.forEach((name, value) -> {
                if (value instanceof JsonString s && !MASK.equals(s.getString())) {
                    headers.put(name, s.getString());
                }
            });
        }
        String version = line.getString("protocolVersion", null);
        if (version != null && !"initialize".equals(message.getString("method"))
                && headers.keySet().stream().noneMatch("MCP-Protocol-Version"::equalsIgnoreCase)) {
            headers.put("MCP-Protocol-Version", version);
        }
        return headers;
    }

    private static JsonObject fromJson(InputStream body) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        return text.isBlank() ? null : parse(text);
    }

    /** The event whose data is the response to {@code id}; the stream is closed once it came. */
    private static JsonObject fromEvents(InputStream body, JsonValue id) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(line.startsWith("data: ") ? 6 : 5));
            } else if (line.isEmpty() && !data.isEmpty()) {
                JsonObject message = parse(data.toString());
                data.setLength(0);
                if (message != null && id != null && id.equals(message.get("id"))
                        && (message.containsKey("result") || message.containsKey("error"))) {
                    return message;
                }
            }
        }
        return null;
    }

    private static JsonObject parse(String text) {
        try {
            JsonValue value = Json.createReader(new StringReader(text)).readValue();
            return value instanceof JsonObject o ? o : null;
        } catch (JsonException e) {
            return Json.createObjectBuilder().add("unparsable", text.length() > 200 ? text.substring(0, 200) : text)
                    .build();
        }
    }

    /** One answer: status, the session it named, and the JSON-RPC message (or {@code null}). */
    private record Exchange(int status, String session, JsonObject message) {

        JsonObject compared() {
            if (message == null) {
                return AnswerDiff.answer(status, null, null);
            }
            return AnswerDiff.answer(status, message.getJsonObject("result"), message.getJsonObject("error"));
        }
    }
}

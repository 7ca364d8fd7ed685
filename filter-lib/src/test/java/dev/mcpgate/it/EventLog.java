package dev.mcpgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Reads and clears the events the test deployment's {@code EventRecorder} observed, through
 * {@code GET/DELETE /test-events}. The filter dispatches events asynchronously, in batches, so
 * tests wait for what they expect with {@link #awaitUntil}: a bounded poll, never a bare sleep.
 */
public final class EventLog {

    /** How long to wait for asynchronously dispatched events (override: -Dmcpgate.it.event-timeout=PT30S). */
    public static final Duration TIMEOUT = Duration.parse(System.getProperty("mcpgate.it.event-timeout", "PT20S"));
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /** Looked up once: {@code Json.*} looks the provider up on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private final HttpClient http;
    private final URI uri;

    /** The client the ITs talk to the deployment with: HTTP/1.1, 10 seconds to connect. */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** The deployment's event log read with {@link #client()}, emptied of what earlier tests recorded. */
    public static EventLog cleared(URL deploymentUrl) {
        EventLog log = new EventLog(client(), deploymentUrl);
        log.clear();
        return log;
    }

    public EventLog(HttpClient http, URL deploymentUrl) {
        this.http = http;
        this.uri = URI.create(deploymentUrl.toString().replaceAll("/?$", "/") + "test-events");
    }

    /** What was recorded since the last clear, heartbeats excluded. */
    public List<RecordedEvent> events() {
        return all().stream().filter(e -> !e.is(RecordedEvent.HEARTBEAT)).toList();
    }

    /** Everything recorded since the last clear, heartbeats included. */
    public List<RecordedEvent> all() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET().build());
        assertEquals(200, response.statusCode(), () -> "GET " + uri + ": " + response.body());
        try (JsonReader reader = JSON.createReader(new StringReader(response.body()))) {
            JsonObject body = reader.readObject();
            return body.getJsonArray("events").stream()
                    .map(JsonValue::asJsonObject)
                    .map(RecordedEvent::new)
                    .toList();
        }
    }

    public void clear() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).DELETE().build());
        assertEquals(204, response.statusCode(), () -> "DELETE " + uri + ": " + response.body());
    }

    /**
     * Polls until the (heartbeat-free) events satisfy {@code condition}, then returns them; fails
     * after {@link #TIMEOUT} with {@code what} and the events seen last.
     */
    public List<RecordedEvent> awaitUntil(String what, Predicate<List<RecordedEvent>> condition) {
        List<RecordedEvent> last = tryAwait(TIMEOUT, condition);
        if (!condition.test(last)) {
            fail("Timed out after " + TIMEOUT + " waiting for " + what + "; recorded events:\n" + dump(last));
        }
        return last;
    }

    /** Polls like {@link #awaitUntil} but returns the last events instead of failing. */
    public List<RecordedEvent> tryAwait(Duration timeout, Predicate<List<RecordedEvent>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<RecordedEvent> events = events();
        while (!condition.test(events) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            events = events();
        }
        return events;
    }

    /** One event per line, for failure messages (the first 40 and the last 20 of a long list). */
    public static String dump(List<RecordedEvent> events) {
        if (events.isEmpty()) {
            return "  (none)";
        }
        if (events.size() > 60) {
            return events.subList(0, 40).stream().map(e -> "  " + e).collect(Collectors.joining("\n"))
                    + "\n  ... " + (events.size() - 60) + " more ...\n"
                    + events.subList(events.size() - 20, events.size()).stream().map(e -> "  " + e)
                            .collect(Collectors.joining("\n"));
        }
        return events.stream().map(e -> "  " + e).collect(Collectors.joining("\n"));
    }

    private HttpResponse<String> send(HttpRequest request) {
        return send(http, request);
    }

    /** Sends a request and reads its body as text; I/O trouble and interruption as unchecked failures. */
    static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonValue parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}

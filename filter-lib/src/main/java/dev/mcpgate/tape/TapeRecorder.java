package dev.mcpgate.tape;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.intercept.McpInterceptor;
import dev.mcpgate.intercept.ResponseVerdict;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.redact.SessionIdDisplay;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorder (setting {@code tape-dir}): a built-in interceptor that puts every exchange on a tape, one
 * JSON line ({@link TapeEntry}) per request and per notification. It sits first in the chain, so that it
 * records the params the client sent and, its response phase running last, the answer the client got.
 * It never changes anything: every verdict is "proceed". The request thread only takes the time and
 * queues the entry ({@link TapeWriter#offer}); the line is built and written by the writer.
 *
 * <p>Recorded headers: {@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name} (what a replay of
 * a 2026-07-28 request needs) and every header {@code tape-redact} names (shown as
 * {@value TapeRedaction#MASK}, so that a tape says the call carried credentials without showing them).
 * A request that another interceptor blocks or mocks is recorded with that answer when the chain runs
 * the response phase for it; otherwise it is not on the tape.
 */
public final class TapeRecorder implements McpInterceptor, AutoCloseable {

    private static final List<String> REPLAY_HEADERS = List.of("MCP-Protocol-Version", "Mcp-Method", "Mcp-Name");
    private static final String STARTED = TapeRecorder.class.getName() + ".started";
    private static final String ARRIVED = TapeRecorder.class.getName() + ".arrived";

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final TapeWriter writer;
    private final TapeRedaction redaction;
    private final Clock clock;

    public TapeRecorder(TapeWriter writer, TapeRedaction redaction, Clock clock) {
        this.writer = writer;
        this.redaction = redaction;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "tape";
    }

    /** The writer, for its counters and for closing it with the filter. */
    public TapeWriter writer() {
        return writer;
    }

    /** Writes what waits and closes the tape (at most ten seconds: the filter is stopping). */
    @Override
    public void close() {
        writer.close(CLOSE_TIMEOUT);
    }

    @Override
    public RequestVerdict onRequest(InterceptedRequest request) {
        Instant arrived = clock.instant();
        if (request.isNotification()) {
            writer.offer(entry(request, arrived, 0, false, null, null, -1));
        } else {
            request.attributes().put(STARTED, new long[] {System.nanoTime()});
            request.attributes().put(ARRIVED, arrived);
            request.attributes().put(TapeRecorder.class.getName(), request.params());
        }
        return RequestVerdict.proceed();
    }

    @Override
    public boolean wantsResponse(InterceptedRequest request) {
        return !request.isNotification();
    }

    @Override
    public ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
        long now = System.nanoTime();
        Object started = request.attributes().get(STARTED);
        long latency = started instanceof long[] t ? (now - t[0]) / 1000 : -1;
        Object arrived = request.attributes().get(ARRIVED);
        TapeEntry entry = entry(request, arrived instanceof Instant a ? a : clock.instant(), response.status(),
                response.streamed(), response.result(), response.error(), latency);
        writer.offer(entry);
        return ResponseVerdict.proceed();
    }

    private TapeEntry entry(InterceptedRequest request, Instant arrived, int status, boolean streamed,
            JsonObject result, JsonObject error, long latency) {
        Object sent = request.attributes().get(TapeRecorder.class.getName());
        JsonObject params = sent instanceof JsonObject p ? p : request.params();
        String session = request.sessionId() == null ? null : SessionIdDisplay.fingerprint(request.sessionId());
        return new TapeEntry(arrived, request.era().wireName(), request.protocolVersion(), session, request.method(),
                request.id(), params, headers(request), status, streamed, result, error, latency);
    }

    private Map<String, String> headers(InterceptedRequest request) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : REPLAY_HEADERS) {
            request.header(name).ifPresent(value -> headers.put(name, value));
        }
        for (String name : redaction.headers()) {
            request.header(name).ifPresent(value -> headers.put(name, TapeRedaction.MASK));
        }
        return headers;
    }
}

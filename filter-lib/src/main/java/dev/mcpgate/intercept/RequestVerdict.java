package dev.mcpgate.intercept;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What an interceptor decided about a request. Immutable; make one with the factory methods.
 *
 * <ul>
 * <li>{@link #proceed()}: the next interceptor, then the server, sees the request as it is.</li>
 * <li>{@link #modify}: the server sees new params (the chain goes on with them). The filter rewrites the
 *     body it passes on; it refuses a change of {@code params.name} or {@code params.uri} on a
 *     2026-07-28 request, whose {@code Mcp-Name} header must match them.</li>
 * <li>{@link #block}: the client gets the HTTP status and JSON-RPC error; the server never sees the
 *     request. Extra headers (for instance {@code Retry-After}) go on the answer.</li>
 * <li>{@link #mock} / {@link #mockError}: the client gets this answer (HTTP 200) as if from the server;
 *     the server never sees the request.</li>
 * <li>{@link #delay}: the filter waits, then the chain goes on.</li>
 * </ul>
 *
 * @param action     what to do
 * @param rule       the rule (or interceptor) that decided; names the row; {@code null} for proceed
 * @param params     the new params for {@link Action#MODIFY}
 * @param result     the mocked result for {@link Action#MOCK}, else {@code null}
 * @param status     the HTTP status for {@link Action#BLOCK}; 200 for a mocked error
 * @param error      the JSON-RPC error object ({@code code}, {@code message}, optional {@code data}) for
 *                   {@link Action#BLOCK} and a mocked error
 * @param headers    extra answer headers for {@link Action#BLOCK}
 * @param delay      how long to wait for {@link Action#DELAY}
 */
public record RequestVerdict(Action action, String rule, JsonObject params, JsonObject result, int status,
        JsonObject error, Map<String, String> headers, Duration delay) {

    /** The closed set of request verdicts. */
    public enum Action {
        PROCEED, MODIFY, BLOCK, MOCK, DELAY
    }

    private static final RequestVerdict PROCEED = new RequestVerdict(Action.PROCEED, null, null, null, 0, null,
            Map.of(), Duration.ZERO);

    public RequestVerdict {
        Objects.requireNonNull(action, "action");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        delay = delay == null ? Duration.ZERO : delay;
    }

    /** Let the request through unchanged. */
    public static RequestVerdict proceed() {
        return PROCEED;
    }

    /** Pass the request on with new params. */
    public static RequestVerdict modify(String rule, JsonObject params) {
        return new RequestVerdict(Action.MODIFY, rule, Objects.requireNonNull(params, "params"), null, 0, null,
                Map.of(), Duration.ZERO);
    }

    /**
     * Refuse the request with an HTTP status and a JSON-RPC error.
     *
     * @param status  the HTTP status (400 to 599, or 200 for a JSON-RPC error in a normal answer)
     * @param error   the JSON-RPC error object: {@code code}, {@code message}, optional {@code data}
     * @param headers extra headers on the answer, for instance {@code Retry-After}
     */
    public static RequestVerdict block(String rule, int status, JsonObject error, Map<String, String> headers) {
        return new RequestVerdict(Action.BLOCK, rule, null, null, status, Objects.requireNonNull(error, "error"),
                headers, Duration.ZERO);
    }

    /** Answer with this result without calling the server. */
    public static RequestVerdict mock(String rule, JsonObject result) {
        return new RequestVerdict(Action.MOCK, rule, null, Objects.requireNonNull(result, "result"), 200, null,
                Map.of(), Duration.ZERO);
    }

    /** Answer with this JSON-RPC error (HTTP 200) without calling the server. */
    public static RequestVerdict mockError(String rule, JsonObject error) {
        return new RequestVerdict(Action.MOCK, rule, null, null, 200, Objects.requireNonNull(error, "error"),
                Map.of(), Duration.ZERO);
    }

    /** Wait this long, then go on with the chain. */
    public static RequestVerdict delay(String rule, Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive: " + delay);
        }
        return new RequestVerdict(Action.DELAY, rule, null, null, 0, null, Map.of(), delay);
    }

    /** Whether the chain stops at this verdict (block or mock); proceed, modify and delay go on. */
    public boolean isFinal() {
        return action == Action.BLOCK || action == Action.MOCK;
    }

    /** A JSON-RPC error object with a code, a message and optional data. */
    public static JsonObject error(int code, String message, JsonValue data) {
        var b = jakarta.json.Json.createObjectBuilder().add("code", code).add("message", message);
        if (data != null) {
            b.add("data", data);
        }
        return b.build();
    }
}

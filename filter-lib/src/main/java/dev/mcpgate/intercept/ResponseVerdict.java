package dev.mcpgate.intercept;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * What an interceptor decided about the server's answer. Immutable; make one with the factory methods.
 * {@link #modify} replaces the result the client sees (the next interceptor in the response phase sees
 * the new one); {@link #replaceWithError} turns the answer into a JSON-RPC error with the same id.
 *
 * @param action what to do
 * @param rule   the rule (or interceptor) that decided; names the row; {@code null} for proceed
 * @param result the new result for {@link Action#MODIFY}
 * @param error  the JSON-RPC error object for {@link Action#ERROR}
 */
public record ResponseVerdict(Action action, String rule, JsonObject result, JsonObject error) {

    /** The closed set of response verdicts. */
    public enum Action {
        PROCEED, MODIFY, ERROR
    }

    private static final ResponseVerdict PROCEED = new ResponseVerdict(Action.PROCEED, null, null, null);

    public ResponseVerdict {
        Objects.requireNonNull(action, "action");
    }

    /** The client sees the answer as it is (or as an earlier response-phase step changed it). */
    public static ResponseVerdict proceed() {
        return PROCEED;
    }

    /** The client sees this result instead. */
    public static ResponseVerdict modify(String rule, JsonObject result) {
        return new ResponseVerdict(Action.MODIFY, rule, Objects.requireNonNull(result, "result"), null);
    }

    /** The client sees this JSON-RPC error instead of the answer. */
    public static ResponseVerdict replaceWithError(String rule, JsonObject error) {
        return new ResponseVerdict(Action.ERROR, rule, null, Objects.requireNonNull(error, "error"));
    }
}

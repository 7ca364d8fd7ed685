package dev.mcpgate.rules;

import jakarta.json.JsonObject;
import jakarta.json.JsonPatch;
import java.time.Duration;

/** What a rule does with a matching request (the {@code action} of a rule and its parameters). */
sealed interface RuleAction {

    /** {@code allow}: the call may go on (with {@code default: deny}, only an allow rule lets a call in). */
    record Allow() implements RuleAction {
    }

    /** {@code deny}: refused with a JSON-RPC error -32001 (HTTP 200); the server never sees it. Deny wins over allow. */
    record Deny(String message) implements RuleAction {
    }

    /** {@code rewrite}: a JSON Patch on the params before the server, and / or on the result after it. */
    record Rewrite(JsonPatch patch, JsonPatch resultPatch) implements RuleAction {
    }

    /** {@code mock}: answered with this result or JSON-RPC error; the server never sees it. */
    record Mock(JsonObject result, JsonObject error) implements RuleAction {
    }

    /** {@code delay}: waits this long before the call goes on. */
    record Delay(Duration duration) implements RuleAction {
    }

    /** {@code hold}: waits for an operator's approval ({@code timeout} {@code null}: the filter's default). */
    record Hold(Duration timeout) implements RuleAction {
    }

    /** {@code rate-limit}: {@code rate} calls per {@code per}, {@code burst} at once, counted by {@code key}. */
    record RateLimit(long rate, Duration per, int burst, RateKey key) implements RuleAction {
    }
}

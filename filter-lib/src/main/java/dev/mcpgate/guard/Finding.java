package dev.mcpgate.guard;

import dev.mcpgate.event.Violation;

/**
 * What one guard check found against a request, and how the filter answers it when the check is
 * enforced.
 *
 * @param violation what was found
 * @param status    the HTTP status the specification prescribes
 * @param code      the JSON-RPC error code of the answer
 * @param message   a message safe to show any client: no internals, client values cut and escaped
 *                  when the answer is written
 * @param data      the error's {@code data} member as JSON text, or {@code null}
 * @param withId    whether the answer carries the request's id (an {@code Origin} refusal has none,
 *                  as the transport specification words it)
 */
public record Finding(Violation violation, int status, int code, String message, String data, boolean withId) {
}

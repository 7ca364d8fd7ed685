package dev.mcpgate.tape;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Map;

/**
 * One exchange as a tape keeps it: built on the request thread from values the exchange already holds
 * (no copy, no serialisation), turned into its JSON line by the writer's thread.
 *
 * <p>The line, one JSON object, members in this order, absent ones left out:
 * {@code time} (ISO-8601 UTC, when the request arrived), {@code era} ({@code legacy}/{@code modern}),
 * {@code protocolVersion}, {@code session} (the session id's fingerprint, never the id: it is a bearer
 * credential on many servers), {@code method}, {@code id} (absent for a notification), {@code params},
 * {@code headers} (the recorded request headers; redacted ones as {@value TapeRedaction#MASK}),
 * {@code status} (HTTP), {@code streamed} (the answer came as an SSE event), {@code result} or
 * {@code error}, {@code latencyMicros} (request to answer, as the filter saw it).
 *
 * @param time            when the request arrived
 * @param era             {@code legacy} or {@code modern}
 * @param protocolVersion the negotiated or declared revision, or {@code null}
 * @param session         the session id's fingerprint, or {@code null}
 * @param method          the MCP method
 * @param id              the JSON-RPC id, {@code null} for a notification
 * @param params          the params the client sent
 * @param headers         recorded request headers (name as recorded → value)
 * @param status          the HTTP status of the answer, 0 for a notification
 * @param streamed        whether the answer was an SSE event
 * @param result          the result the client got, or {@code null}
 * @param error           the JSON-RPC error the client got, or {@code null}
 * @param latencyMicros   request to answer, -1 for a notification
 */
public record TapeEntry(Instant time, String era, String protocolVersion, String session, String method,
        JsonValue id, JsonObject params, Map<String, String> headers, int status, boolean streamed,
        JsonObject result, JsonObject error, long latencyMicros) {

    /** The JSON line (without the line break), with {@code redaction} applied. */
    public JsonObject toJson(TapeRedaction redaction) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("time", time.toString()).add("era", era);
        addIfPresent(b, "protocolVersion", protocolVersion);
        addIfPresent(b, "session", session);
        b.add("method", method);
        if (id != null) {
            b.add("id", id);
        }
        b.add("params", params == null ? JsonValue.EMPTY_JSON_OBJECT : params);
        if (!headers.isEmpty()) {
            JsonObjectBuilder h = Json.createObjectBuilder();
            headers.forEach((name, value) -> h.add(name, redaction.redactsHeader(name) ? TapeRedaction.MASK : value));
            b.add("headers", h);
        }
        if (id != null) {
            b.add("status", status).add("streamed", streamed);
            if (error != null) {
                b.add("error", error);
            } else if (result != null) {
                b.add("result", result);
            }
            b.add("latencyMicros", latencyMicros);
        }
        return redaction.apply(b.build());
    }

    private static void addIfPresent(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }
}

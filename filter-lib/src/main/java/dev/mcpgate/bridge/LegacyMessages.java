package dev.mcpgate.bridge;

import static dev.mcpgate.bridge.ModernAnswerReader.JSON;

import dev.mcpgate.protocol.JsonRpcErrors;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * Turns what a 2026-07-28 server answers into what a legacy client expects: the client's own JSON-RPC id on
 * the final response; the fields a legacy result has no place for ({@code resultType}, {@code ttlMs},
 * {@code cacheScope}) left out; the error codes of 2026-07-28 ({@code -32020}…{@code -32022}, which a legacy
 * client does not know) and the resource-not-found {@code -32602} mapped to what a legacy client expects; the
 * subscription id taken out of a listen stream's notifications.
 */
final class LegacyMessages {

    /** Legacy revisions' code for a resource that does not exist (2026-07-28 answers -32602 with data.uri). */
    static final int RESOURCE_NOT_FOUND = -32002;
    static final int INVALID_PARAMS = -32602;
    static final int MISSING_CAPABILITY = -32021;

    private static final Set<String> MODERN_RESULT_FIELDS = Set.of("resultType", "ttlMs", "cacheScope");

    private LegacyMessages() {
    }

    /** Whether the message is a JSON-RPC response (a result or an error), not a request or notification. */
    static boolean isResponse(JsonObject message) {
        return !message.containsKey("method") && (message.containsKey("result") || message.containsKey("error"));
    }

    /** The {@code resultType} of a result response ({@code "complete"} when absent, as the revision says). */
    static String resultType(JsonObject response) {
        return response.get("result") instanceof JsonObject result ? result.getString("resultType", "complete")
                : "complete";
    }

    /** The final response for the legacy client, under its own request id. */
    static JsonObject response(JsonObject upstream, JsonValue clientId, String method) {
        JsonObjectBuilder out = JSON.createObjectBuilder().add("jsonrpc", "2.0").add("id", clientId);
        if (upstream.get("result") instanceof JsonObject result) {
            JsonObjectBuilder legacy = JSON.createObjectBuilder(result);
            MODERN_RESULT_FIELDS.forEach(legacy::remove);
            return out.add("result", legacy).build();
        }
        if (upstream.get("error") instanceof JsonObject error) {
            return out.add("error", legacyError(error, method)).build();
        }
        return error(clientId, JsonRpcErrors.INTERNAL_ERROR, "The server's answer was neither a result nor an error");
    }

    private static JsonObject legacyError(JsonObject error, String method) {
        int code = error.get("code") instanceof JsonNumber n ? n.intValue() : JsonRpcErrors.INTERNAL_ERROR;
        String message = error.getString("message", "");
        JsonValue data = error.get("data");
        if (code == INVALID_PARAMS && "resources/read".equals(method) && data instanceof JsonObject d
                && d.containsKey("uri")) {
            return errorObject(RESOURCE_NOT_FOUND, "Resource not found: " + message, data);
        }
        return switch (code) {
            case MISSING_CAPABILITY -> errorObject(INVALID_PARAMS,
                    "The server needs a client capability this client did not declare in initialize: " + message, data);
            case JsonRpcErrors.HEADER_MISMATCH -> errorObject(JsonRpcErrors.INTERNAL_ERROR,
                    "The bridge's request was refused by the 2026-07-28 server (header mismatch): " + message, data);
            case JsonRpcErrors.UNSUPPORTED_PROTOCOL_VERSION -> errorObject(JsonRpcErrors.INTERNAL_ERROR,
                    "The server does not speak the protocol version the bridge sends it (2026-07-28): " + message,
                    data);
            default -> error;
        };
    }

    /** A notification for the legacy client: a listen stream's subscription id left out of its {@code _meta}. */
    static JsonObject notification(JsonObject upstream) {
        if (!(upstream.get("params") instanceof JsonObject params)
                || !(params.get("_meta") instanceof JsonObject meta) || !meta.containsKey(MetaKeys.SUBSCRIPTION_ID)) {
            return upstream;
        }
        JsonObjectBuilder newMeta = JSON.createObjectBuilder(meta).remove(MetaKeys.SUBSCRIPTION_ID);
        JsonObjectBuilder newParams = JSON.createObjectBuilder(params);
        JsonObject built = newMeta.build();
        if (built.isEmpty()) {
            newParams.remove("_meta");
        } else {
            newParams.add("_meta", built);
        }
        return JSON.createObjectBuilder(upstream).add("params", newParams).build();
    }

    static JsonObject error(JsonValue id, int code, String message) {
        return JSON.createObjectBuilder().add("jsonrpc", "2.0").add("id", id == null ? JsonValue.NULL : id)
                .add("error", errorObject(code, message, null)).build();
    }

    static JsonObject result(JsonValue id, JsonObject result) {
        return JSON.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("result", result).build();
    }

    private static JsonObject errorObject(int code, String message, JsonValue data) {
        JsonObjectBuilder error = JSON.createObjectBuilder().add("code", code).add("message", message);
        if (data != null) {
            error.add("data", data);
        }
        return error.build();
    }
}

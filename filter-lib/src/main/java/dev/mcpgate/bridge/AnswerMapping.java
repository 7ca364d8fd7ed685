package dev.mcpgate.bridge;

import dev.mcpgate.protocol.JsonRpcErrors;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Set;

/**
 * What a legacy server's answers become for a 2026-07-28 client: results get {@code resultType: "complete"},
 * the caching hints on the cacheable methods ({@code bridge-list-ttl}, {@code bridge-cache-scope}) and the
 * server's identity in {@code _meta}; errors get the 2026-07-28 codes and the HTTP status a 2026-07-28 server
 * gives them; {@code server/discover} is made from the initialize result.
 */
final class AnswerMapping {

    /** The methods whose results carry {@code ttlMs} and {@code cacheScope} (caching.mdx). */
    static final Set<String> CACHEABLE = Set.of("tools/list", "prompts/list", "resources/list",
            "resources/templates/list", "resources/read");
    /** Legacy: resource not found; 2026-07-28 answers -32602 instead (and must not emit -32002). */
    static final int LEGACY_RESOURCE_NOT_FOUND = -32002;
    /** Legacy (2025-11-25 only): URL elicitation required; 2026-07-28 must not emit it. */
    static final int LEGACY_URL_ELICITATION_REQUIRED = -32042;
    static final int INVALID_PARAMS = -32602;

    private final BridgeSettings settings;

    AnswerMapping(BridgeSettings settings) {
        this.settings = settings;
    }

    /**
     * A legacy result as a complete 2026-07-28 result.
     *
     * @param cacheable whether to add the caching hints (a cacheable method that was no MRTR retry)
     */
    JsonObject result(JsonObject result, boolean cacheable, UpstreamSession session) {
        JsonObjectBuilder out = Json.createObjectBuilder(result);
        if (!result.containsKey("resultType")) {
            out.add("resultType", "complete");
        }
        if (cacheable) {
            hints(out);
        }
        JsonValue serverInfo = session.initializeResult().get("serverInfo");
        if (serverInfo != null) {
            JsonObjectBuilder meta = Json.createObjectBuilder(ModernRequest.object(result.get("_meta")));
            out.add("_meta", meta.add(MetaKeys.SERVER_INFO, serverInfo));
        }
        return out.build();
    }

    /** The {@code server/discover} result made from a legacy initialize result. */
    JsonObject discover(JsonObject initializeResult) {
        JsonObjectBuilder out = Json.createObjectBuilder().add("resultType", "complete")
                .add("supportedVersions", Json.createArrayBuilder().add(MetaKeys.MODERN_VERSION));
        JsonObjectBuilder capabilities = Json.createObjectBuilder(
                ModernRequest.object(initializeResult.get("capabilities")));
        capabilities.remove("tasks"); // 2025-11-25 tasks are an extension in 2026-07-28: not offered through here
        out.add("capabilities", capabilities);
        JsonValue serverInfo = initializeResult.get("serverInfo");
        if (serverInfo != null) {
            out.add("_meta", Json.createObjectBuilder().add(MetaKeys.SERVER_INFO, serverInfo));
        }
        JsonValue instructions = initializeResult.get("instructions");
        if (instructions != null && instructions.getValueType() == JsonValue.ValueType.STRING) {
            out.add("instructions", instructions);
        }
        return hints(out).build();
    }

    /** 2026-07-28's MissingRequiredClientCapability. */
    static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;

    /** A legacy error object with the 2026-07-28 code for it. */
    static JsonObject error(JsonObject error) {
        int code = error.getInt("code", JsonRpcErrors.INTERNAL_ERROR);
        if (code == LEGACY_RESOURCE_NOT_FOUND) {
            return Json.createObjectBuilder(error).add("code", INVALID_PARAMS).build();
        }
        if (code == MISSING_REQUIRED_CLIENT_CAPABILITY) {
            return error; // no legacy revision defines it: a server that sends it means 2026-07-28's (HTTP 400)
        }
        if (code <= -32020 && code >= -32099) {
            // reserved for the 2026-07-28 specification: a legacy server's code there means something else
            JsonObjectBuilder data = Json.createObjectBuilder().add("legacyCode", code);
            if (error.containsKey("data")) {
                data.add("legacyData", error.get("data"));
            }
            return Json.createObjectBuilder(error).add("code", JsonRpcErrors.INTERNAL_ERROR).add("data", data).build();
        }
        return error;
    }

    /** The HTTP status of a JSON error answer, as a 2026-07-28 server gives it. */
    static int status(int code) {
        if (code == JsonRpcErrors.METHOD_NOT_FOUND) {
            return 404;
        }
        if (code == JsonRpcErrors.INVALID_REQUEST || code == INVALID_PARAMS || code == JsonRpcErrors.PARSE_ERROR
                || (code <= -32020 && code >= -32022)) {
            return 400;
        }
        return 200;
    }

    /** {@code {"jsonrpc":"2.0","id":…,"result":…}}. */
    static JsonObject response(JsonValue id, JsonObject result) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("result", result).build();
    }

    /** {@code {"jsonrpc":"2.0","id":…,"error":…}}. */
    static JsonObject errorResponse(JsonValue id, JsonObject error) {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id == null ? JsonValue.NULL : id)
                .add("error", error).build();
    }

    /** A JSON-RPC error object. */
    static JsonObject errorObject(int code, String message, JsonValue data) {
        JsonObjectBuilder error = Json.createObjectBuilder().add("code", code).add("message", message);
        if (data != null) {
            error.add("data", data);
        }
        return error.build();
    }

    private JsonObjectBuilder hints(JsonObjectBuilder out) {
        return out.add("ttlMs", Math.max(0, settings.listTtl().toMillis()))
                .add("cacheScope", settings.cacheScope().wireName());
    }
}

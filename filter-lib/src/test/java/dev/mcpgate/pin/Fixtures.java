package dev.mcpgate.pin;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptedResponse;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.schema.CanonicalJson;
import dev.mcpgate.schema.CatalogueVersion;
import dev.mcpgate.schema.InMemoryCatalogueHistory;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tools, recorded catalogue versions and requests for the pinning tests. */
final class Fixtures {

    static final String ENDPOINT = "weather";

    private Fixtures() {
    }

    static JsonObject tool(String name, String description) {
        return Json.createObjectBuilder().add("name", name).add("description", description)
                .add("inputSchema", Json.createObjectBuilder().add("type", "object")).build();
    }

    static JsonArray tools(JsonObject... tools) {
        var array = Json.createArrayBuilder();
        for (JsonObject tool : tools) {
            array.add(tool);
        }
        return array.build();
    }

    /** Records {@code tools} as version {@code number} of the endpoint's tools/list. */
    static void record(InMemoryCatalogueHistory history, int number, JsonObject... tools) {
        List<JsonObject> sorted = new java.util.ArrayList<>(List.of(tools));
        sorted.sort(java.util.Comparator.comparing(t -> t.getString("name")));
        String payload = CanonicalJson.of(tools(sorted.toArray(JsonObject[]::new)));
        history.add(new CatalogueVersion(ENDPOINT, "tools/list", number, CanonicalJson.sha256(payload),
                CanonicalJson.sha256(payload), tools.length, Instant.parse("2026-12-01T10:00:00Z"), payload), List.of());
    }

    static InterceptedRequest request(String method, String target) {
        return new InterceptedRequest() {
            private final Map<String, Object> attributes = new HashMap<>();

            @Override public String method() { return method; }
            @Override public JsonValue id() { return Json.createValue(1); }
            @Override public String target() { return target; }
            @Override public JsonObject params() { return JsonValue.EMPTY_JSON_OBJECT; }
            @Override public Era era() { return Era.LEGACY; }
            @Override public String protocolVersion() { return "2025-11-25"; }
            @Override public String sessionId() { return "s1"; }
            @Override public String principal() { return null; }
            @Override public boolean isInRole(String role) { return false; }
            @Override public ClientIdentity client() { return null; }
            @Override public String endpoint() { return ENDPOINT; }
            @Override public Optional<String> header(String name) { return Optional.empty(); }
            @Override public Map<String, Object> attributes() { return attributes; }
        };
    }

    static InterceptedResponse listAnswer(JsonArray tools) {
        JsonObject result = Json.createObjectBuilder().add("tools", tools).build();
        return new InterceptedResponse() {
            @Override public int status() { return 200; }
            @Override public JsonObject result() { return result; }
            @Override public JsonObject error() { return null; }
            @Override public boolean streamed() { return false; }
        };
    }
}

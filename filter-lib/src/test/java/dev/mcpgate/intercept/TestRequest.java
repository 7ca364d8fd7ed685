package dev.mcpgate.intercept;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A request for the chain's tests: a {@code tools/call} of a tool with arguments. */
record TestRequest(String method, JsonValue id, JsonObject params, Era era, Map<String, Object> attributes)
        implements InterceptedRequest {

    static TestRequest call(String tool, Era era) {
        return new TestRequest("tools/call", Json.createValue(7), Json.createObjectBuilder().add("name", tool)
                .add("arguments", Json.createObjectBuilder().add("text", "hi")).build(), era, new HashMap<>());
    }

    @Override
    public String target() {
        return params.getString("name", null);
    }

    @Override
    public String protocolVersion() {
        return era == Era.MODERN ? "2026-07-28" : "2025-11-25";
    }

    @Override
    public String sessionId() {
        return null;
    }

    @Override
    public String principal() {
        return null;
    }

    @Override
    public boolean isInRole(String role) {
        return false;
    }

    @Override
    public ClientIdentity client() {
        return ClientIdentity.UNKNOWN;
    }

    @Override
    public String endpoint() {
        return "test";
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.empty();
    }
}

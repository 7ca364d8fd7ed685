package dev.mcpgate.approval;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A tools/call request for the approval tests. */
record HeldRequest(String principal, String sessionId, String target, JsonObject params) implements InterceptedRequest {

    static HeldRequest call(String principal, String tool, JsonObject arguments) {
        return new HeldRequest(principal, "s-1", tool,
                Json.createObjectBuilder().add("name", tool).add("arguments", arguments).build());
    }

    @Override
    public String method() {
        return "tools/call";
    }

    @Override
    public JsonValue id() {
        return Json.createValue(1);
    }

    @Override
    public Era era() {
        return Era.LEGACY;
    }

    @Override
    public String protocolVersion() {
        return "2025-11-25";
    }

    @Override
    public boolean isInRole(String role) {
        return false;
    }

    @Override
    public ClientIdentity client() {
        return null;
    }

    @Override
    public String endpoint() {
        return "test";
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> attributes() {
        return new HashMap<>();
    }
}

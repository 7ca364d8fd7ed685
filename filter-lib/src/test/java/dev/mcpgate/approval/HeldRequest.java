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
record HeldRequest(String principal, String sessionId, String target, JsonObject params, ClientIdentity client)
        implements InterceptedRequest {

    static HeldRequest call(String principal, String tool, JsonObject arguments) {
        return new HeldRequest(principal, "s-1", tool,
                Json.createObjectBuilder().add("name", tool).add("arguments", arguments).build(), null);
    }

    /** A call without principal and session (2026-07-28, unauthenticated) from a client that names itself. */
    static HeldRequest anonymous(String clientName, String tool, JsonObject arguments) {
        return new HeldRequest(null, null, tool, Json.createObjectBuilder().add("name", tool)
                .add("arguments", arguments).build(), ClientIdentity.of(clientName, "1"));
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

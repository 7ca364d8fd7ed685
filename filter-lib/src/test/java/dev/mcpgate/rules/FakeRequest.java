package dev.mcpgate.rules;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A request as the chain would hand it over, built field by field. */
final class FakeRequest implements InterceptedRequest {

    private final String method;
    private JsonObject params = JsonValue.EMPTY_JSON_OBJECT;
    private Era era = Era.LEGACY;
    private String sessionId = "s-1";
    private String principal;
    private Set<String> roles = Set.of();
    private ClientIdentity client = ClientIdentity.UNKNOWN;
    private final Map<String, Object> attributes = new HashMap<>();

    private FakeRequest(String method) {
        this.method = method;
    }

    static FakeRequest of(String method) {
        return new FakeRequest(method);
    }

    /** A tools/call of {@code tool} with these arguments (JSON text of an object). */
    static FakeRequest call(String tool, String arguments) {
        return of("tools/call").params(Json.createObjectBuilder().add("name", tool)
                .add("arguments", Json.createReader(new java.io.StringReader(arguments)).readObject()).build());
    }

    FakeRequest params(JsonObject value) {
        params = value;
        return this;
    }

    FakeRequest era(Era value) {
        era = value;
        return this;
    }

    FakeRequest session(String value) {
        sessionId = value;
        return this;
    }

    FakeRequest principal(String name, String... inRoles) {
        principal = name;
        roles = Set.of(inRoles);
        return this;
    }

    FakeRequest client(String name) {
        client = ClientIdentity.of(name, "1.0");
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public JsonValue id() {
        return Json.createValue(1);
    }

    @Override
    public String target() {
        String key = method.startsWith("resources/") ? "uri" : "name";
        return params.containsKey(key) ? params.getString(key) : null;
    }

    @Override
    public JsonObject params() {
        return params;
    }

    @Override
    public Era era() {
        return era;
    }

    @Override
    public String protocolVersion() {
        return "2025-06-18";
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public String principal() {
        return principal;
    }

    @Override
    public boolean isInRole(String role) {
        return roles.contains(role);
    }

    @Override
    public ClientIdentity client() {
        return client;
    }

    @Override
    public String endpoint() {
        return "mcp";
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }
}

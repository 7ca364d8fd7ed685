package dev.mcpgate.bridge;

import dev.mcpgate.protocol.Era;
import jakarta.json.JsonObject;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A legacy client's request as the filter would hand it to the bridge. */
final class LegacyCall implements ClientCall {

    private final String httpMethod;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final JsonObject message;
    private final Principal principal;

    private LegacyCall(String httpMethod, String sessionId, JsonObject message, Principal principal) {
        this.httpMethod = httpMethod;
        this.message = message;
        this.principal = principal;
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
        }
    }

    static LegacyCall post(String sessionId, String json) {
        return new LegacyCall("POST", sessionId, ScriptedModernServer.parse(json), null);
    }

    static LegacyCall post(String sessionId, String json, Principal principal) {
        return new LegacyCall("POST", sessionId, ScriptedModernServer.parse(json), principal);
    }

    static LegacyCall get(String sessionId) {
        return new LegacyCall("GET", sessionId, null, null);
    }

    static LegacyCall delete(String sessionId) {
        return new LegacyCall("DELETE", sessionId, null, null);
    }

    LegacyCall header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    @Override
    public String httpMethod() {
        return httpMethod;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<JsonObject> message() {
        return Optional.ofNullable(message);
    }

    @Override
    public Era era() {
        return Era.LEGACY;
    }

    @Override
    public Principal principal() {
        return principal;
    }
}

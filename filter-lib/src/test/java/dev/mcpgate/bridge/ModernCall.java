package dev.mcpgate.bridge;

import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A 2026-07-28 client's POST as the filter hands it to the translator, with the headers such a client sends. */
final class ModernCall implements ClientCall {

    static final String CAPS = "{\"elicitation\":{},\"sampling\":{}}";

    private final String httpMethod;
    private final JsonObject message;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final Principal principal;

    private ModernCall(String httpMethod, JsonObject message, Principal principal) {
        this.httpMethod = httpMethod;
        this.message = message;
        this.principal = principal;
        headers.put("Accept", "application/json, text/event-stream");
        if (message != null && message.containsKey("method")) {
            headers.put("MCP-Protocol-Version", MetaKeys.MODERN_VERSION);
            headers.put("Mcp-Method", message.getString("method"));
            JsonObject params = message.getJsonObject("params");
            if (params != null && params.containsKey("name")) {
                headers.put("Mcp-Name", params.getString("name"));
            } else if (params != null && params.containsKey("uri")) {
                headers.put("Mcp-Name", params.getString("uri"));
            }
        }
    }

    /** A request with the required _meta (client "c" 1.0 with {@link #CAPS}) and extra params. */
    static ModernCall request(Object id, String method, String extraParams) {
        return request(id, method, extraParams, "c", CAPS, null);
    }

    static ModernCall request(Object id, String method, String extraParams, String client, String caps,
            String principal) {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        String params = "{" + (extraParams == null ? "" : extraParams + ",") + "\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"" + client + "\",\"version\":\"1.0\"},"
                + "\"io.modelcontextprotocol/clientCapabilities\":" + caps + ",\"progressToken\":\"p1\"}}";
        return raw("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"" + method + "\",\"params\":" + params
                + "}", principal);
    }

    static ModernCall raw(String json, String principal) {
        return new ModernCall("POST", Json.createReader(new StringReader(json)).readObject(),
                principal == null ? null : () -> principal);
    }

    static ModernCall get() {
        return new ModernCall("GET", null, null);
    }

    ModernCall header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
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
        return Era.MODERN;
    }

    @Override
    public Principal principal() {
        return principal;
    }
}

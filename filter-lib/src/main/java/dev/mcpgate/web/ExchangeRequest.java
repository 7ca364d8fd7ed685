package dev.mcpgate.web;

import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.InterceptorChain;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An exchange's JSON-RPC request (or one message of a batch) as the interceptors see it: the message
 * parsed once (by the caller, from the captured body), the rest from the exchange and its servlet request.
 */
final class ExchangeRequest implements InterceptedRequest {

    private final Exchange exchange;
    private final JsonObject message;
    private final JsonObject params;
    private final String protocolVersion;
    private final ClientIdentity client;
    private final String endpoint;
    private Map<String, Object> attributes;

    ExchangeRequest(Exchange exchange, JsonObject message, String protocolVersion, ClientIdentity client,
            String endpoint) {
        this.exchange = exchange;
        this.message = message;
        JsonValue given = message.get("params");
        this.params = given instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        this.protocolVersion = protocolVersion;
        this.client = client;
        this.endpoint = endpoint;
    }

    /** The whole message as the client sent it. */
    JsonObject message() {
        return message;
    }

    @Override
    public String method() {
        return message.getString("method", "");
    }

    @Override
    public JsonValue id() {
        return message.get("id");
    }

    @Override
    public String target() {
        return InterceptorChain.targetOf(method(), params);
    }

    @Override
    public JsonObject params() {
        return params;
    }

    @Override
    public Era era() {
        return exchange.era;
    }

    @Override
    public String protocolVersion() {
        return protocolVersion;
    }

    @Override
    public String sessionId() {
        return exchange.sessionId;
    }

    @Override
    public String principal() {
        return exchange.principal;
    }

    @Override
    public boolean isInRole(String role) {
        return exchange.original.isUserInRole(role);
    }

    @Override
    public ClientIdentity client() {
        return client;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.original.getHeader(name));
    }

    @Override
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>(4);
        }
        return attributes;
    }
}

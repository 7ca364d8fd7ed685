package dev.mcpgate.intercept;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON-RPC message a client sent, as the interceptors see it. Values are what the client sent:
 * nothing here is checked beyond the guard's checks, so treat every string as untrusted.
 */
public interface InterceptedRequest {

    /** The MCP method ({@code tools/call}, {@code notifications/initialized}, ...); never {@code null}. */
    String method();

    /** The JSON-RPC id, or {@code null} for a notification. */
    JsonValue id();

    /** Whether this is a notification (no id, no answer expected). */
    default boolean isNotification() {
        return id() == null;
    }

    /**
     * The target: the tool's or prompt's {@code params.name}, the resource's {@code params.uri}, or
     * {@code null} for methods without one.
     */
    String target();

    /** The params as sent (or as modified by an earlier interceptor); an empty object when absent. */
    JsonObject params();

    /** The protocol era of the request. */
    Era era();

    /** The negotiated (legacy) or declared (2026-07-28 {@code _meta}) protocol version, or {@code null}. */
    String protocolVersion();

    /** The MCP session id (legacy era), or {@code null}. */
    String sessionId();

    /** The authenticated principal's name, or {@code null}. */
    String principal();

    /** Whether the authenticated caller is in the role (the servlet container decides). */
    boolean isInRole(String role);

    /** Who the client says it is (from the session's {@code initialize} or the request's {@code _meta}). */
    ClientIdentity client();

    /** The name of the filter's endpoint ({@code endpoint-name}), which names every row. */
    String endpoint();

    /** The first value of a request header (case-insensitive name), if present. */
    Optional<String> header(String name);

    /**
     * A map an interceptor may use to carry state from its request phase to its response phase for this
     * one request; keys should be the interceptor's own (for instance its class name).
     */
    Map<String, Object> attributes();
}

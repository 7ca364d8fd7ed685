package dev.mcpgate.gateway.proxy;

import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import dev.mcpgate.redact.Redaction;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The JSON-RPC error bodies the gateway answers with when it cannot give the client the upstream
 * server's own answer. Codes are in JSON-RPC's implementation-defined server range and match what
 * MCP SDKs already understand: {@value #UPSTREAM_UNAVAILABLE} (the TypeScript SDK's
 * {@code ConnectionClosed}) when the upstream server cannot be reached or fails, and
 * {@value #UPSTREAM_TIMEOUT} ({@code RequestTimeout}) when it stays silent too long; and JSON-RPC's
 * own {@value #INVALID_REQUEST} (Invalid Request) for a request the gateway will not forward.
 *
 * <p>Nothing of the upstream URL's secrets reaches the client: {@code data.upstream} is the URL
 * without user-info and query ({@code http://host:port/path}), and the message is {@link #safeMessage}.
 */
final class GatewayErrors {

    static final int UPSTREAM_UNAVAILABLE = -32000;
    static final int UPSTREAM_TIMEOUT = -32001;
    static final int INVALID_REQUEST = -32600;

    private GatewayErrors() {
    }

    /**
     * A JSON-RPC error response for the request whose body begins with {@code requestPrefix}: with
     * its {@code id} when the prefix shows one, {@code null} otherwise (notifications, batches,
     * unreadable bodies).
     */
    static byte[] body(byte[] requestPrefix, int code, String message, URI upstream, Integer upstreamStatus) {
        JsonObjectBuilder data = Json.createObjectBuilder().add("upstream", shown(upstream));
        if (upstreamStatus != null) {
            data.add("upstreamStatus", upstreamStatus);
        }
        JsonObjectBuilder response = Json.createObjectBuilder().add("jsonrpc", "2.0");
        addId(response, requestPrefix);
        response.add("error", Json.createObjectBuilder().add("code", code).add("message", safeMessage(message, upstream))
                .add("data", data));
        return response.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON-RPC Invalid Request error for the request whose body begins with {@code requestPrefix}. */
    static byte[] invalidRequest(byte[] requestPrefix, String message) {
        JsonObjectBuilder response = Json.createObjectBuilder().add("jsonrpc", "2.0");
        addId(response, requestPrefix);
        response.add("error", Json.createObjectBuilder().add("code", INVALID_REQUEST).add("message", message));
        return response.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void addId(JsonObjectBuilder response, byte[] requestPrefix) {
        JsonRpcEnvelope envelope = null;
        try {
            envelope = requestPrefix.length == 0 ? null : EnvelopeReader.read(requestPrefix);
        } catch (RuntimeException unreadable) {
            // no id to answer with: null, as JSON-RPC prescribes when the id cannot be determined
        }
        String id = envelope == null ? null : envelope.id();
        if (id == null) {
            response.addNull("id");
        } else if (envelope.idIsString()) {
            response.add("id", id);
        } else {
            response.add("id", Json.createValue(new java.math.BigDecimal(id)));
        }
    }

    /** The upstream URL as a client may see it: scheme, host, port and path; no user-info, no query. */
    private static String shown(URI upstream) {
        return upstream.getScheme() + "://" + upstream.getHost() + (upstream.getPort() < 0 ? "" : ":" + upstream.getPort())
                + (upstream.getRawPath() == null ? "" : upstream.getRawPath());
    }

    /**
     * {@code message} (which may quote an exception's message, and so the upstream URL) with every
     * URL in it redacted, and any remaining copy of the upstream URL's user-info or query (raw or
     * decoded, e.g. from a URL cut short by the message) masked.
     */
    static String safeMessage(String message, URI upstream) {
        String safe = Redaction.urlsIn(message);
        for (String secret : new String[] {upstream.getRawUserInfo(), upstream.getUserInfo(), upstream.getRawQuery(),
                upstream.getQuery()}) {
            if (secret != null && !secret.isEmpty()) {
                safe = safe.replace(secret, Redaction.MASK);
            }
        }
        return safe;
    }
}

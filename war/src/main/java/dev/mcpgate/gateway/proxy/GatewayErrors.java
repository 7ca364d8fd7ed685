package dev.mcpgate.gateway.proxy;

import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.JsonRpcEnvelope;
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
        JsonObjectBuilder data = Json.createObjectBuilder().add("upstream", withoutUserInfo(upstream));
        if (upstreamStatus != null) {
            data.add("upstreamStatus", upstreamStatus);
        }
        JsonObjectBuilder response = Json.createObjectBuilder().add("jsonrpc", "2.0");
        addId(response, requestPrefix);
        response.add("error", Json.createObjectBuilder().add("code", code).add("message", message).add("data", data));
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

    private static String withoutUserInfo(URI upstream) {
        return upstream.getRawUserInfo() == null ? upstream.toString()
                : upstream.toString().replace(upstream.getRawUserInfo() + "@", "");
    }
}

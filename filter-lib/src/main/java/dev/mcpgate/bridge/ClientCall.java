package dev.mcpgate.bridge;

import dev.mcpgate.protocol.Era;
import jakarta.json.JsonObject;
import java.security.Principal;
import java.util.Optional;

/**
 * The client's side of one bridged exchange, as the filter read it: the HTTP method, the MCP headers and, for a
 * POST, the one JSON-RPC message of its body (a batch is refused before the bridge: 2026-07-28 has none, and
 * the bridge does not fan a legacy batch out).
 */
public interface ClientCall {

    /** {@code POST}, {@code GET} or {@code DELETE}. */
    String httpMethod();

    /** The first value of a request header, by case-insensitive name. */
    Optional<String> header(String name);

    /** The JSON-RPC message of a POST; empty for GET and DELETE. */
    Optional<JsonObject> message();

    /** The client's era as the filter detected it (never {@link Era#UNKNOWN} for a bridged call). */
    Era era();

    /** The authenticated caller, or {@code null}; part of the upstream session key. */
    Principal principal();

    /** The {@code Authorization} header to forward upstream, if the client sent one. */
    default Optional<String> authorization() {
        return header("Authorization");
    }
}

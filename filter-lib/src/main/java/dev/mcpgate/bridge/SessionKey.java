package dev.mcpgate.bridge;

import java.util.Objects;

/**
 * What a pooled upstream session of a legacy server is shared by, for 2026-07-28 clients (which have no
 * session): the same caller, the same client (name, version) and the same declared capabilities and protocol
 * version. Two modern clients that differ in any of these never share an upstream session (its initialize
 * told the server who it talks to and what it may ask).
 *
 * @param principal the authenticated caller's name, or {@code ""}
 * @param clientName {@code _meta["io.modelcontextprotocol/clientInfo"].name}
 * @param clientVersion its version
 * @param capabilitiesDigest SHA-256 (hex) of the canonical JSON of the client's capabilities
 * @param protocolVersion the modern version the client speaks (the upstream session gets the legacy one)
 */
public record SessionKey(String principal, String clientName, String clientVersion, String capabilitiesDigest,
        String protocolVersion) {

    public SessionKey {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(capabilitiesDigest, "capabilitiesDigest");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
    }
}

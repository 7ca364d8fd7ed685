package dev.mcpgate.bridge;

import java.util.Objects;

/**
 * What a pooled upstream session of a legacy server is shared by, for 2026-07-28 clients (which have no
 * session): the same caller (principal and credentials), the same client (name, version) and the same declared capabilities and protocol
 * version. Two modern clients that differ in any of these never share an upstream session (its initialize
 * told the server who it talks to and what it may ask).
 *
 * @param principal the authenticated caller's name, or {@code ""}
 * @param clientName {@code _meta["io.modelcontextprotocol/clientInfo"].name}
 * @param clientVersion its version
 * @param capabilitiesDigest SHA-256 (hex) of the canonical JSON of the client's capabilities
 * @param protocolVersion the modern version the client speaks (the upstream session gets the legacy one)
 * @param credentialDigest SHA-256 (hex) of the caller's {@code Authorization} header, {@code ""} without one: two
 *                  bearer-token callers without container authentication never share a session
 */
public record SessionKey(String principal, String clientName, String clientVersion, String capabilitiesDigest,
        String protocolVersion, String credentialDigest) {

    /** A key of a caller without credentials. */
    public SessionKey(String principal, String clientName, String clientVersion, String capabilitiesDigest,
            String protocolVersion) {
        this(principal, clientName, clientVersion, capabilitiesDigest, protocolVersion, "");
    }

    /** SHA-256 (hex) of an {@code Authorization} header; {@code ""} for none. */
    public static String credentialDigest(String authorization) {
        if (authorization == null) {
            return "";
        }
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(authorization.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Who may see what was fetched for this key (a private discover result): principal and credentials. */
    String caller() {
        return principal + '\n' + credentialDigest;
    }

    public SessionKey {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(clientName, "clientName");
        Objects.requireNonNull(clientVersion, "clientVersion");
        Objects.requireNonNull(capabilitiesDigest, "capabilitiesDigest");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(credentialDigest, "credentialDigest");
    }
}

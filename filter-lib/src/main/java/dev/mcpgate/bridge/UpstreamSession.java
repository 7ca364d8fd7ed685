package dev.mcpgate.bridge;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * One upstream session of a legacy server, as its initialize made it.
 *
 * @param key what it is shared by
 * @param sessionId the server's {@code Mcp-Session-Id} ({@code ""} for a server that gives none: stateless)
 * @param protocolVersion the version the server chose in its initialize result
 * @param initializeResult the server's initialize result (capabilities, serverInfo, instructions)
 */
public record UpstreamSession(SessionKey key, String sessionId, String protocolVersion, JsonObject initializeResult) {

    public UpstreamSession {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        Objects.requireNonNull(initializeResult, "initializeResult");
    }
}

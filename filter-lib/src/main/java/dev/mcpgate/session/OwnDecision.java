package dev.mcpgate.session;

import dev.mcpgate.protocol.Era;

/**
 * What {@code own} mode does with one request, by the session rules of the legacy Streamable HTTP
 * transport (MCP 2025-03-26 … 2025-11-25): pure logic, decided from the HTTP method, the era, whether
 * the body is an {@code initialize}, and what the session store knows of the id presented.
 */
public enum OwnDecision {
    /** Pass the request to the server: a modern-era request, a method the filter leaves alone, or a live session. */
    PASS,
    /** An {@code initialize}: pass it, and give a successful answer a new session id. */
    START,
    /** 400: a legacy request other than {@code initialize} without {@code Mcp-Session-Id}. */
    SESSION_REQUIRED,
    /** 404: an id the store does not know (never minted, deleted, or expired); the client must initialize again. */
    SESSION_UNKNOWN,
    /** 204: DELETE of a live session; the filter ends it and the server never sees the request. */
    DELETE,
    /** 405 with {@code Allow}: GET, the server-to-client stream, which a server that keeps no session cannot offer. */
    NO_STREAM,
    /** 503 with {@code Retry-After}: {@code max-sessions} reached, no new session now. */
    FULL;

    /**
     * The decision for one request.
     *
     * @param httpMethod   the HTTP method
     * @param era          the request's era (see {@link dev.mcpgate.protocol.EraDetector})
     * @param initialize   whether the body is an {@code initialize} request
     * @param hasSessionId whether the request carries an {@code Mcp-Session-Id}
     * @param sessionLive  whether the store holds that session, unexpired
     * @param full         whether the store holds {@code max-sessions} sessions
     */
    public static OwnDecision of(String httpMethod, Era era, boolean initialize, boolean hasSessionId,
                                 boolean sessionLive, boolean full) {
        if (era == Era.MODERN) {
            return PASS; // 2026-07-28 removed sessions: never force one on a modern request
        }
        switch (httpMethod) {
            case "GET":
                return NO_STREAM;
            case "DELETE":
                return sessionDecision(hasSessionId, sessionLive, DELETE);
            case "POST":
                if (initialize) {
                    return full ? FULL : START;
                }
                return sessionDecision(hasSessionId, sessionLive, PASS);
            default:
                return PASS; // OPTIONS (CORS), PUT…: the server answers what it does not serve
        }
    }

    private static OwnDecision sessionDecision(boolean hasSessionId, boolean sessionLive, OwnDecision live) {
        if (!hasSessionId) {
            return SESSION_REQUIRED;
        }
        return sessionLive ? live : SESSION_UNKNOWN;
    }
}

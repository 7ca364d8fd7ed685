package dev.mcpgate.event;

import java.util.Locale;

/**
 * What a request or its answer did against the MCP specification or the operator's policy, as the
 * guard saw it. A row whose outcome is {@link Outcome#REJECTED} names the violation that refused it;
 * a row with any other outcome and a violation is one the guard only reported (level {@code report}:
 * the exchange went on, the row says what {@code enforce} would have refused).
 */
public enum Violation {
    /** An {@code Origin} header that is not allowed (HTTP 403). */
    ORIGIN,
    /** A {@code Host} header that is not allowed: DNS rebinding (HTTP 403). */
    HOST,
    /** An {@code MCP-Protocol-Version} the endpoint does not support (HTTP 400). */
    PROTOCOL_VERSION,
    /** {@code Mcp-Method}, {@code Mcp-Name} or the version header disagrees with the body (HTTP 400, -32020). */
    HEADER_MISMATCH,
    /** A body longer than the limit (HTTP 413). */
    BODY_TOO_LARGE,
    /** A message that names a member twice, or carries content after it (HTTP 400). */
    AMBIGUOUS_MESSAGE,
    /** A session id longer than 128 characters or outside visible ASCII (HTTP 400). */
    SESSION_ID,
    /** A session presented by another principal than the one that created it (HTTP 404). */
    PRINCIPAL,
    /** {@code own} mode: a request without the session id it needs (HTTP 400). */
    SESSION_REQUIRED,
    /** {@code own} mode: an unknown, deleted or expired session id (HTTP 404). */
    SESSION_UNKNOWN,
    /** {@code own} mode: the session store is full (HTTP 503). */
    SESSION_LIMIT,
    /** An HTTP method the endpoint does not serve (HTTP 405). */
    METHOD_NOT_ALLOWED,
    /** An error answer that is not a JSON-RPC message (a stack trace, an HTML page): replaced under {@code enforce}. */
    ERROR_BODY,
    /**
     * A {@code Last-Event-ID} this session was never given: another session's event id, a stream it
     * never had (HTTP 404), or no id of McpGate's at all (HTTP 400).
     */
    EVENT_ID;

    /**
     * Whether the check has a level ({@code off}, {@code report}, {@code enforce}) that the
     * {@code guard} setting and a {@code guard-<check>} setting of its own choose. The {@code own}
     * mode's violations have none (a filter that owns the sessions must answer them: the server
     * behind it knows no sessions), nor has a foreign {@code Last-Event-ID} (the filter's own replay
     * log is asked). No default branch: a new violation must say which it is.
     */
    public boolean hasLevel() {
        return switch (this) {
            case ORIGIN, HOST, PROTOCOL_VERSION, HEADER_MISMATCH, BODY_TOO_LARGE, AMBIGUOUS_MESSAGE, SESSION_ID,
                 PRINCIPAL, ERROR_BODY -> true;
            case SESSION_REQUIRED, SESSION_UNKNOWN, SESSION_LIMIT, METHOD_NOT_ALLOWED, EVENT_ID -> false;
        };
    }

    /** The lower-case name used in rows, metrics and log lines, e.g. {@code protocol_version}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

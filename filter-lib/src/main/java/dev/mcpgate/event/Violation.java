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

    /** The lower-case name used in rows, metrics and log lines, e.g. {@code protocol_version}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

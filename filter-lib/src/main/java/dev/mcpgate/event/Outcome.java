package dev.mcpgate.event;

import java.util.Locale;

/** How an exchange ended, as far as the MCP client is concerned. */
public enum Outcome {
    /** A result, an accepted notification, or an opened stream. */
    OK,
    /** A JSON-RPC error, or an HTTP error status without one. */
    ERROR,
    /** A {@code tools/call} result with {@code isError: true}: the tool ran and failed. */
    TOOL_ERROR,
    /** Refused by a decision the operator configured (origin, access rule, rate limit, expiry). */
    REJECTED,
    /** The container's async timeout fired before the response completed. */
    TIMEOUT,
    /** The client went away before the response completed. */
    CANCELLED,
    /**
     * The request names a member twice (two {@code method}s, two {@code params}, two
     * {@code params.name}s, ...) or carries content after its JSON-RPC message. Parsers disagree on
     * what such a request asks (the MCP server most likely acts on the last duplicate, which is
     * what the row names), so the filter records no ordinary outcome for it, and its answer never
     * reaches the catalogue history.
     */
    AMBIGUOUS,
    /**
     * The filter could not read the request's JSON-RPC message whole: the body was longer than
     * {@code max-request-capture} before its top-level object closed, stopped being JSON, was a
     * batch, or had a content type the filter does not read. The method and target recorded are
     * what the part read said, else what the client's {@code Mcp-Method} / {@code Mcp-Name}
     * headers claim, unchecked; the answer never reaches the catalogue history.
     */
    UNVERIFIED,
    /** Refused by an interceptor (a rule's {@code deny}, a rate limit, a hold denied or timed out): the server never saw it. */
    BLOCKED,
    /** Answered by an interceptor instead of the server (a rule's {@code mock}): the server never saw it. */
    MOCKED,
    /** Answered by the server after an interceptor changed the params it saw, or the result the client saw. */
    MODIFIED;

    /**
     * Whether the client got an answer that is no error: {@link #OK}, and what an interceptor answered
     * ({@link #MOCKED}) or changed ({@link #MODIFIED}, which replaces only {@code ok}). The session's
     * error count, the rollups' and the analytics' errors count every other outcome; keep
     * {@link #SUCCESS_SQL} in step.
     */
    public boolean isSuccess() {
        return this == OK || this == MODIFIED || this == MOCKED;
    }

    /** The stored outcomes of {@link #isSuccess()}, as an SQL/JPQL list: {@code 'ok', 'modified', 'mocked'}. */
    public static final String SUCCESS_SQL = "'ok', 'modified', 'mocked'";

    /** The lower-case name used in rows and log lines. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

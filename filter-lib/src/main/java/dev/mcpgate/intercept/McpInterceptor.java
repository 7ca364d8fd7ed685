package dev.mcpgate.intercept;

/**
 * One step of the interceptor chain. The filter calls {@link #onRequest} for every JSON-RPC request
 * and notification a client sends (after the guard's checks, before the server), in chain order, and
 * stops at the first verdict that is not {@link RequestVerdict#proceed()} or {@link
 * RequestVerdict.Action#MODIFY modify} (a modification is passed on to the next interceptor, which sees
 * the new params). When an interceptor {@linkplain #wantsResponse wants the response}, the filter holds
 * the server's answer back (JSON body or the SSE event that carries the response) and calls {@link
 * #onResponse} in reverse chain order before the client sees it.
 *
 * <p>Implementations must be thread-safe: one instance serves every request. {@code onRequest} runs on
 * the request thread; it may block (a hold for approval does), but every blocked call costs a server
 * thread, so bound it.
 */
public interface McpInterceptor {

    /** The name rows, counters and logs use for this interceptor's verdicts when a verdict names no rule. */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Whether a failure of this interceptor refuses the request (fail-closed) instead of letting it
     * through (fail-open, the default). A security control that must not be bypassed by its own
     * failure says {@code true}.
     */
    default boolean failClosed() {
        return false;
    }

    /** The request phase: what to do with this request before the server sees it. */
    default RequestVerdict onRequest(InterceptedRequest request) {
        return RequestVerdict.proceed();
    }

    /**
     * Whether {@link #onResponse} must see the answer to this request. Holding an answer back costs
     * its buffering; say {@code true} only for the requests you act on (for instance {@code tools/list}).
     */
    default boolean wantsResponse(InterceptedRequest request) {
        return false;
    }

    /** The response phase: what the client sees of the server's answer. */
    default ResponseVerdict onResponse(InterceptedRequest request, InterceptedResponse response) {
        return ResponseVerdict.proceed();
    }
}

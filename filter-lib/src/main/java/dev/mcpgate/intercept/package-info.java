/**
 * The interceptor SPI: an ordered chain of {@link dev.mcpgate.intercept.McpInterceptor}s that may let a
 * JSON-RPC request through, change its params, block it, answer it without the server, delay it, and
 * change or replace the result the server gave. The filter runs the chain only when at least one
 * interceptor is installed; without one, nothing here is touched and no byte changes.
 *
 * <p>Interceptors are found as CDI beans (ordered by {@code jakarta.annotation.Priority}, lower first)
 * and through {@link java.util.ServiceLoader} without CDI. An interceptor that throws never breaks the
 * exchange: the filter goes on as if it had said {@link dev.mcpgate.intercept.RequestVerdict#proceed()}
 * and counts the failure, unless the interceptor declares itself {@linkplain McpInterceptor#failClosed()
 * fail-closed}, when the request is refused with a JSON-RPC internal error.
 *
 * <p>Every verdict other than "proceed" becomes the request's row: outcome {@code blocked},
 * {@code mocked} or {@code modified}, with the name of the rule that decided.
 *
 * <p>Imports: the JDK, Jakarta JSON Processing, {@code dev.mcpgate.protocol}. Not the servlet API:
 * the filter adapts its exchange to {@link dev.mcpgate.intercept.InterceptedRequest}.
 */
package dev.mcpgate.intercept;

/**
 * Traces: one OpenTelemetry span per exchange, named and attributed after the OpenTelemetry semantic
 * conventions for MCP (status Development), its parent taken from {@code params._meta.traceparent}
 * or the W3C {@code traceparent}/{@code tracestate} request headers.
 *
 * <p>The OpenTelemetry API is an optional dependency: {@link dev.mcpgate.trace.ExchangeTracer} and its
 * no-op are plain Java, {@link dev.mcpgate.trace.Tracing} picks the implementation at {@code init}, and
 * only the {@code Otel*} classes of this package name {@code io.opentelemetry}; none of them is loaded
 * when the API is absent or {@code tracing=off}.
 *
 * <p>May import {@code event}, {@code protocol} and {@code redact}. Names neither the Servlet API nor JDBC.
 */
package dev.mcpgate.trace;

/**
 * Micrometer meters of an endpoint, named after the OpenTelemetry semantic conventions for MCP
 * ({@code mcp.server.operation.duration}, {@code mcp.server.session.duration}) plus McpGate's own
 * ({@code mcpgate.*}: sessions, queue, drops, the store's writer, guard violations, catalogue
 * versions). {@link dev.mcpgate.metrics.McpMeters} is an {@link dev.mcpgate.event.EventSink}: it is fed
 * by the dispatcher, never on a request thread.
 *
 * <p>Micrometer is an optional dependency of the filter: only this package names it, and the filter
 * loads this package only when Micrometer is on the class path and a {@code MeterRegistry} is found.
 *
 * <p>May import {@code event}, {@code protocol} and Micrometer.
 */
package dev.mcpgate.metrics;

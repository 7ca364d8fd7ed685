/**
 * {@code /mcpgate/metrics}: the Prometheus registry the WAR hands to {@code McpSessionFilter} (servlet
 * context attribute {@code dev.mcpgate.metrics.MeterRegistry}), with the JVM's meters, and the
 * servlet that a Prometheus server scrapes with the role {@code mcpgate-metrics} (or
 * {@code mcpgate-admin}).
 *
 * <p>May import {@code dev.mcpgate.metrics}, Micrometer (its Prometheus registry) and the Servlet
 * API.
 */
package dev.mcpgate.gateway.metrics;

/**
 * The gateway WAR's wiring: its settings ({@link dev.mcpgate.gateway.GatewaySetting},
 * {@link dev.mcpgate.gateway.GatewayConfig}), the filter defaults it sets where no source does, and
 * the listener that installs {@code /mcp} as the demo server or the upstream proxy.
 *
 * <p>May import {@code dev.mcpgate}, {@code dev.mcpgate.config} (the one settings resolver),
 * {@code dev.mcpgate.redact}, {@code gateway.demo},
 * {@code gateway.proxy} and the Servlet API.
 */
package dev.mcpgate.gateway;

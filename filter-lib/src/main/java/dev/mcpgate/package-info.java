/**
 * The public face of McpGate: {@link dev.mcpgate.McpSessionFilter} (the servlet filter users map in
 * front of an MCP endpoint), {@link dev.mcpgate.McpGateEndpoint} (what an application looks up: health,
 * analytics, catalogue), the settings ({@link dev.mcpgate.Setting}, {@link dev.mcpgate.McpGateConfig})
 * and the wiring of the packages below at filter {@code init}.
 *
 * <p>May import every {@code dev.mcpgate.*} package, the Servlet API and the CDI API (looked up, never
 * required). No package below imports this one.
 */
package dev.mcpgate;

/**
 * Gateway mode: the servlet that relays each MCP exchange to the upstream server over
 * {@code java.net.http} (bodies and SSE streams as they come), its load limits, and the JSON-RPC
 * errors it answers when the upstream cannot.
 *
 * <p>May import {@code dev.mcpgate.protocol}, {@code dev.mcpgate.redact}, JSON-P, the Servlet API,
 * and {@code dev.mcpgate.gateway} for its {@link dev.mcpgate.gateway.GatewayConfig} (a cycle with that
 * package, which installs this servlet).
 */
package dev.mcpgate.gateway.proxy;

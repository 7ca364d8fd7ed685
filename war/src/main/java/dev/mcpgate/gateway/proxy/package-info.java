/**
 * Gateway mode: the servlet that relays each MCP exchange to the upstream server over
 * {@code java.net.http} (bodies and SSE streams as they come), its load limits, and the JSON-RPC
 * errors it answers when the upstream cannot.
 *
 * <p>May import {@code dev.mcpgate.protocol}, {@code dev.mcpgate.redact}, {@code dev.mcpgate.trace} (the
 * span's traceparent it sends upstream), JSON-P and the Servlet API;
 * not {@code dev.mcpgate.gateway}, which installs this servlet and hands it its
 * {@link dev.mcpgate.gateway.proxy.UpstreamSettings}.
 */
package dev.mcpgate.gateway.proxy;

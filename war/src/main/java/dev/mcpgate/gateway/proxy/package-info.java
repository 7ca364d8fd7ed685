/**
 * Gateway mode: the servlet that relays each MCP exchange to the upstream server through an
 * {@link dev.mcpgate.gateway.proxy.UpstreamClient} ({@code java.net.http}, Apache HttpClient 5 or Jetty:
 * bodies and SSE streams as they come), its load limits, and the JSON-RPC errors it answers when
 * the upstream cannot.
 *
 * <p>May import {@code dev.mcpgate.protocol}, {@code dev.mcpgate.redact}, {@code dev.mcpgate.trace} (the
 * span's traceparent it sends upstream), JSON-P, the Servlet API and the HTTP client libraries
 * ({@code java.net.http}, {@code org.apache.hc}, {@code org.eclipse.jetty.client});
 * not {@code dev.mcpgate.gateway}, which installs this servlet and hands it its
 * {@link dev.mcpgate.gateway.proxy.UpstreamSettings}.
 */
package dev.mcpgate.gateway.proxy;

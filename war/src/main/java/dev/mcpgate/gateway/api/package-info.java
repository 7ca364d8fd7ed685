/**
 * The analytics and health API under {@code /mcpgate/api}: query parsing, the answers as JSON
 * (JSON-B), and the errors it returns for a bad parameter, a filter not started or a store that is
 * unreachable; the approvals API ({@code /mcpgate/api/approvals}) that lists and decides held calls.
 *
 * <p>May import {@code dev.mcpgate} (the endpoint it looks up), {@code approval}, {@code event}, {@code guard},
 * {@code schema}, {@code store}, {@code redact}, {@code gateway.proxy} (its load figures), JSON-P,
 * JSON-B and the Servlet API.
 */
package dev.mcpgate.gateway.api;

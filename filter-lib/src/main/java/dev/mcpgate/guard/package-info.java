/**
 * The spec checks run before a request reaches the server (Origin and Host, protocol version,
 * header/body agreement, body size, ambiguous messages, session id form, principal binding, error
 * hygiene), each at its level {@code off}, {@code report} or {@code enforce}, and the error bodies the
 * specification prescribes for a refusal. Servlet-free: {@code web} hands it headers and envelopes.
 *
 * <p>May import {@code event}, {@code protocol} and {@code redact}.
 */
package dev.mcpgate.guard;

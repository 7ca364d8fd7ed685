/**
 * The era bridge (issue 14): 2026-07-28 ("modern") clients in front of a legacy server, and legacy clients
 * (2024-11-05 … 2025-11-25) in front of a modern server, translated in-process.
 *
 * <p>How it fits: the filter decides per exchange whether the client's era differs from the upstream's
 * ({@link dev.mcpgate.bridge.UpstreamEra}, learned or set). If so, it does not call the servlet chain; it hands
 * the exchange to an {@link dev.mcpgate.bridge.EraTranslator} on a bridge thread. The translator reads the
 * client's request ({@link dev.mcpgate.bridge.ClientCall}), talks to the server behind the filter in the
 * server's own era through a {@link dev.mcpgate.bridge.BridgeUpstream} (by default a loopback HTTP call to the
 * same endpoint, marked so that the filter passes it through unbridged and observes it as an exchange of its
 * own), and answers the client in the client's era ({@link dev.mcpgate.bridge.ClientAnswer}).
 *
 * <p>Two translators: {@code ModernToLegacy} (server/discover from the upstream's initialize, pooled upstream
 * sessions keyed by {@link dev.mcpgate.bridge.SessionKey}, resultType/ttlMs/cacheScope added,
 * subscriptions/listen from the GET stream, server-to-client requests into input-required results) and
 * {@code LegacyToModern} (initialize from server/discover, minted session ids, {@code _meta} and the
 * 2026-07-28 headers added, the GET stream from subscriptions/listen, input-required results into
 * server-to-client requests).
 *
 * <p>May import {@code protocol}, {@code session} and the JDK, JSON-P and the Servlet API; never {@code web}
 * (the filter's exchange plumbing adapts to these interfaces, not the reverse).
 */
package dev.mcpgate.bridge;

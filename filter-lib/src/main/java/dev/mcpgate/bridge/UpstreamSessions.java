package dev.mcpgate.bridge;

import java.io.IOException;

/**
 * The pool of upstream sessions a legacy server gives 2026-07-28 clients through the bridge. A session is made
 * on demand ({@code initialize} with the client's info, capabilities and the legacy version, then
 * {@code notifications/initialized}), shared by every call of the same {@link SessionKey}, ended with a DELETE
 * when idle past {@code bridge-session-idle} and made again when the server forgets it (404).
 */
public interface UpstreamSessions extends AutoCloseable {

    /**
     * The live session for the key, made now if there is none (blocking: the initialize round trip).
     *
     * @param authorization the client's Authorization header to forward, or {@code null}
     * @throws IOException when the upstream refused or failed the initialize
     */
    UpstreamSession acquire(SessionKey key, String authorization) throws IOException, InterruptedException;

    /** Drops a session the server answered 404 for; the next {@link #acquire} makes a new one. */
    void invalidate(UpstreamSession session);

    /** DELETEs every pooled session (best effort) and forgets them. */
    @Override
    void close();
}

package dev.mcpgate.bridge;

import java.io.IOException;
import java.util.Objects;

/**
 * The legacy server answered 404 for a pooled session: it no longer knows it. Thrown by {@link ListenRelay}
 * before anything was written to the client, so that the caller can
 * {@link UpstreamSessions#invalidate invalidate} the session and try once more with a fresh one.
 */
public final class UpstreamSessionGone extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient UpstreamSession session;

    public UpstreamSessionGone(UpstreamSession session) {
        super("the upstream server no longer knows session " + Objects.requireNonNull(session, "session").sessionId());
        this.session = session;
    }

    /** The session the server forgot. */
    public UpstreamSession session() {
        return session;
    }
}

package dev.mcpgate.web;

import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.SessionStarted;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.SessionIds;
import dev.mcpgate.session.Expiry;
import dev.mcpgate.session.SessionStore;
import dev.mcpgate.session.TrackedSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Session bookkeeping. In {@code observe} mode the MCP server owns the sessions, the filter only
 * learns of their start and end and reports them as events; it never changes an exchange. In
 * {@code own} mode the same book holds the sessions the filter minted ({@link OwnedSessions}
 * decides), and a session is also checked for expiry every time it is used, not only by the sweep.
 */
public final class SessionBook {

    /**
     * Longer ids are not tracked. The MCP specification does not bound a session id's length; 128
     * is generous for the UUIDs, JWTs and hashes servers mint, and bounds what a client can make the
     * filter hold per session.
     */
    static final int MAX_SESSION_ID_LENGTH = 128;

    private final String endpoint;
    private final SessionStore store;
    private final EventQueue events;
    private final GateMetrics metrics;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final boolean expireOnUse;
    /** Told of every session that ends (the replay logs of its streams go). */
    private volatile java.util.function.Consumer<String> endedListener = id -> { };
    /** The path of the last session started, shared by the next one at the same path. */
    private volatile String lastPath;

    public SessionBook(String endpoint, SessionStore store, EventQueue events, GateMetrics metrics,
                       Duration idleTimeout, Duration absoluteTimeout) {
        this(endpoint, store, events, metrics, idleTimeout, absoluteTimeout, false);
    }

    /**
     * @param expireOnUse whether a session past its idle or absolute timeout is ended when a request
     *                    names it ({@code own} mode: an expired session must be refused at once, not
     *                    at the next sweep), rather than by the sweep alone
     */
    public SessionBook(String endpoint, SessionStore store, EventQueue events, GateMetrics metrics,
                       Duration idleTimeout, Duration absoluteTimeout, boolean expireOnUse) {
        this.expireOnUse = expireOnUse;
        this.endpoint = endpoint;
        this.store = store;
        this.events = events;
        this.metrics = metrics;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
    }

    /**
     * The tracked session a request names, noted as used now; {@code null} when not tracked — or,
     * with {@code expireOnUse}, when it has just been found expired (then it is ended here, with
     * its idle or absolute timeout as the reason, before the request could renew it).
     */
    TrackedSession touch(String sessionId, long nowMillis) {
        TrackedSession session = find(sessionId);
        if (session == null) {
            return null;
        }
        if (expireOnUse) {
            Expiry expiry = Expiry.of(session, nowMillis, idleTimeout, absoluteTimeout);
            if (expiry != Expiry.ALIVE) {
                expire(session, expiry, Instant.ofEpochMilli(nowMillis));
                return null;
            }
        }
        session.touch(nowMillis);
        store.touched(session);
        return session;
    }

    /** Tells {@code listener} the id of every session that ends, after its end was recorded. Call before the first exchange. */
    public void onSessionEnded(java.util.function.Consumer<String> listener) {
        this.endedListener = listener;
    }

    /**
     * The server is answering {@code initialize} with this session id: track it before the answer
     * reaches the client, so that the client's next request already finds it.
     *
     * @return whether the store took it ({@code false}: an id that cannot be tracked, or the store is full)
     */
    boolean track(String sessionId, String servletPath, String pathInfo, String protocolVersion, ClientIdentity client,
               String principal, Instant at) {
        boolean kept = keep(sessionId, servletPath, pathInfo, protocolVersion, client, principal, at);
        if (!kept && trackable(sessionId)) {
            metrics.sessionUntracked(); // observe mode: the session goes on at the server, unobserved
        }
        return kept;
    }

    /**
     * Keeps a session the filter minted ({@code own} mode) — {@link #track} without counting a full
     * store as an untracked session: the caller refuses the {@code initialize} (503) and counts that.
     *
     * @return whether the store took it
     */
    boolean keep(String sessionId, String servletPath, String pathInfo, String protocolVersion, ClientIdentity client,
               String principal, Instant at) {
        if (!trackable(sessionId)) {
            return false;
        }
        TrackedSession session = new TrackedSession(sessionId, path(servletPath, pathInfo), Era.LEGACY,
                protocolVersion, client, principal, at.toEpochMilli());
        return store.save(session);
    }

    /**
     * The server answered {@code initialize} with this session id: track it (unless
     * {@link #track} already did) with the negotiated version, and report the start.
     */
    void started(String sessionId, String servletPath, String pathInfo, String protocolVersion, ClientIdentity client,
                 String principal, Instant at) {
        TrackedSession tracked = find(sessionId);
        if (tracked != null && tracked.startedMillis() == at.toEpochMilli()) {
            tracked.negotiated(protocolVersion);
        } else {
            track(sessionId, servletPath, pathInfo, protocolVersion, client, principal, at);
        }
        events.offer(new SessionStarted(at, endpoint, sessionId, Era.LEGACY, protocolVersion, client, principal));
    }

    /** An {@code initialize} tracked early turned out not to start a session after all. */
    void untrack(String sessionId) {
        if (trackable(sessionId)) {
            store.remove(sessionId);
        }
    }

    /**
     * The session ended. A session that was not tracked (the bound was reached, or the application
     * restarted since it began) is still reported when the client deleted it, with what is known.
     */
    void ended(String sessionId, EndReason reason, Instant at) {
        TrackedSession session = trackable(sessionId) ? store.remove(sessionId) : null;
        if (session != null) {
            events.offer(endedEvent(session, reason, at));
        } else if (reason == EndReason.CLIENT_DELETE) {
            events.offer(new SessionEnded(at, endpoint, sessionId, reason, null, null, 0, 0));
        }
        endedListener.accept(sessionId);
    }

    /**
     * The server accepted a DELETE that named this session: the client ended it — when the DELETE
     * went to the path the session was started at (see {@link #notFound}). A session that is not
     * tracked is reported with what is known, wherever the DELETE went.
     */
    void deleted(String sessionId, String servletPath, String pathInfo, Instant at) {
        TrackedSession session = find(sessionId);
        if (session == null || session.path() == null || isPath(session.path(), servletPath, pathInfo)) {
            ended(sessionId, EndReason.CLIENT_DELETE, at);
        }
    }

    /**
     * The server answered 404 to a request that named this session. That ends the session only
     * when the request went to the path the session was started at (servlet path + path info of
     * its {@code initialize}): a filter mapped at {@code /mcp/*} also sees requests for other
     * paths, and a 404 for {@code /mcp/other} says nothing about the session of {@code /mcp}. A
     * session of unknown path ends on any 404.
     */
    void notFound(String sessionId, String servletPath, String pathInfo, Instant at) {
        TrackedSession session = find(sessionId);
        if (session != null && (session.path() == null || isPath(session.path(), servletPath, pathInfo))) {
            ended(sessionId, EndReason.UPSTREAM_NOT_FOUND, at);
        }
    }

    /** The path of a request, the instance of the last session's when they are equal (most are). */
    private String path(String servletPath, String pathInfo) {
        String last = lastPath;
        if (last != null && isPath(last, servletPath, pathInfo)) {
            return last;
        }
        String path = nullToEmpty(servletPath) + nullToEmpty(pathInfo);
        lastPath = path;
        return path;
    }

    /** Whether {@code path} is {@code servletPath + pathInfo}, without building the latter. */
    static boolean isPath(String path, String servletPath, String pathInfo) {
        String first = nullToEmpty(servletPath);
        String second = nullToEmpty(pathInfo);
        return path.length() == first.length() + second.length() && path.startsWith(first)
                && path.startsWith(second, first.length());
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Whether the session is tracked now. */
    boolean isTracked(String sessionId) {
        return find(sessionId) != null;
    }

    /** Ends every session past its idle or absolute timeout; returns how many. */
    public int sweep(Instant now) {
        long nowMillis = now.toEpochMilli();
        List<TrackedSession> expired = new ArrayList<>();
        store.forEach(session -> {
            if (Expiry.of(session, nowMillis, idleTimeout, absoluteTimeout) != Expiry.ALIVE) {
                expired.add(session);
            }
        });
        int ended = 0;
        for (TrackedSession session : expired) {
            Expiry expiry = Expiry.of(session, nowMillis, idleTimeout, absoluteTimeout);
            if (expiry != Expiry.ALIVE && expire(session, expiry, now)) {
                ended++;
            }
        }
        return ended;
    }

    /** Ends an expired session, unless another thread (a request, the sweep) ended it first. */
    private boolean expire(TrackedSession session, Expiry expiry, Instant at) {
        if (store.remove(session.id()) == null) {
            return false;
        }
        EndReason reason = expiry == Expiry.IDLE ? EndReason.IDLE_TIMEOUT : EndReason.ABSOLUTE_TIMEOUT;
        events.offer(endedEvent(session, reason, at));
        endedListener.accept(session.id());
        return true;
    }

    /** Sessions tracked now. */
    public int size() {
        return store.size();
    }

    /**
     * Whether an id can be tracked at all: one the specification allows — only visible ASCII
     * characters (0x21 to 0x7E) — and at most {@link #MAX_SESSION_ID_LENGTH} long. Other ids are
     * still reported in events (the store keeps them apart, however long or odd), never tracked.
     */
    static boolean trackable(String sessionId) {
        return SessionIds.isWellFormed(sessionId, MAX_SESSION_ID_LENGTH);
    }

    /** The tracked session a request names, not noted as used; {@code null} when not tracked. */
    TrackedSession find(String sessionId) {
        return trackable(sessionId) ? store.find(sessionId) : null;
    }

    private SessionEnded endedEvent(TrackedSession session, EndReason reason, Instant at) {
        return new SessionEnded(at, endpoint, session.id(), reason, Instant.ofEpochMilli(session.startedMillis()),
                Instant.ofEpochMilli(session.lastSeenMillis()), session.requestCount(), session.errorCount(),
                session.protocolVersion());
    }
}

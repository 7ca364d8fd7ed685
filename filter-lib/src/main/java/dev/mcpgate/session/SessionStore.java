package dev.mcpgate.session;

import java.util.function.Consumer;

/**
 * Where the filter keeps the sessions it tracks. The contract is deliberately tiny so that a
 * cluster can put it in an existing distributed engine (a JCache, Hazelcast, Infinispan) rather
 * than anything home-made; {@link InMemorySessionStore} is the default and the test fixture.
 *
 * <p>Implementations must be safe for concurrent use from request threads and the sweeper, and
 * must never block on I/O in {@link #find} (it runs on the request thread).
 */
public interface SessionStore {

    /** The session with this id, or {@code null}. */
    TrackedSession find(String id);

    /**
     * Stores a session, replacing one with the same id (a client may initialize again).
     *
     * @return {@code false} when the store is full and did not take a new session
     */
    boolean save(TrackedSession session);

    /** Removes and returns the session with this id, or {@code null} when there was none. */
    TrackedSession remove(String id);

    /** Sessions held now. */
    int size();

    /** Visits every session; the view is weakly consistent (sessions may come and go meanwhile). */
    void forEach(Consumer<TrackedSession> action);
}

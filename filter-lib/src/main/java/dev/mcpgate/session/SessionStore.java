package dev.mcpgate.session;

import java.util.function.Consumer;

/**
 * Where the filter keeps the sessions it tracks ({@code observe} mode) or owns ({@code own} mode).
 * The contract is deliberately tiny so that a cluster can put it in an existing distributed engine
 * (a JCache, Hazelcast, Infinispan) rather than anything home-made; {@link InMemorySessionStore} is
 * the default and the test fixture.
 *
 * <h2>Choosing a store</h2>
 * The filter takes, in this order: the class named by the setting {@code session-store}; else the
 * application's one CDI bean of type {@code SessionStore}; else the one implementation registered
 * in {@code META-INF/services/dev.mcpgate.session.SessionStore}; else an
 * {@link InMemorySessionStore} bounded to {@code max-sessions}. A class the filter creates itself
 * (setting or service file) needs a public constructor taking the {@code int} {@code max-sessions},
 * or a public no-argument one; the filter {@link #close closes} it at undeploy. A CDI bean belongs
 * to its container and is never closed by the filter, and it serves one endpoint: a second filter of
 * the application that would use it too fails its deployment (two endpoints sharing one store would
 * accept each other's {@code own}-mode ids and sweep each other's sessions).
 *
 * <h2>Rules for an implementation</h2>
 * <ul>
 *   <li>Safe for concurrent use from request threads and the sweeper.</li>
 *   <li>{@link #find} and {@link #touched} run on the request thread, on every request that names
 *       a session: they must not block on the network. A clustered store answers {@link #find}
 *       from a near cache (or a local replica) and writes back asynchronously.</li>
 *   <li>A store that hands out copies (any remote one) must write back the last use:
 *       {@link #touched} is called after every use with the session whose
 *       {@link TrackedSession#lastSeenMillis()} moved. Coalescing the writes is fine (at most one
 *       per session every few seconds: timeouts are minutes); losing them is not, or other nodes
 *       expire busy sessions as idle. The request counters are statistics: best effort.</li>
 *   <li>{@link TrackedSession} is {@link java.io.Serializable} (its fields are strings, numbers,
 *       enums and the {@link dev.mcpgate.protocol.ClientIdentity} record) for stores that
 *       serialize their values.</li>
 *   <li>{@link #forEach} visits what this node should sweep: for a clustered store, the entries
 *       this node owns (the sweep removes expired sessions with {@link #remove}, and the node
 *       whose {@code remove} returns the session reports its end — once in the cluster). A store
 *       with its own expiry (a JCache {@code ExpiryPolicy}) may still rely on the sweep for the
 *       session-ended events.</li>
 *   <li>{@link #save} returns {@code false} when the store is full: in {@code own} mode the
 *       client's {@code initialize} is then answered 503 and nothing is kept.</li>
 * </ul>
 */
public interface SessionStore {

    /** The session with this id, or {@code null}. Runs on the request thread: no network round trip. */
    TrackedSession find(String id);

    /**
     * Stores a session, replacing one with the same id (a client may initialize again).
     *
     * @return {@code false} when the store is full and did not take a new session
     */
    boolean save(TrackedSession session);

    /** Removes and returns the session with this id, or {@code null} when there was none. */
    TrackedSession remove(String id);

    /** Sessions held now (an estimate is fine for a clustered store). */
    int size();

    /** Visits every session; the view is weakly consistent (sessions may come and go meanwhile). */
    void forEach(Consumer<TrackedSession> action);

    /**
     * The session was just used: its {@link TrackedSession#lastSeenMillis()} moved. A store that
     * keeps the very instance {@link #find} returned (as {@link InMemorySessionStore} does) has
     * nothing to do; a store that keeps copies writes the new last use back, without blocking.
     */
    default void touched(TrackedSession session) {
    }

    /**
     * Where the replay logs of this store's sessions live (setting {@code resume}). The default keeps
     * them in this JVM ({@link InMemoryReplayStore}); a clustered store may return one that keeps them
     * in its engine. Called once, at filter start, with the bounds of the settings
     * {@code replay-max-events}, {@code replay-max-stream-bytes}, {@code replay-max-bytes} and
     * {@code max-sessions}.
     */
    default ReplayStore replayStore(int maxEvents, long maxStreamBytes, long maxBytes, int maxSessions) {
        return new InMemoryReplayStore(maxEvents, maxStreamBytes, maxBytes, maxSessions);
    }

    /** The filter is going away; release what the store holds. Not called for a CDI bean. */
    default void close() {
    }
}

package dev.mcpgate.session;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * What the filter knows of one client session. Identity fields are fixed when the session starts;
 * the last use and the counters change with every request, from many threads, without locks.
 *
 * <p>Kept small on purpose (a gateway may track 100,000 idle sessions): two longs for times, two
 * for counters, references shared where they can be (the client identity and the path of many
 * sessions are the same instances when the caller interns them).
 *
 * <p>Serializable for {@link SessionStore}s that keep their values serialized (a clustered cache).
 */
public final class TrackedSession implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final AtomicLongFieldUpdater<TrackedSession> REQUESTS =
            AtomicLongFieldUpdater.newUpdater(TrackedSession.class, "requestCount");
    private static final AtomicLongFieldUpdater<TrackedSession> ERRORS =
            AtomicLongFieldUpdater.newUpdater(TrackedSession.class, "errorCount");

    private final String id;
    private final String path;
    private final Era era;
    private volatile String protocolVersion;
    private final ClientIdentity client;
    private final String principal;
    private final long startedMillis;
    private volatile long lastSeenMillis;
    private volatile long requestCount;
    private volatile long errorCount;

    public TrackedSession(String id, Era era, String protocolVersion, ClientIdentity client, String principal,
                          long startedMillis) {
        this(id, null, era, protocolVersion, client, principal, startedMillis);
    }

    /**
     * @param path where the session was started inside the application (servlet path and path
     *             info of its {@code initialize}), or {@code null} when unknown
     */
    public TrackedSession(String id, String path, Era era, String protocolVersion, ClientIdentity client,
                          String principal, long startedMillis) {
        this.id = id;
        this.path = path;
        this.era = era;
        this.protocolVersion = protocolVersion;
        this.client = client == null ? ClientIdentity.UNKNOWN : client;
        this.principal = principal;
        this.startedMillis = startedMillis;
        this.lastSeenMillis = startedMillis;
    }

    /** Notes a request of this session at the given time. */
    public void touch(long nowMillis) {
        if (nowMillis > lastSeenMillis) {
            lastSeenMillis = nowMillis;
        }
    }

    /** Sets the protocol version the server chose, once its {@code initialize} answer has been read. */
    public void negotiated(String version) {
        if (version != null) {
            protocolVersion = version;
        }
    }

    /** Counts one completed request, and whether it failed. */
    public void countRequest(boolean failed) {
        REQUESTS.incrementAndGet(this);
        if (failed) {
            ERRORS.incrementAndGet(this);
        }
    }

    public String id() {
        return id;
    }

    /**
     * Where the session was started inside the application: the servlet path and path info of its
     * {@code initialize}, e.g. {@code /mcp}; {@code null} when unknown.
     */
    public String path() {
        return path;
    }

    public Era era() {
        return era;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public ClientIdentity client() {
        return client;
    }

    public String principal() {
        return principal;
    }

    public long startedMillis() {
        return startedMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    public long requestCount() {
        return requestCount;
    }

    public long errorCount() {
        return errorCount;
    }

    @Override
    public String toString() {
        return "TrackedSession[" + id + ", " + client.name() + "]";
    }
}

package dev.mcpgate.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link SessionStore} in this JVM's memory, bounded to a maximum number of sessions. The
 * default store, and the fixture the unit tests use.
 */
public final class InMemorySessionStore implements SessionStore {

    private final ConcurrentHashMap<String, TrackedSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int maxSessions;

    public InMemorySessionStore(int maxSessions) {
        if (maxSessions <= 0) {
            throw new IllegalArgumentException("maxSessions must be greater than 0");
        }
        this.maxSessions = maxSessions;
    }

    @Override
    public TrackedSession find(String id) {
        return sessions.get(id);
    }

    @Override
    public boolean save(TrackedSession session) {
        if (sessions.computeIfPresent(session.id(), (id, old) -> session) != null) {
            return true;
        }
        if (size.incrementAndGet() > maxSessions) {
            size.decrementAndGet();
            return false;
        }
        if (sessions.putIfAbsent(session.id(), session) != null) {
            size.decrementAndGet(); // another thread saved the same id first
            sessions.put(session.id(), session);
        }
        return true;
    }

    @Override
    public TrackedSession remove(String id) {
        TrackedSession removed = sessions.remove(id);
        if (removed != null) {
            size.decrementAndGet();
        }
        return removed;
    }

    @Override
    public int size() {
        return size.get();
    }

    @Override
    public void forEach(Consumer<TrackedSession> action) {
        sessions.values().forEach(action);
    }
}

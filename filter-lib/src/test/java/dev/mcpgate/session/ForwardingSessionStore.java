package dev.mcpgate.session;

import java.util.function.Consumer;

/**
 * Test fixture: a {@link SessionStore} that forwards to an in-memory store (10 sessions) and
 * remembers whether it was closed. Tests subclass it to make one method fail, fill up meanwhile,
 * or take constructor arguments, as a real store of another kind would.
 */
public abstract class ForwardingSessionStore implements SessionStore {

    public final InMemorySessionStore memory = new InMemorySessionStore(10);
    public boolean closed;

    @Override
    public TrackedSession find(String id) {
        return memory.find(id);
    }

    @Override
    public boolean save(TrackedSession session) {
        return memory.save(session);
    }

    @Override
    public TrackedSession remove(String id) {
        return memory.remove(id);
    }

    @Override
    public int size() {
        return memory.size();
    }

    @Override
    public void forEach(Consumer<TrackedSession> action) {
        memory.forEach(action);
    }

    @Override
    public void close() {
        closed = true;
    }
}

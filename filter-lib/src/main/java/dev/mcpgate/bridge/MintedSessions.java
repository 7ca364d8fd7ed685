package dev.mcpgate.bridge;

import dev.mcpgate.session.SessionIdMint;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The sessions the bridge minted for legacy clients of a 2026-07-28 server (which keeps none): in memory, at
 * most {@code bridge-max-sessions} (past it the oldest session that did nothing after its initialize makes room,
 * and when every one did something, a new initialize is refused), ended when unused for
 * {@code bridge-session-idle} by a sweep on the endpoint's scheduler.
 */
final class MintedSessions implements AutoCloseable {

    private final Map<String, MintedSession> sessions = new ConcurrentHashMap<>();
    private final SessionIdMint mint;
    private final int maxSessions;
    private final long idleNanos;
    private final LongSupplier clock;
    private final ScheduledFuture<?> sweep;

    MintedSessions(BridgeSettings settings, ScheduledExecutorService scheduler, SessionIdMint mint,
            LongSupplier clock) {
        this.mint = mint;
        this.maxSessions = settings.maxSessions();
        this.idleNanos = settings.sessionIdle().toNanos();
        this.clock = clock;
        long every = Math.max(1_000L, Math.min(settings.sessionIdle().toMillis() / 2, Duration.ofMinutes(1).toMillis()));
        this.sweep = scheduler == null ? null
                : scheduler.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * A new session, or {@code null} when {@code bridge-max-sessions} are held and each of them did something
     * after its initialize (a flood of initialize requests evicts its own kind, never a working client).
     */
    MintedSession create(String principal, String protocolVersion, JsonObject clientInfo, JsonObject capabilities) {
        if (sessions.size() >= maxSessions) {
            sweep();
            while (sessions.size() >= maxSessions) {
                if (!evictUnproven()) {
                    return null;
                }
            }
        }
        MintedSession session = new MintedSession(mint.next(), principal, protocolVersion, clientInfo, capabilities,
                clock.getAsLong());
        sessions.put(session.id(), session);
        return session;
    }

    /**
     * The live session with that id for that caller, touched; {@code null} when unknown, ended, idle past the
     * limit (ended now), or made by another principal (which must not learn that it exists).
     */
    MintedSession find(String id, String principal) {
        MintedSession session = id == null ? null : sessions.get(id);
        if (session == null) {
            return null;
        }
        long now = clock.getAsLong();
        if (session.idleSince(now, idleNanos)) {
            remove(id);
            return null;
        }
        if (session.principal() != null && !session.principal().equals(principal)) {
            return null;
        }
        session.touch(now);
        return session;
    }

    /** Ends and forgets a session; false when there was none. */
    boolean remove(String id) {
        MintedSession session = sessions.remove(id);
        if (session != null) {
            session.end();
        }
        return session != null;
    }

    int size() {
        return sessions.size();
    }

    /** Ends the least recently used session that did nothing after its initialize; false when there is none. */
    private boolean evictUnproven() {
        return sessions.values().stream().filter(MintedSession::unproven)
                .min(Comparator.comparingLong(MintedSession::lastUsedNanos))
                .map(s -> remove(s.id()) || true).orElse(false);
    }

    /** Ends the sessions unused for longer than the idle limit. */
    void sweep() {
        long now = clock.getAsLong();
        sessions.values().stream().filter(s -> s.idleSince(now, idleNanos)).map(MintedSession::id).toList()
                .forEach(this::remove);
    }

    @Override
    public void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        sessions.keySet().stream().toList().forEach(this::remove);
    }
}

package dev.mcpgate.bridge;

import dev.mcpgate.session.SessionIdMint;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The upstream calls parked while a 2026-07-28 client gathers the input that the legacy server asked for with
 * a server-to-client request (multi round-trip requests). Each is known by its {@code requestState}: a random
 * token, useless to anyone who did not receive it, bound to the caller (principal, client identity,
 * capabilities), the method and the name of the call that parked it, and kept at most
 * {@code bridge-input-timeout}; then it is abandoned (the server's request answered with an error, the call
 * cancelled). At most {@link #MAX_WAITS} calls wait at once, and at most {@link #MAX_WAITS_PER_KEY} of one
 * caller: one client that parks calls without ever retrying cannot fill the bridge's memory or lock others out.
 */
final class InputWaits implements AutoCloseable {

    /**
     * One parked call.
     *
     * @param serverIds the server's JSON-RPC request id per input key still to answer
     * @param requests the input request per key, as the client was asked
     */
    record Wait(String token, SessionKey key, String method, String name, UpstreamSession session,
            String authorization, UpstreamMessages messages, String upstreamId, Map<String, JsonValue> serverIds,
            Map<String, JsonObject> requests) {
    }

    /** Most parked calls at once, of all callers. */
    static final int MAX_WAITS = 4096;
    /** Most parked calls at once of one caller (principal, client identity, capabilities). */
    static final int MAX_WAITS_PER_KEY = 64;
    /** JSON-RPC's implementation-defined server error, for "busy, try again". */
    static final int SERVER_BUSY = -32000;

    private final SessionIdMint mint = new SessionIdMint();
    private final ScheduledExecutorService scheduler;
    private final Duration timeout;
    private final Consumer<Wait> abandon;
    private final ConcurrentHashMap<String, Parked> waits = new ConcurrentHashMap<>();
    /** Parked calls per caller; guarded by {@code this} (with the admission to {@link #waits}). */
    private final Map<SessionKey, Integer> perKey = new HashMap<>();
    private final int maxWaits;
    private final int maxPerKey;

    /**
     * @param abandon what to do with a wait that expired or is dropped at close (runs on the scheduler)
     */
    InputWaits(ScheduledExecutorService scheduler, Duration timeout, Consumer<Wait> abandon) {
        this(scheduler, timeout, abandon, MAX_WAITS, MAX_WAITS_PER_KEY);
    }

    InputWaits(ScheduledExecutorService scheduler, Duration timeout, Consumer<Wait> abandon, int maxWaits,
            int maxPerKey) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.timeout = timeout;
        this.abandon = abandon;
        this.maxWaits = maxWaits;
        this.maxPerKey = maxPerKey;
    }

    /**
     * Parks a call under a new token; returns the wait with its token. Refused (503, -32000) when as many calls
     * wait as the bridge keeps, of all callers or of this one.
     */
    Wait park(SessionKey key, String method, String name, UpstreamSession session, String authorization,
            UpstreamMessages messages, String upstreamId, Map<String, JsonValue> serverIds,
            Map<String, JsonObject> requests) throws BridgeRefusal {
        Wait wait = new Wait(mint.next(), key, method, name, session, authorization, messages, upstreamId,
                Map.copyOf(serverIds), Map.copyOf(requests));
        Parked parked = new Parked(wait);
        admit(wait, parked);
        parked.expiry = scheduler.schedule(() -> expire(wait.token(), parked), timeout.toNanos(),
                TimeUnit.NANOSECONDS);
        return wait;
    }

    /**
     * Takes the wait of a retry: the token must be known, unexpired and bound to the same caller, method and name;
     * a retry that fails the check leaves the wait in place (its rightful client may still come).
     */
    Wait claim(String token, SessionKey key, String method, String name) throws BridgeRefusal {
        Parked parked = waits.get(token);
        if (parked == null) {
            throw new BridgeRefusal(400, AnswerMapping.INVALID_PARAMS, "requestState is unknown or expired "
                    + "(the McpGate bridge keeps a waiting call for bridge-input-timeout): send the request anew");
        }
        Wait wait = parked.wait;
        if (!wait.key().equals(key) || !wait.method().equals(method) || !Objects.equals(wait.name(), name)) {
            throw new BridgeRefusal(400, AnswerMapping.INVALID_PARAMS,
                    "requestState belongs to another request (caller, client, method or name differ)");
        }
        if (!waits.remove(token, parked)) {
            throw new BridgeRefusal(400, AnswerMapping.INVALID_PARAMS, "requestState was already used or expired");
        }
        release(wait.key());
        parked.cancelExpiry();
        return wait;
    }

    /** How many calls wait. */
    int size() {
        return waits.size();
    }

    @Override
    public void close() {
        close(BestEffortCalls.closeDeadline());
    }

    /** Abandons every wait: one parallel pass of the server's error answers, given up at {@code deadlineNanos}. */
    void close(long deadlineNanos) {
        List<Runnable> abandons = new java.util.ArrayList<>();
        for (Map.Entry<String, Parked> each : List.copyOf(waits.entrySet())) {
            each.getValue().cancelExpiry();
            abandons.add(() -> expire(each.getKey(), each.getValue()));
        }
        BestEffortCalls.run("waits", abandons, deadlineNanos);
    }

    private synchronized void admit(Wait wait, Parked parked) throws BridgeRefusal {
        int mine = perKey.getOrDefault(wait.key(), 0);
        if (waits.size() >= maxWaits || mine >= maxPerKey) {
            throw new BridgeRefusal(503, SERVER_BUSY, "the McpGate bridge keeps no more calls waiting for input ("
                    + (mine >= maxPerKey ? maxPerKey + " of this caller" : maxWaits + " in all")
                    + "); answer or abandon the waiting ones, then try again");
        }
        perKey.put(wait.key(), mine + 1);
        waits.put(wait.token(), parked);
    }

    private synchronized void release(SessionKey key) {
        perKey.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
    }

    private void expire(String token, Parked parked) {
        if (waits.remove(token, parked)) {
            release(parked.wait.key());
            abandon.accept(parked.wait);
        }
    }

    private static final class Parked {
        final Wait wait;
        volatile ScheduledFuture<?> expiry;

        Parked(Wait wait) {
            this.wait = wait;
        }

        void cancelExpiry() {
            ScheduledFuture<?> scheduled = expiry;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }
    }
}

package dev.mcpgate.bridge;

import jakarta.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session the bridge minted for a legacy client of a 2026-07-28 server: what the client's
 * {@code initialize} said (sent as {@code _meta} on every forwarded request), what it asked for since
 * ({@code logging/setLevel}, {@code resources/subscribe}), and what is under way for it (upstream calls,
 * server-to-client requests waiting for the client's answer, GET streams). Thread-safe.
 */
final class MintedSession {

    private final String id;
    private final String principal;
    private final String protocolVersion;
    private final JsonObject clientInfo;
    private final JsonObject capabilities;
    /** Most resources one session may subscribe to: each re-opens its listen upstream with a larger set. */
    static final int MAX_SUBSCRIPTIONS = 100;

    private final AtomicLong lastUsedNanos;
    /** Requests after initialize (notifications/initialized the first): an unproven session has at most one. */
    private final AtomicInteger touches = new AtomicInteger();
    private volatile String logLevel;
    private volatile boolean ended;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger subscriptionsVersion = new AtomicInteger();
    private final Map<String, UpstreamAnswer> inFlight = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JsonObject>> awaited = new ConcurrentHashMap<>();
    private final Map<String, Collection<CompletableFuture<JsonObject>>> waitingCalls = new ConcurrentHashMap<>();
    private final Set<AutoCloseable> streams = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextRequest = new AtomicInteger();

    /**
     * @param principal the caller that made it ({@code null}: none); other callers are told it does not exist
     * @param protocolVersion the legacy version agreed in initialize
     * @param clientInfo the client's {@code clientInfo}, or {@code null}
     * @param capabilities the client's {@code capabilities} ({@code {}} when it sent none)
     */
    MintedSession(String id, String principal, String protocolVersion, JsonObject clientInfo, JsonObject capabilities,
            long nowNanos) {
        this.id = id;
        this.principal = principal;
        this.protocolVersion = protocolVersion;
        this.clientInfo = clientInfo;
        this.capabilities = capabilities;
        this.lastUsedNanos = new AtomicLong(nowNanos);
    }

    String id() {
        return id;
    }

    String principal() {
        return principal;
    }

    String protocolVersion() {
        return protocolVersion;
    }

    JsonObject clientInfo() {
        return clientInfo;
    }

    JsonObject capabilities() {
        return capabilities;
    }

    /** Whether the client declared a capability (a top-level key of its capabilities). */
    boolean declares(String capability) {
        return capabilities.get(capability) instanceof JsonObject;
    }

    String logLevel() {
        return logLevel;
    }

    void logLevel(String level) {
        this.logLevel = level;
    }

    void touch(long nowNanos) {
        lastUsedNanos.set(nowNanos);
        touches.incrementAndGet();
    }

    /**
     * Unproven: nothing asked of it after initialize (and notifications/initialized), and nothing under way; the
     * first to go when the table is full.
     */
    boolean unproven() {
        return touches.get() <= 1 && streams.isEmpty() && inFlight.isEmpty() && awaited.isEmpty();
    }

    long lastUsedNanos() {
        return lastUsedNanos.get();
    }

    /** Idle: unused since {@code idleNanos} and nothing under way (an open GET stream or call keeps it alive). */
    boolean idleSince(long nowNanos, long idleNanos) {
        return nowNanos - lastUsedNanos.get() >= idleNanos && streams.isEmpty() && inFlight.isEmpty()
                && awaited.isEmpty();
    }

    boolean ended() {
        return ended;
    }

    // ------------------------------------------------------------------ resource subscriptions

    List<String> subscriptions() {
        return List.copyOf(subscriptions);
    }

    int subscriptionsVersion() {
        return subscriptionsVersion.get();
    }

    /**
     * Adds or removes a subscribed URI; a change re-opens the session's GET streams with the new set. False (and
     * nothing changed) when the session holds {@link #MAX_SUBSCRIPTIONS} already.
     */
    boolean subscribe(String uri, boolean on) {
        if (on && subscriptions.size() >= MAX_SUBSCRIPTIONS && !subscriptions.contains(uri)) {
            return false;
        }
        boolean changed = on ? subscriptions.add(uri) : subscriptions.remove(uri);
        if (changed) {
            subscriptionsVersion.incrementAndGet();
            streams.forEach(s -> {
                if (s instanceof ListenStream listen) {
                    listen.resubscribe();
                }
            });
        }
        return true;
    }

    // ------------------------------------------------------------------ what is under way

    /** A new id for a request the bridge sends the client (a server-to-client request) or the upstream. */
    String nextRequestId(String purpose) {
        return "mcpgate-" + purpose + "-" + nextRequest.incrementAndGet();
    }

    void started(String clientRequestId, UpstreamAnswer answer) {
        inFlight.put(clientRequestId, answer);
    }

    void finished(String clientRequestId, UpstreamAnswer answer) {
        inFlight.remove(clientRequestId, answer);
    }

    /**
     * Cancels the call of that client request id (notifications/cancelled): its upstream answer is closed, or
     * its wait for the client's input given up.
     */
    boolean cancel(String clientRequestId) {
        UpstreamAnswer answer = inFlight.remove(clientRequestId);
        if (answer != null) {
            answer.close();
        }
        Collection<CompletableFuture<JsonObject>> inputs = waitingCalls.remove(clientRequestId);
        if (inputs != null) {
            inputs.forEach(f -> f.cancel(false));
        }
        return answer != null || inputs != null;
    }

    /** The call of that client request id waits for these answers of the client (or stops waiting: null). */
    void waiting(String clientRequestId, Collection<CompletableFuture<JsonObject>> inputs) {
        if (inputs == null) {
            waitingCalls.remove(clientRequestId);
        } else {
            waitingCalls.put(clientRequestId, inputs);
        }
    }

    /** Whether the call of that client request id is still under way (not cancelled). */
    boolean running(String clientRequestId, UpstreamAnswer answer) {
        return inFlight.get(clientRequestId) == answer;
    }

    /**
     * Registers a server-to-client request the bridge sent; the client's response completes the future.
     *
     * @param requestId the request's id as {@link CallRelay#idKey} gives it
     */
    CompletableFuture<JsonObject> await(String requestId) {
        CompletableFuture<JsonObject> future = new CompletableFuture<>();
        awaited.put(requestId, future);
        future.whenComplete((r, e) -> awaited.remove(requestId, future));
        return future;
    }

    /** Hands over the client's response to a server-to-client request; false when none waits for that id. */
    boolean answered(String requestId, JsonObject response) {
        CompletableFuture<JsonObject> future = awaited.get(requestId);
        return future != null && future.complete(response);
    }

    void opened(AutoCloseable stream) {
        streams.add(stream);
    }

    void closed(AutoCloseable stream) {
        streams.remove(stream);
    }

    /** Ends everything under way (DELETE, expiry, the endpoint going away); idempotent. */
    void end() {
        ended = true;
        inFlight.values().forEach(UpstreamAnswer::close);
        inFlight.clear();
        awaited.values().forEach(f -> f.cancel(false));
        for (AutoCloseable stream : streams) {
            try {
                stream.close();
            } catch (Exception e) {
                // best effort: the stream is going away anyway
            }
        }
        streams.clear();
    }
}

package dev.mcpgate.bridge;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The legacy server's sessions that 2026-07-28 clients share through the bridge, one per {@link SessionKey}.
 * A session is made when its key is first used ({@code initialize} offering {@link MetaKeys#LEGACY_VERSION}
 * with the client's info and capabilities, then {@code notifications/initialized}); callers of the same key that
 * arrive meanwhile wait for that one handshake instead of making their own. A session unused for
 * {@code bridge-session-idle} is ended by {@link #sweep()} with a DELETE; past {@code bridge-max-sessions} the
 * least recently used one is ended to make room. A session the server forgot (404) is {@link #invalidate}d by
 * the translator and made again at the next call.
 */
public final class PooledUpstreamSessions implements UpstreamSessions {

    private static final System.Logger LOG = System.getLogger(PooledUpstreamSessions.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    private static final String DEFAULT_CLIENT_NAME = "mcpgate-bridge-client";

    private final BridgeUpstream upstream;
    private final long idleNanos;
    private final int maxSessions;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<SessionKey, Entry> entries = new ConcurrentHashMap<>();

    public PooledUpstreamSessions(BridgeUpstream upstream, BridgeSettings settings) {
        this(upstream, settings, System::nanoTime);
    }

    /** With a clock of its own (tests). */
    PooledUpstreamSessions(BridgeUpstream upstream, BridgeSettings settings, LongSupplier nanoClock) {
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.idleNanos = settings.sessionIdle().toNanos();
        this.maxSessions = settings.maxSessions();
        this.nanoClock = nanoClock;
    }

    /** A fresh JSON-RPC id for a call the bridge makes upstream (never one a client chose). */
    static String nextId() {
        return "mcpgate-bridge-" + IDS.incrementAndGet();
    }

    /** The session for the key, made with no client capabilities when there is none. */
    @Override
    public UpstreamSession acquire(SessionKey key, String authorization) throws IOException, InterruptedException {
        return acquire(key, JsonValue.EMPTY_JSON_OBJECT, authorization);
    }

    /**
     * The session for the key, made now (initialize declaring {@code capabilities}) if there is none.
     *
     * @param capabilities the client's capabilities, whose digest is the key's
     */
    public UpstreamSession acquire(SessionKey key, JsonObject capabilities, String authorization)
            throws IOException, InterruptedException {
        Entry fresh = new Entry(nanoClock.getAsLong(), authorization);
        Entry entry = entries.putIfAbsent(key, fresh);
        if (entry == null) {
            entry = fresh;
            make(key, fresh, capabilities, authorization);
            evictOverflow(fresh);
        }
        try {
            UpstreamSession session = entry.made.get();
            entry.lastUsed = nanoClock.getAsLong();
            return session;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        }
    }

    @Override
    public void invalidate(UpstreamSession session) {
        entries.computeIfPresent(session.key(), (key, entry) -> session.equals(entry.sessionOrNull()) ? null : entry);
    }

    /** The log level last set on the session ({@code logging/setLevel}), or {@code null}. */
    String logLevel(UpstreamSession session) {
        Entry entry = entries.get(session.key());
        return entry == null ? null : entry.logLevel;
    }

    /** Remembers the log level set on the session. */
    void logLevel(UpstreamSession session, String level) {
        Entry entry = entries.get(session.key());
        if (entry != null && session.equals(entry.sessionOrNull())) {
            entry.logLevel = level;
        }
    }

    /**
     * Marks the session in use by a long-lived stream (a {@code subscriptions/listen}) or a call parked for the
     * client's input, which send no request that would refresh its idle time: neither the sweep nor the overflow
     * eviction ends a held session. Pair with {@link #release}.
     */
    void hold(UpstreamSession session) {
        Entry entry = entries.get(session.key());
        if (entry != null && session.equals(entry.sessionOrNull())) {
            entry.holders.incrementAndGet();
        }
    }

    /** Ends a {@link #hold}; the session's idle time starts now. */
    void release(UpstreamSession session) {
        Entry entry = entries.get(session.key());
        if (entry != null && session.equals(entry.sessionOrNull())) {
            entry.lastUsed = nanoClock.getAsLong();
            entry.holders.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    /** How many sessions are pooled (made or being made). */
    int size() {
        return entries.size();
    }

    /** Ends every session idle longer than {@code bridge-session-idle}; the translator schedules it. */
    public void sweep() {
        long now = nanoClock.getAsLong();
        for (Map.Entry<SessionKey, Entry> each : entries.entrySet()) {
            Entry entry = each.getValue();
            UpstreamSession session = entry.sessionOrNull();
            if (session != null && entry.holders.get() == 0 && now - entry.lastUsed > idleNanos
                    && entries.remove(each.getKey(), entry)) {
                end(session, entry.authorization);
            }
        }
    }

    @Override
    public void close() {
        close(BestEffortCalls.closeDeadline());
    }

    /** Ends every session with a DELETE: one parallel pass, given up at {@code deadlineNanos} (undeploy). */
    void close(long deadlineNanos) {
        java.util.List<Runnable> deletes = new java.util.ArrayList<>();
        for (Map.Entry<SessionKey, Entry> each : entries.entrySet()) {
            UpstreamSession session = each.getValue().sessionOrNull();
            if (entries.remove(each.getKey(), each.getValue()) && session != null) {
                String authorization = each.getValue().authorization;
                deletes.add(() -> end(session, authorization));
            }
        }
        int left = BestEffortCalls.run("sessions", deletes, deadlineNanos);
        if (left > 0) {
            LOG.log(System.Logger.Level.INFO, "bridge: {0} upstream session(s) not ended at close within {1} "
                    + "(the server's own session timeout ends them)", left, BestEffortCalls.CLOSE_DEADLINE);
        }
    }

    /**
     * Makes a session that no pool holds, for a one-off look at the server's initialize result; the caller
     * {@link #end}s it.
     */
    UpstreamSession handshake(SessionKey key, JsonObject capabilities, String authorization)
            throws IOException, InterruptedException {
        String id = nextId();
        JsonObject initialize = Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", id)
                .add("method", "initialize")
                .add("params", Json.createObjectBuilder()
                        .add("protocolVersion", MetaKeys.LEGACY_VERSION)
                        .add("capabilities", capabilities)
                        .add("clientInfo", Json.createObjectBuilder()
                                .add("name", key.clientName().isEmpty() ? DEFAULT_CLIENT_NAME : key.clientName())
                                .add("version", key.clientVersion().isEmpty() ? "0" : key.clientVersion())))
                .build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json, text/event-stream");
        headers.put("Content-Type", "application/json");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        UpstreamSession session;
        try (UpstreamMessages answer = new UpstreamMessages(upstream.send(UpstreamCall.post(headers,
                initialize.toString())))) {
            JsonObject result = initializeResult(answer, id);
            session = new UpstreamSession(key, answer.answer().header("Mcp-Session-Id").orElse(""),
                    result.getString("protocolVersion", MetaKeys.LEGACY_VERSION), result);
        }
        JsonObject initialized = Json.createObjectBuilder().add("jsonrpc", "2.0")
                .add("method", "notifications/initialized").build();
        try (UpstreamAnswer answer = upstream.send(UpstreamCall.post(headers(session, authorization),
                initialized.toString()))) {
            if (answer.status() / 100 != 2) {
                end(session, authorization);
                throw new IOException("the MCP server answered notifications/initialized with HTTP " + answer.status());
            }
        }
        return session;
    }

    /**
     * Ends a session with a DELETE (best effort: a server that forgot it already is fine), authenticated as the
     * caller that made it.
     */
    void end(UpstreamSession session, String authorization) {
        if (session.sessionId().isEmpty()) {
            return;
        }
        Map<String, String> headers = headers(session, authorization);
        try (UpstreamAnswer answer = upstream.send(new UpstreamCall("DELETE", headers, null))) {
            LOG.log(System.Logger.Level.DEBUG, "bridge: ended upstream session (HTTP {0})", answer.status());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "bridge: DELETE of an upstream session failed: {0}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The headers of a POST on the session. */
    static Map<String, String> headers(UpstreamSession session, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json, text/event-stream");
        headers.put("Content-Type", "application/json");
        if (!session.sessionId().isEmpty()) {
            headers.put("Mcp-Session-Id", session.sessionId());
        }
        headers.put("MCP-Protocol-Version", session.protocolVersion());
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return headers;
    }

    private void make(SessionKey key, Entry entry, JsonObject capabilities, String authorization)
            throws InterruptedException {
        try {
            entry.made.complete(handshake(key, capabilities, authorization));
        } catch (IOException | RuntimeException e) {
            entries.remove(key, entry);
            entry.made.completeExceptionally(e);
        } catch (InterruptedException e) {
            entries.remove(key, entry);
            entry.made.completeExceptionally(new IOException("interrupted during the upstream initialize", e));
            throw e;
        }
    }

    private static JsonObject initializeResult(UpstreamMessages answer, String id) throws IOException {
        int status = answer.answer().status();
        if (status != 200) {
            throw new IOException("the MCP server answered initialize with HTTP " + status);
        }
        for (JsonObject message = answer.next(); message != null; message = answer.next()) {
            if (!message.containsKey("method") && id.equals(idText(message))) {
                if (message.get("result") instanceof JsonObject result) {
                    return result;
                }
                JsonObject error = ModernRequest.object(message.get("error"));
                throw new IOException("the MCP server refused initialize: " + error.getInt("code", 0) + " "
                        + error.getString("message", ""));
            }
        }
        throw new IOException("the MCP server's initialize answer ended without a response");
    }

    private static String idText(JsonObject message) {
        JsonValue id = message.get("id");
        return id instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(id);
    }

    /**
     * Ends the least recently used made session while the pool holds more than its maximum; a held session (a
     * listen on it, or a call parked in it) is never ended here: its stream or call would break.
     */
    private void evictOverflow(Entry keep) {
        while (entries.size() > maxSessions) {
            Map.Entry<SessionKey, Entry> oldest = null;
            for (Map.Entry<SessionKey, Entry> each : entries.entrySet()) {
                Entry entry = each.getValue();
                if (entry != keep && entry.sessionOrNull() != null && entry.holders.get() == 0
                        && (oldest == null || entry.lastUsed - oldest.getValue().lastUsed < 0)) {
                    oldest = each;
                }
            }
            if (oldest == null) {
                return; // the others are still being made, or held: nothing to end yet
            }
            if (entries.remove(oldest.getKey(), oldest.getValue())) {
                end(oldest.getValue().sessionOrNull(), oldest.getValue().authorization);
            }
        }
    }

    private static final class Entry {
        final CompletableFuture<UpstreamSession> made = new CompletableFuture<>();
        volatile long lastUsed;
        volatile String logLevel;
        final java.util.concurrent.atomic.AtomicInteger holders = new java.util.concurrent.atomic.AtomicInteger();
        /** The Authorization of the caller that made the session: its DELETE is sent with it. */
        final String authorization;

        Entry(long now, String authorization) {
            this.lastUsed = now;
            this.authorization = authorization;
        }

        UpstreamSession sessionOrNull() {
            return made.isDone() && !made.isCompletedExceptionally() ? made.getNow(null) : null;
        }
    }
}

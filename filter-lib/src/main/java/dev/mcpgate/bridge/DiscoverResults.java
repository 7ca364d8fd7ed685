package dev.mcpgate.bridge;

import static dev.mcpgate.bridge.ModernAnswerReader.JSON;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The 2026-07-28 server's {@code server/discover} result, for the legacy clients' {@code initialize}: asked
 * when needed, kept for as long as the result's own {@code ttlMs} allows (not at all without one), dropped
 * when a list change is seen.
 */
final class DiscoverResults {

    /** The upstream answered, but not with a result: its JSON-RPC response (an error) is passed on. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient JsonObject response;

        Refused(JsonObject response) {
            super("server/discover refused");
            this.response = response;
        }

        JsonObject response() {
            return response;
        }
    }

    private record Entry(JsonObject result, long expiresNanos) {
    }

    /** The scope of a result the server marked {@code cacheScope: "public"}: every caller's. */
    private static final String PUBLIC = "";
    /** Most caller scopes kept; past it the cache starts over. */
    static final int MAX_SCOPES = 1024;

    private final BridgeUpstream upstream;
    private final LongSupplier clock;
    /** By the caller's credentials (SHA-256 of its Authorization), or {@link #PUBLIC}. */
    private final java.util.concurrent.ConcurrentHashMap<String, Entry> entries = new java.util.concurrent.ConcurrentHashMap<>();

    DiscoverResults(BridgeUpstream upstream, LongSupplier clock) {
        this.upstream = upstream;
        this.clock = clock;
    }

    /**
     * The discover result, from the cache or asked now with the caller's {@code _meta}. A cached result is
     * shared only with callers of the same credentials, unless the server marked it {@code cacheScope: "public"}.
     */
    JsonObject get(ModernRequests.Caller caller) throws IOException, InterruptedException, Refused {
        long now = clock.getAsLong();
        String scope = "\u0001" + SessionKey.credentialDigest(caller.authorization());
        for (String key : new String[] {PUBLIC, scope}) {
            Entry cached = entries.get(key);
            if (cached != null && now - cached.expiresNanos() < 0) {
                return cached.result();
            }
        }
        UpstreamCall call = ModernRequests.request(JSON.createValue("mcpgate-discover"), "server/discover",
                JsonValue.EMPTY_JSON_OBJECT, caller, Map.of());
        try (UpstreamAnswer answer = upstream.send(call)) {
            String type = answer.mediaType();
            if (!"application/json".equals(type) && !"text/event-stream".equals(type)) {
                throw new IOException("server/discover answered HTTP " + answer.status());
            }
            ModernAnswerReader messages = new ModernAnswerReader(answer);
            for (JsonObject m = messages.next(); m != null; m = messages.next()) {
                if (m.get("result") instanceof JsonObject result) {
                    keep(result, now, scope);
                    return result;
                }
                if (m.containsKey("error")) {
                    throw new Refused(m);
                }
            }
            throw new IOException("server/discover gave no result");
        }
    }

    private void keep(JsonObject result, long now, String scope) {
        long ttlMs = result.get("ttlMs") instanceof JsonNumber n ? n.longValue() : 0;
        String key = "public".equals(result.getString("cacheScope", "")) ? PUBLIC : scope;
        if (ttlMs <= 0) {
            entries.remove(key);
            return;
        }
        if (entries.size() >= MAX_SCOPES) {
            entries.clear();
        }
        entries.put(key, new Entry(result, now + ttlMs * 1_000_000L));
    }

    /** Forgets the cached results (a list changed: the capabilities may have too). */
    void invalidate() {
        entries.clear();
    }
}

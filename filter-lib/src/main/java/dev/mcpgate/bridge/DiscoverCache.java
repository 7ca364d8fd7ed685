package dev.mcpgate.bridge;

import jakarta.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * The legacy server's initialize result that {@code server/discover} is answered from, per upstream (one
 * translator, one cache) and per caller scope: a caller's principal and credentials ({@link SessionKey#caller}),
 * or one scope for all with {@code bridge-cache-scope=public}, so that what one caller was shown is never
 * another's. Marked stale by any {@code notifications/*}{@code /list_changed} the bridge sees (on a call's stream
 * or through the listen relay): the next discover then makes a fresh handshake. A result offered after a newer
 * staleness mark does not clear it (the generation check), so a change seen during a refresh is never lost.
 */
final class DiscoverCache {

    /** Most caller scopes kept; past it the cache starts over (a discover then costs a handshake). */
    static final int MAX_SCOPES = 1024;

    private record Entry(JsonObject result, long generation) {
    }

    private final Map<String, Entry> results = new HashMap<>();
    private long generation;

    /** The cached initialize result for the scope, or {@code null} when there is none or it is stale. */
    synchronized JsonObject current(String scope) {
        Entry entry = results.get(scope);
        return entry == null || entry.generation() != generation ? null : entry.result();
    }

    /** Whether a result was ever cached for the scope (a stale one is refreshed by a handshake of its own). */
    synchronized boolean seen(String scope) {
        return results.containsKey(scope);
    }

    /** The generation to hand back to {@link #offer} with the result fetched now. */
    synchronized long generation() {
        return generation;
    }

    /** Caches a fresh result for the scope; stays stale when a change was seen since {@code fetchedAt}. */
    synchronized void offer(String scope, JsonObject initializeResult, long fetchedAt) {
        if (results.size() >= MAX_SCOPES && !results.containsKey(scope)) {
            results.clear();
        }
        results.put(scope, new Entry(initializeResult, fetchedAt));
    }

    /** A list changed: the next discover fetches again. */
    synchronized void markStale() {
        generation++;
    }
}

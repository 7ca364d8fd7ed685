package dev.mcpgate.bridge;

import jakarta.json.JsonObject;

/**
 * The legacy server's initialize result that {@code server/discover} is answered from, per upstream (one
 * translator, one cache). Marked stale by any {@code notifications/*}{@code /list_changed} the bridge sees (on a
 * call's stream or through the listen relay): the next discover then makes a fresh handshake. A result offered
 * after a newer staleness mark does not clear it (the generation check), so a change seen during a refresh is
 * never lost.
 */
final class DiscoverCache {

    private JsonObject result;
    private boolean stale;
    private long generation;

    /** The cached initialize result, or {@code null} when there is none or it is stale. */
    synchronized JsonObject current() {
        return stale ? null : result;
    }

    /** Whether a result was ever cached (a stale one is refreshed by a handshake of its own). */
    synchronized boolean seen() {
        return result != null;
    }

    /** The generation to hand back to {@link #offer} with the result fetched now. */
    synchronized long generation() {
        return generation;
    }

    /** Caches a fresh result; stays stale when a change was seen since {@code fetchedAt}. */
    synchronized void offer(JsonObject initializeResult, long fetchedAt) {
        result = initializeResult;
        stale = fetchedAt != generation;
    }

    /** A list changed: the next discover fetches again. */
    synchronized void markStale() {
        generation++;
        stale = true;
    }
}

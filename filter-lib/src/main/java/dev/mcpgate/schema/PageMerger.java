package dev.mcpgate.schema;

import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins the pages of a paginated list into one list, separately per client: a page is appended
 * only to the pagination of the same client (session, or client identity and principal) and only
 * when its {@code cursor} is the {@code nextCursor} of that pagination's last page. A first page
 * (no cursor) starts over. So two clients paging the same list at once never mix their pages, and
 * a page that fits no pagination is dropped rather than guessed at.
 *
 * <p>Bounded: a pagination with no next page for longer than the timeout is abandoned, one longer
 * than {@code maxPages} is abandoned, and at most {@value #MAX_OPEN} are open at once (the oldest
 * is abandoned). Abandoned paginations are counted. One thread only (the tracker's).
 */
final class PageMerger {

    static final int MAX_OPEN = 1000;

    /** Who paginates what. */
    record Key(String endpoint, ListKind kind, String client) {
    }

    private static final class Open {
        final List<JsonValue> items = new ArrayList<>();
        String expectedCursor;
        Instant lastPage;
        int pages;
    }

    private final Duration timeout;
    private final int maxPages;
    private final Map<Key, Open> open = new LinkedHashMap<>();
    private long abandoned;
    private long orphanPages;

    PageMerger(Duration timeout, int maxPages) {
        this.timeout = timeout;
        this.maxPages = maxPages;
    }

    /**
     * Takes one page.
     *
     * @param cursor     the request's {@code params.cursor}, {@code null} for a first page
     * @param nextCursor the answer's {@code nextCursor}, {@code null} (or empty) on the last page
     * @return the whole list when this page completed it, else {@code null}
     */
    List<JsonValue> page(Key key, String cursor, List<JsonValue> items, String nextCursor, Instant at) {
        Open pagination;
        if (cursor == null) {
            if (open.remove(key) != null) {
                abandoned++; // the client started over
            }
            pagination = new Open();
        } else {
            pagination = open.remove(key);
            if (pagination == null || !cursor.equals(pagination.expectedCursor)) {
                orphanPages++;
                if (pagination != null) {
                    abandoned++;
                }
                return null;
            }
        }
        pagination.items.addAll(items);
        pagination.pages++;
        pagination.lastPage = at;
        if (nextCursor == null || nextCursor.isEmpty()) {
            return pagination.items;
        }
        if (pagination.pages >= maxPages) {
            abandoned++;
            return null;
        }
        pagination.expectedCursor = nextCursor;
        open.put(key, pagination); // re-inserted: the map stays in order of last page
        if (open.size() > MAX_OPEN) {
            Iterator<Open> oldest = open.values().iterator();
            oldest.next();
            oldest.remove();
            abandoned++;
        }
        return null;
    }

    /** Abandons every pagination whose last page is older than the timeout; returns how many. */
    int expire(Instant now) {
        Instant cutoff = now.minus(timeout);
        int expired = 0;
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            if (it.next().lastPage.isBefore(cutoff)) {
                it.remove();
                expired++;
            } else {
                break; // in order of last page: the rest are younger
            }
        }
        abandoned += expired;
        return expired;
    }

    /** Paginations open now. */
    int openCount() {
        return open.size();
    }

    /** Paginations given up since start (timed out, too long, restarted, evicted, broken by a stray page). */
    long abandoned() {
        return abandoned;
    }

    /** Pages that continued no open pagination of their client. */
    long orphanPages() {
        return orphanPages;
    }
}

package dev.mcpgate.schema;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Bounded, because a client chooses its key (a modern-era key holds the {@code clientInfo} of
 * the request's {@code _meta}, so one client can open any number of paginations):
 * <ul>
 *   <li>a pagination with no next page for longer than the timeout, or longer than
 *       {@code maxPages}, is abandoned;</li>
 *   <li>the open paginations hold at most half of the {@link MemoryBudget} ({@code schema-max-memory};
 *       the other half stays free for captures waiting for the tracker), each page counted with its
 *       answer's bytes, which is what it holds (parsed once the list is complete); a list whose pages together exceed that half is not recorded (evicted). The
 *       configuration requires {@code schema-max-memory} to be at least twice {@code schema-max-capture},
 *       so that any first page fits;</li>
 *   <li>at most {@link #maxOpen()} are open at once (the budget's half / 4 KiB, between
 *       {@value #MIN_OPEN} and {@value #MAX_OPEN}), and at most {@value #MAX_OPEN_PER_PRINCIPAL} of one
 *       authenticated principal, so that one user cannot push out the paginations of others.</li>
 * </ul>
 * Beyond a bound the oldest pagination (of that principal, or of all) is evicted and counted
 * ({@link #evicted()}). One thread only (the tracker's).
 */
final class PageMerger {

    static final int MAX_OPEN = 1000;
    static final int MIN_OPEN = 16;
    static final int MAX_OPEN_PER_PRINCIPAL = 64;
    private static final long BYTES_PER_OPEN = 4096;

    /**
     * Who paginates what.
     *
     * @param principal the authenticated user, {@code null} when anonymous: paginations per principal are bounded
     */
    record Key(String endpoint, ListKind kind, String client, String principal) {
    }

    /**
     * A pagination's pages as the server sent them: raw bytes, exactly what the budget counts (a
     * parsed page takes about fifteen times its bytes on the heap), parsed only once it is complete.
     */
    private static final class Open {
        final List<byte[]> bodies = new ArrayList<>();
        String expectedCursor;
        Instant lastPage;
        int pages;
        long bytes;
    }

    private final Duration timeout;
    private final int maxPages;
    private final MemoryBudget budget;
    private final long maxOpenBytes;
    private final int maxOpen;
    private final Map<Key, Open> open = new LinkedHashMap<>();
    private final Map<String, Integer> openPerPrincipal = new HashMap<>();
    private long openBytes;
    private long abandoned;
    private long evicted;
    private long orphanPages;

    PageMerger(Duration timeout, int maxPages, MemoryBudget budget) {
        this.timeout = timeout;
        this.maxPages = maxPages;
        this.budget = budget;
        this.maxOpenBytes = budget.limit() / 2;
        this.maxOpen = (int) Math.max(MIN_OPEN, Math.min(MAX_OPEN, maxOpenBytes / BYTES_PER_OPEN));
    }

    /**
     * Takes one page and the reservation of its bytes in the budget: kept while the pagination is
     * open, given back when it completes or is given up, or at once when the page is not kept.
     *
     * @param cursor     the request's {@code params.cursor}, {@code null} for a first page
     * @param body       the page's answer, its raw bytes (kept, not copied)
     * @param nextCursor the answer's {@code nextCursor}, {@code null} (or empty) on the last page
     * @param bytes      what the page's capture reserved in the budget
     * @return the answers of all pages in order when this page completed the list, else {@code null}
     */
    List<byte[]> page(Key key, String cursor, byte[] body, String nextCursor, Instant at, long bytes) {
        Open pagination;
        if (cursor == null) {
            Open previous = take(key);
            if (previous != null) {
                abandoned++; // the client started over
                release(previous);
            }
            pagination = new Open();
        } else {
            pagination = take(key);
            if (pagination == null || !cursor.equals(pagination.expectedCursor)) {
                orphanPages++;
                budget.release(bytes);
                if (pagination != null) {
                    abandoned++;
                    release(pagination);
                }
                return null;
            }
        }
        pagination.bodies.add(body);
        pagination.pages++;
        pagination.lastPage = at;
        pagination.bytes += bytes;
        if (nextCursor == null || nextCursor.isEmpty()) {
            release(pagination);
            return pagination.bodies;
        }
        if (pagination.pages >= maxPages) {
            abandoned++;
            release(pagination);
            return null;
        }
        pagination.expectedCursor = nextCursor;
        keep(key, pagination); // (re-)inserted last: the map stays in order of last page
        enforceBounds(key.principal(), pagination);
        return null;
    }

    /**
     * Evicts the oldest paginations beyond the bounds, but never a just-opened one for its bytes
     * alone: its first page is at most {@code schema-max-capture}, which the configuration keeps
     * within half the budget, and only its entry overhead can take it past that.
     */
    private void enforceBounds(String principal, Open newest) {
        if (principal != null && openPerPrincipal.getOrDefault(principal, 0) > MAX_OPEN_PER_PRINCIPAL) {
            for (Key key : open.keySet()) {
                if (principal.equals(key.principal())) {
                    evict(key);
                    break;
                }
            }
        }
        while (!open.isEmpty() && (open.size() > maxOpen || openBytes > maxOpenBytes)) {
            Map.Entry<Key, Open> oldest = open.entrySet().iterator().next();
            if (open.size() == 1 && oldest.getValue() == newest && newest.pages == 1) {
                break;
            }
            evict(oldest.getKey());
        }
    }

    private void evict(Key key) {
        release(take(key));
        evicted++;
    }

    private Open take(Key key) {
        Open pagination = open.remove(key);
        if (pagination != null) {
            openBytes -= pagination.bytes;
            if (key.principal() != null) {
                openPerPrincipal.computeIfPresent(key.principal(), (p, n) -> n == 1 ? null : n - 1);
            }
        }
        return pagination;
    }

    private void keep(Key key, Open pagination) {
        open.put(key, pagination);
        openBytes += pagination.bytes;
        if (key.principal() != null) {
            openPerPrincipal.merge(key.principal(), 1, Integer::sum);
        }
    }

    private void release(Open pagination) {
        budget.release(pagination.bytes);
        pagination.bytes = 0;
    }

    /** Abandons every pagination whose last page is older than the timeout; returns how many. */
    int expire(Instant now) {
        Instant cutoff = now.minus(timeout);
        int expired = 0;
        for (Iterator<Map.Entry<Key, Open>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Open> oldest = it.next();
            if (!oldest.getValue().lastPage.isBefore(cutoff)) {
                break; // in order of last page: the rest are younger
            }
            it.remove();
            openBytes -= oldest.getValue().bytes;
            if (oldest.getKey().principal() != null) {
                openPerPrincipal.computeIfPresent(oldest.getKey().principal(), (p, n) -> n == 1 ? null : n - 1);
            }
            release(oldest.getValue());
            expired++;
        }
        abandoned += expired;
        return expired;
    }

    /** Paginations open now. */
    int openCount() {
        return open.size();
    }

    /** The most paginations open at once. */
    int maxOpen() {
        return maxOpen;
    }

    /** Bytes the open paginations hold now. */
    long openBytes() {
        return openBytes;
    }

    /** Paginations given up since start (timed out, too long, restarted, broken by a stray page). */
    long abandoned() {
        return abandoned;
    }

    /** Paginations pushed out by a bound (count, bytes, per principal) since start. */
    long evicted() {
        return evicted;
    }

    /** Pages that continued no open pagination of their client. */
    long orphanPages() {
        return orphanPages;
    }
}

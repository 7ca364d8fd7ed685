package dev.mcpgate.schema;

import dev.mcpgate.concurrent.Backoff;
import dev.mcpgate.concurrent.BackgroundWorker;
import dev.mcpgate.concurrent.BackgroundWorker.Round;
import dev.mcpgate.concurrent.SchedulerProvider;
import dev.mcpgate.event.CatalogueCapture;
import dev.mcpgate.event.CatalogueCaptures;
import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.SchemaChanged;
import dev.mcpgate.event.SchemaItemChange;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.McpMethod;
import dev.mcpgate.redact.LogText;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps the catalogue history of one endpoint. Request threads only {@link #offer} what they
 * captured (the raw answer bytes of a list method, or a list-changed sighting) into a bounded
 * hand-over; the tracker does the rest in the background: parses the answer, merges pages per client
 * ({@link PageMerger}), canonicalises and hashes the list ({@link CatalogueSnapshot}), compares it
 * with the latest version in the {@link CatalogueHistory}, and on new content numbers a new
 * version, diffs it ({@link CatalogueDiff}), stores both, and fires a {@link SchemaChanged} event.
 * A description-only change of a tool is also logged at WARNING.
 *
 * <p>Content seen before (the latest version, or any earlier one — a server that shows different
 * lists to different users, or an application restarted with its first list) creates no version:
 * it is recorded as a sighting of that version. When the history cannot be written (database down,
 * or the store still opening) the completed list is kept, within a bound, and recorded again a
 * second later: only its canonical payload and who received it, never the raw answer, and its
 * bytes are reserved in the memory budget while held (a write that does not fit is dropped and
 * counted as over budget).
 *
 * <p>The tracker works in rounds of a {@link BackgroundWorker} on the filter's scheduler (the
 * server's managed executor where it has one; a thread of its own when started without one): a
 * round handles up to {@value #CAPTURES_PER_ROUND} captures, retries the held writes and expires
 * open paginations; an offer wakes an idle tracker for a round within 100 ms, so that the captures
 * of that time share a round (at once when a round's worth waits), and an idle tracker looks every
 * second. Sightings (who
 * received which version: a new session's first list is one) are gathered and written together, up to
 * {@value #SIGHTINGS_PER_WRITE} and at most about a second after the first, so that a stored history takes
 * one connection for many sessions rather than one each. A round in
 * which the history failed is followed by a back-off pause (1 s doubling up to 30 s; captures wait
 * in the bounded hand-over meanwhile); a history that is only not ready yet (the store still
 * opening) is retried every second.
 *
 * <p>Memory is bounded in bytes: captures waiting in the hand-over, the pages of open paginations
 * and lists held for a retry share one {@link MemoryBudget} ({@code schema-max-memory}); a capture that does not
 * fit is dropped at {@link #offer} and counted ({@link Health#capturesOverBudget()}), and the page
 * merger evicts the oldest paginations beyond its share ({@link Health#paginationsEvicted()}).
 * Losses are reported in {@link #health()} (the health API) and in at most one WARNING a minute.
 */
public final class CatalogueTracker implements CatalogueCaptures, AutoCloseable {

    private static final Logger LOG = System.getLogger(CatalogueTracker.class.getName());
    static final int HAND_OVER_CAPACITY = 1024;
    static final int MAX_RETRIES_HELD = 100;
    private static final Duration SIGHTING_REFRESH = Duration.ofMinutes(1);
    private static final int MAX_SIGHTINGS_CACHED = 10_000;
    private static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(1);
    static final int CAPTURES_PER_ROUND = 16;
    /** How long a capture may wait for its round when fewer than a round's worth wait. */
    static final Duration GATHER = Duration.ofMillis(100);
    /** Most sightings gathered before they are written, at most {@link #SIGHTINGS_DELAY_NANOS} after the first. */
    static final int SIGHTINGS_PER_WRITE = 256;
    private static final long SIGHTINGS_DELAY_NANOS = Duration.ofSeconds(1).toNanos();
    /** What a capture costs beyond its body: the record, its strings, the hand-over slot. */
    static final int CAPTURE_OVERHEAD = 256;
    /** {@code schema-max-memory}'s default. */
    public static final long DEFAULT_MAX_MEMORY = 32L * 1024 * 1024;

    /**
     * The tracker's counters since start, and its memory now.
     *
     * @param capturesDropped     captures lost because the hand-over was full or a held write was pushed out
     * @param capturesTooLarge    answers larger than {@code schema-max-capture}, not recorded
     * @param unreadableAnswers   answers that were not a JSON-RPC result
     * @param paginationsAbandoned paginations given up (timed out, too long, restarted, broken by a stray page)
     * @param orphanPages         pages that continued no open pagination of their client
     * @param writeFailures       failed writes of the history
     * @param retriesHeld         writes held for a retry now
     * @param versionsCreated     versions created since start
     * @param capturesOverBudget  captures not recorded because {@code schema-max-memory} was full
     * @param paginationsEvicted  open paginations pushed out by a bound (memory, count, per principal)
     * @param openPaginations     paginations open now
     * @param memoryUsed          bytes held now by queued captures, open paginations and writes held for a retry
     * @param memoryLimit         {@code schema-max-memory}
     */
    public record Health(long capturesDropped, long capturesTooLarge, long unreadableAnswers,
                         long paginationsAbandoned, long orphanPages, long writeFailures, int retriesHeld,
                         long versionsCreated, long capturesOverBudget, long paginationsEvicted,
                         int openPaginations, long memoryUsed, long memoryLimit) {
    }

    private final String endpoint;
    private final CatalogueHistory history;
    private final EventQueue events;
    private final ArrayBlockingQueue<CatalogueCapture> handOver = new ArrayBlockingQueue<>(HAND_OVER_CAPACITY);
    /** Whether an offer has woken the worker since its last round began. */
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final MemoryBudget budget;
    private final PageMerger pages;
    private final Map<ListKind, ListCache> caches = new EnumMap<>(ListKind.class);
    private final Map<ListKind, LastList> lastLists = new EnumMap<>(ListKind.class); // the rounds' only
    private final ArrayDeque<Retry> retries = new ArrayDeque<>();
    private final Map<String, Instant> sightingsWritten = new LinkedHashMap<>(256, 0.75f, true);
    /**
     * The sightings noted and not written yet: most sightings are a new session's first, so one write each would
     * take a connection per session (on PostgreSQL with {@code store-jdbc-url}, a new server process each time).
     */
    private final List<Sighting> sightingsToWrite = new ArrayList<>();
    /** When the oldest of {@link #sightingsToWrite} was noted ({@link System#nanoTime}). */
    private long sightingsSince;

    private final LongAdder dropped = new LongAdder();
    private final LongAdder tooLarge = new LongAdder();
    private final LongAdder overBudget = new LongAdder();
    private volatile long unreadable;
    private volatile long writeFailures;
    private volatile long versionsCreated;
    private volatile int retriesHeld;
    private volatile long abandoned;
    private volatile long orphans;
    private volatile long evicted;
    private volatile int openPaginations;
    private long reportedLosses;
    private Instant nextReport = Instant.EPOCH;

    private volatile BackgroundWorker worker;
    private SchedulerProvider ownThread; // when started without the filter's scheduler
    private volatile boolean closing;

    /** What the tracker knows of one list of its endpoint, so that most answers need no history read. */
    private static final class ListCache {
        boolean loaded;
        CatalogueVersion latest;
        CatalogueSnapshot latestSnapshot;
        Integer current;
        boolean stale;
        final Map<String, Known> knownHashes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > 64;
            }
        };
    }

    /**
     * A content hash's version and when it was last received. Trusted for {@link #SIGHTING_REFRESH}
     * only: every use records a sighting (at most a minute old), which keeps the version from
     * retention; after a longer pause the version may have been retired, so the history is asked again.
     */
    private record Known(int version, Instant lastUsed) {
    }

    /**
     * Who received a list and when: all that recording it needs of its capture, so that a write
     * held for a retry does not keep the raw answer.
     */
    private record Receipt(Instant at, String sessionId, String principal, String clientName) {

        static Receipt of(CatalogueCapture capture) {
            return new Receipt(capture.at(), capture.sessionId(), capture.principal(), capture.client().name());
        }

        long cost() {
            return 2L * (length(sessionId) + length(principal) + length(clientName));
        }
    }

    /** A history operation held for a retry, and the bytes it holds of the budget. */
    private record Retry(Runnable operation, long reserved) {
    }

    /** A tracker with the default memory budget ({@value #DEFAULT_MAX_MEMORY} bytes). */
    public CatalogueTracker(String endpoint, CatalogueHistory history, EventQueue events, Duration pageTimeout,
            int maxPages) {
        this(endpoint, history, events, pageTimeout, maxPages, DEFAULT_MAX_MEMORY);
    }

    /**
     * @param pageTimeout a pagination with no next page for this long is abandoned
     * @param maxPages    a pagination longer than this is abandoned
     * @param maxMemory   bytes that queued captures and open paginations may hold together
     *                    ({@code schema-max-memory}); a capture beyond it is dropped and counted
     */
    public CatalogueTracker(String endpoint, CatalogueHistory history, EventQueue events, Duration pageTimeout,
            int maxPages, long maxMemory) {
        this.endpoint = endpoint;
        this.history = history;
        this.events = events;
        this.budget = new MemoryBudget(maxMemory);
        this.pages = new PageMerger(pageTimeout, maxPages, budget);
    }

    /** Starts the tracker on a thread of its own ({@code mcpgate-catalogue-<endpoint>}, a daemon). */
    public synchronized void start() {
        if (worker == null) {
            ownThread = SchedulerProvider.own("mcpgate-catalogue-" + endpoint, 1);
            start(ownThread.scheduler());
        }
    }

    /** Starts the tracker's rounds on {@code scheduler} (the filter's {@code SchedulerProvider}'s). */
    public synchronized void start(ScheduledExecutorService scheduler) {
        if (worker == null) {
            worker = new BackgroundWorker("catalogue tracker of " + endpoint, scheduler, this::round,
                    new Backoff(RETRY_INTERVAL, MAX_BACKOFF), RETRY_INTERVAL);
            worker.start();
        }
    }

    /** The history the tracker records into. */
    public CatalogueHistory history() {
        return history;
    }

    @Override
    public boolean wants(McpMethod method) {
        return ListKind.answeredBy(method) != null;
    }

    /**
     * Hands a capture to the tracker (waking it) when its bytes fit in {@code schema-max-memory} and the
     * hand-over has room; else drops and counts it. Never blocks.
     */
    @Override
    public void offer(CatalogueCapture capture) {
        long cost = cost(capture);
        if (!budget.reserve(cost)) {
            overBudget.increment();
            return;
        }
        if (!handOver.offer(capture)) {
            budget.release(cost);
            dropped.increment();
            return;
        }
        BackgroundWorker current = worker;
        if (current == null) {
            return;
        }
        // one wake per round, and a round at most GATHER after the first capture since the last one
        // began: a round per capture (a capture per MCP session) cost more CPU in wake-ups than in
        // work. A round's worth waiting wakes it at once, so that a burst never fills the hand-over.
        if (!wakePending.getAndSet(true)) {
            current.wakeWithin(GATHER);
        } else if (handOver.size() == CAPTURES_PER_ROUND) {
            current.wake();
        }
    }

    /** What a capture takes of the memory budget: its body and strings (UTF-16: two bytes a char) and a fixed overhead. */
    static long cost(CatalogueCapture capture) {
        return CAPTURE_OVERHEAD + (capture.body() == null ? 0 : capture.body().length)
                + 2L * (length(capture.sessionId()) + length(capture.principal()) + length(capture.cursor())
                + length(capture.client().name()) + length(capture.client().version()));
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    @Override
    public void skipped(String endpoint, McpMethod method, long bytes) {
        tooLarge.increment();
        if (tooLarge.sum() == 1) {
            LOG.log(Level.WARNING, "McpGate endpoint {0}: a {1} answer of {2} bytes exceeds schema-max-capture and "
                    + "is not recorded in the catalogue history (counted; later ones at DEBUG)", endpoint,
                    method.wireName(), bytes);
        }
    }

    /** The counters now. */
    public Health health() {
        return new Health(dropped.sum(), tooLarge.sum(), unreadable, abandoned, orphans, writeFailures, retriesHeld,
                versionsCreated, overBudget.sum(), evicted, openPaginations, budget.used(), budget.limit());
    }

    /**
     * Stops the tracker after it has processed what was handed over (at most {@code CLOSE_TIMEOUT},
     * 5 s); held writes get one more try.
     */
    @Override
    public void close() {
        BackgroundWorker current;
        SchedulerProvider own;
        synchronized (this) {
            closing = true;
            current = worker;
            own = ownThread;
        }
        boolean stuck = current != null && !current.close(CLOSE_TIMEOUT, INTERRUPT_GRACE) && current.inRound();
        if (own != null) {
            if (stuck) {
                own.abandon(); // its thread ends when the history call returns
            } else {
                own.close();
            }
        }
        int unrecorded = retriesHeld + handOver.size();
        if (unrecorded > 0) {
            LOG.log(Level.WARNING, "McpGate endpoint {0}: {1} catalogue capture(s) not recorded at shutdown (the "
                    + "history could not be written)", endpoint, unrecorded);
        }
    }

    /**
     * One round: up to {@value #CAPTURES_PER_ROUND} captures, then the housekeeping. More when the
     * hand-over still holds captures; failed when the history failed in this round (not when it is
     * only not ready yet); idle otherwise, and always idle once closing with the hand-over empty.
     */
    private Round round() {
        wakePending.set(false); // before the first poll: a capture offered from now on wakes the next round
        long failuresBefore = writeFailures;
        for (int i = 0; i < CAPTURES_PER_ROUND; i++) {
            CatalogueCapture capture = handOver.poll();
            if (capture == null) {
                break;
            }
            processGuarded(capture);
        }
        housekeeping(Instant.now());
        if (closing || sightingsToWrite.size() >= SIGHTINGS_PER_WRITE
                || System.nanoTime() - sightingsSince >= SIGHTINGS_DELAY_NANOS) {
            writeSightings(); // sightings gather over rounds for up to a second (an idle tracker looks every second)
        }
        if (!handOver.isEmpty()) {
            return Round.MORE;
        }
        return closing || writeFailures == failuresBefore ? Round.IDLE : Round.FAILED;
    }

    private void processGuarded(CatalogueCapture capture) {
        try {
            process(capture, cost(capture)); // what offer reserved
        } catch (RuntimeException | LinkageError e) { // one broken capture never costs the others
            LOG.log(Level.WARNING, "McpGate catalogue tracker of " + endpoint + " failed on a capture", e);
        }
    }

    /**
     * Handles one capture as if offered and taken from the hand-over: its bytes are reserved in the
     * budget first (dropped and counted when they do not fit); for tests.
     */
    void process(CatalogueCapture capture) {
        long cost = cost(capture);
        if (budget.reserve(cost)) { // as offer() would have
            process(capture, cost);
            writeSightings(); // as the round's end would
        } else {
            overBudget.increment();
        }
    }

    /** Handles a capture that holds {@code reserved} bytes of the budget: handed on to a pagination, or given back. */
    private void process(CatalogueCapture capture, long reserved) {
        boolean handedOn = false;
        try {
            handedOn = handle(capture, reserved);
        } finally {
            if (!handedOn) {
                budget.release(reserved);
            }
        }
    }

    /** Whether the reservation went on to the page merger. */
    private boolean handle(CatalogueCapture capture, long reserved) {
        if (capture.isListChanged()) {
            Instant at = capture.at();
            for (ListKind kind : ListKind.changedBy(capture.method())) {
                attempt(() -> markStale(kind, at));
            }
            return false;
        }
        ListKind kind = ListKind.answeredBy(capture.method());
        JsonObject result = result(capture.body());
        if (kind == null || result == null) {
            return false;
        }
        if (kind == ListKind.SERVER) {
            recordOrHold(kind, snapshot(kind, List.of(result)), Receipt.of(capture));
            return false;
        }
        if (!(result.get(kind.resultField()) instanceof JsonArray)) {
            unreadable++; // a result without its list is broken or forged, never "every item removed"
            return false;
        }
        String nextCursor = result.get("nextCursor") instanceof JsonString s ? s.getString() : null;
        List<byte[]> answers = pages.page(new PageMerger.Key(endpoint, kind, clientKey(capture),
                capture.principal()), capture.cursor(), capture.body(), nextCursor, capture.at(), reserved);
        pagesCounted();
        if (answers != null) {
            recordOrHold(kind, snapshot(kind, merged(kind, answers, result)), Receipt.of(capture));
        }
        return true;
    }

    /**
     * The items of a complete pagination: the earlier pages parsed again (an open pagination keeps
     * raw bytes, which is what the budget counts), the last one's from its result at hand.
     */
    private List<JsonValue> merged(ListKind kind, List<byte[]> answers, JsonObject last) {
        if (answers.size() == 1) {
            return items(kind, last);
        }
        List<JsonValue> whole = new ArrayList<>();
        for (int i = 0; i < answers.size() - 1; i++) {
            JsonObject page = result(answers.get(i));
            if (page != null) { // it was readable when it came; a parser is deterministic
                whole.addAll(items(kind, page));
            }
        }
        whole.addAll(items(kind, last));
        return whole;
    }

    private static List<JsonValue> items(ListKind kind, JsonObject result) {
        return result.get(kind.resultField()) instanceof JsonArray array ? array : List.of();
    }

    private void pagesCounted() {
        abandoned = pages.abandoned();
        orphans = pages.orphanPages();
        evicted = pages.evicted();
        openPaginations = pages.openCount();
    }

    /**
     * The snapshot of a whole list (for {@code server}: the one result); the last one again when the
     * items equal the last ones (JSON
     * values compare deeply), which is the common case — every client lists the same tools — and
     * saves canonicalising and hashing them again (a pure function of the items).
     */
    private CatalogueSnapshot snapshot(ListKind kind, List<JsonValue> whole) {
        LastList last = lastLists.get(kind);
        if (last != null && last.items().equals(whole)) {
            return last.snapshot();
        }
        CatalogueSnapshot snapshot = kind == ListKind.SERVER ? CatalogueSnapshot.ofServer(whole.get(0).asJsonObject())
                : CatalogueSnapshot.of(kind, whole);
        lastLists.put(kind, new LastList(whole, snapshot));
        return snapshot;
    }

    /** The items of the last whole list of a kind and their snapshot. */
    private record LastList(List<JsonValue> items, CatalogueSnapshot snapshot) {
    }

    /** The client a page belongs to: its session, else (modern era, stateless) its identity and principal. */
    static String clientKey(CatalogueCapture capture) {
        if (capture.sessionId() != null) {
            return "session:" + capture.sessionId();
        }
        return "client:" + (capture.era() == null ? Era.UNKNOWN : capture.era()).wireName() + "|"
                + capture.principal() + "|" + capture.client().name() + "|" + capture.client().version();
    }

    private JsonObject result(byte[] body) {
        try (var reader = CatalogueSnapshot.JSON.createReader(new ByteArrayInputStream(body))) {
            JsonValue message = reader.readValue();
            if (message instanceof JsonObject object && object.get("result") instanceof JsonObject result) {
                return result;
            }
        } catch (JsonException | IllegalStateException e) {
            // counted below: a server's answer is its own business, the filter only records it
        }
        unreadable++;
        return null;
    }

    /** Runs a history operation that holds nothing but its overhead; keeps it for a retry when the history cannot be reached. */
    private void attempt(Runnable operation) {
        try {
            operation.run();
        } catch (RuntimeException e) {
            holdForRetry(operation, CAPTURE_OVERHEAD, e);
        }
    }

    /**
     * Records a whole list; when the history cannot be reached, holds its canonical payload (not
     * the snapshot's parsed items, nor the raw answer) for a retry, its bytes reserved in the budget.
     */
    private void recordOrHold(ListKind kind, CatalogueSnapshot snapshot, Receipt receipt) {
        try {
            record(kind, snapshot, receipt);
        } catch (RuntimeException e) {
            String payload = snapshot.payload();
            holdForRetry(() -> record(kind, heldSnapshot(kind, payload), receipt),
                    CAPTURE_OVERHEAD + receipt.cost() + 2L * payload.length(), e);
        }
    }

    /** The snapshot of a held payload: the last list's when it is the same (no parsing), else read back. */
    private CatalogueSnapshot heldSnapshot(ListKind kind, String payload) {
        LastList last = lastLists.get(kind);
        return last != null && last.snapshot().payload().equals(payload) ? last.snapshot()
                : CatalogueSnapshot.ofPayload(kind, payload);
    }

    private void holdForRetry(Runnable operation, long cost, RuntimeException failure) {
        boolean starting = failure instanceof CatalogueHistory.NotReady; // the store is still opening: expected
        if (!starting) {
            writeFailures++;
            caches.values().forEach(cache -> cache.loaded = false); // a failed write may have committed after all
        }
        if (retries.size() >= MAX_RETRIES_HELD) {
            budget.release(retries.pollFirst().reserved());
            dropped.increment();
        }
        if (!budget.reserve(cost)) {
            overBudget.increment(); // what a retry holds counts like a queued capture
            return;
        }
        retries.addLast(new Retry(operation, cost));
        retriesHeld = retries.size();
        if (starting) {
            LOG.log(Level.DEBUG, "McpGate endpoint {0}: catalogue history not ready yet; {1} held", endpoint,
                    retries.size());
        } else if (writeFailures == 1 || writeFailures % 20 == 0) {
            LOG.log(Level.WARNING, "McpGate endpoint " + endpoint + ": the catalogue history cannot be written ("
                    + writeFailures + " failure(s) since start, " + retries.size() + " held); retrying", failure);
        }
    }

    void housekeeping(Instant now) { // package-private: tests drive it with their clock
        pages.expire(now);
        pagesCounted();
        if (!retries.isEmpty()) { // the worker paces the rounds: every second, or its back-off after a failure
            int count = retries.size();
            for (int i = 0; i < count; i++) {
                Retry retry = retries.pollFirst();
                try {
                    retry.operation().run();
                    budget.release(retry.reserved());
                } catch (RuntimeException e) {
                    retries.addFirst(retry); // keep the order; try the rest next time
                    if (!(e instanceof CatalogueHistory.NotReady)) {
                        writeFailures++;
                    }
                    break;
                }
            }
            retriesHeld = retries.size();
        }
        if (!now.isBefore(nextReport)) {
            nextReport = now.plus(REPORT_INTERVAL);
            long losses = dropped.sum() + tooLarge.sum() + overBudget.sum() + evicted;
            if (losses > reportedLosses) {
                LOG.log(Level.WARNING, "McpGate endpoint {0}: catalogue history lost {1} capture(s) or pagination(s) "
                        + "since start ({2} hand-over full or retries dropped, {3} larger than schema-max-capture, "
                        + "{4} beyond schema-max-memory, {5} open pagination(s) evicted; {6} of {7} bytes held now)",
                        endpoint, losses, dropped.sum(), tooLarge.sum(), overBudget.sum(), evicted, budget.used(),
                        budget.limit());
                reportedLosses = losses;
            }
        }
    }

    private ListCache cache(ListKind kind) {
        ListCache cache = caches.computeIfAbsent(kind, k -> new ListCache());
        if (!cache.loaded) {
            cache.latest = history.latest(endpoint, kind.listMethod()).orElse(null);
            cache.latestSnapshot = null;
            cache.loaded = true;
        }
        return cache;
    }

    private void markStale(ListKind kind, Instant at) {
        history.markStale(endpoint, kind.listMethod(), at);
        caches.computeIfAbsent(kind, k -> new ListCache()).stale = true;
    }

    private void record(ListKind kind, CatalogueSnapshot snapshot, Receipt receipt) {
        ListCache cache = cache(kind);
        String hash = snapshot.contentHash();
        int version;
        if (cache.latest != null && cache.latest.contentHash().equals(hash)) {
            version = cache.latest.version();
        } else {
            Known cached = cache.knownHashes.get(hash);
            Integer known = cached != null && !receipt.at().isAfter(cached.lastUsed().plus(SIGHTING_REFRESH))
                    ? Integer.valueOf(cached.version()) : null;
            if (known == null) {
                known = history.withContentHash(endpoint, kind.listMethod(), hash)
                        .map(CatalogueVersion::version).orElse(null);
            }
            version = known != null ? known : newVersion(kind, snapshot, cache, receipt);
            cache.knownHashes.put(hash, new Known(version, receipt.at()));
        }
        if (cache.current == null || cache.current != version || cache.stale) {
            history.current(endpoint, kind.listMethod(), version, receipt.at());
            cache.current = version;
            cache.stale = false;
        }
        seen(kind, version, receipt);
    }

    private int newVersion(ListKind kind, CatalogueSnapshot snapshot, ListCache cache, Receipt receipt) {
        CatalogueVersion previous = cache.latest;
        CatalogueSnapshot before = previous == null ? null
                : cache.latestSnapshot != null ? cache.latestSnapshot
                : CatalogueSnapshot.ofPayload(kind, previous.payload());
        CatalogueDiff.Result diff = CatalogueDiff.between(before, snapshot);
        List<SchemaItemChange> items = diff.changes();
        if (diff.renameHintsSkipped()) {
            LOG.log(Level.INFO, "McpGate endpoint {0}: {1} version {2} removes and adds more than {3} items together; "
                    + "no rename hints", endpoint, kind.listMethod(), previous == null ? 1 : previous.version() + 1,
                    CatalogueDiff.MAX_RENAME_CANDIDATES);
        }
        int number = previous == null ? 1 : previous.version() + 1;
        Integer from = previous == null ? null : previous.version();
        Instant at = receipt.at();
        CatalogueVersion version = new CatalogueVersion(endpoint, kind.listMethod(), number, snapshot.contentHash(),
                snapshot.contractHash(), snapshot.items().size(), at, snapshot.payload());
        history.add(version, items.stream()
                .map(item -> new CatalogueChange(endpoint, kind.listMethod(), from, number, at, item)).toList());
        cache.latest = version;
        cache.latestSnapshot = snapshot;
        versionsCreated++;
        boolean contractChanged = previous == null || !previous.contractHash().equals(snapshot.contractHash());
        boolean descriptionOnly = !items.isEmpty() && items.stream().allMatch(SchemaItemChange::descriptionOnly);
        events.offer(new SchemaChanged(at, endpoint, kind.listMethod(), number, from, snapshot.contentHash(),
                snapshot.contractHash(), snapshot.items().size(), contractChanged, descriptionOnly, items,
                receipt.sessionId(), receipt.principal()));
        log(kind, number, from, items);
        return number;
    }

    private void log(ListKind kind, int number, Integer from, List<SchemaItemChange> items) {
        LOG.log(Level.INFO, "McpGate endpoint {0}: {1} version {2} ({3} change(s) from version {4})", endpoint,
                kind.listMethod(), number, items.size(), from == null ? "none" : from);
        if (kind != ListKind.TOOLS || from == null) {
            return;
        }
        for (SchemaItemChange item : items) {
            if (item.descriptionOnly()) {
                LOG.log(Level.WARNING, "McpGate endpoint {0}: the description of tool ''{1}'' changed while its "
                        + "name and schemas did not (tools/list version {2} -> {3}): a possible rug pull",
                        endpoint, LogText.escape(item.name()), from, number); // the server's text: one line
            }
        }
    }

    /** Writes the sightings noted since the last call, in one go; held for a retry when the history cannot be reached. */
    private void writeSightings() {
        if (sightingsToWrite.isEmpty()) {
            return;
        }
        List<Sighting> batch = List.copyOf(sightingsToWrite);
        sightingsToWrite.clear();
        attempt(() -> history.seen(batch));
    }

    private void seen(ListKind kind, int version, Receipt receipt) {
        Instant at = receipt.at();
        Sighting sighting = new Sighting(endpoint, kind.listMethod(), version, receipt.sessionId(),
                receipt.principal(), receipt.clientName(), at, at);
        String key = kind.listMethod() + " " + version + " " + sighting.receiverKey();
        Instant written = sightingsWritten.get(key);
        if (written != null && at.isBefore(written.plus(SIGHTING_REFRESH))) {
            return;
        }
        if (sightingsToWrite.isEmpty()) {
            sightingsSince = System.nanoTime();
        }
        sightingsToWrite.add(sighting);
        sightingsWritten.put(key, at);
        if (sightingsWritten.size() > MAX_SIGHTINGS_CACHED) {
            var eldest = sightingsWritten.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }
}

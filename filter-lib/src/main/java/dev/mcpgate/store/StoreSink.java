package dev.mcpgate.store;

import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.EventJson;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.event.Heartbeat;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.redact.Redaction;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The database sink: takes the dispatcher's batches without ever waiting on the database, and
 * writes them on its own writer thread, at most {@code batchSize} events per transaction
 * ({@link BatchWriter}).
 *
 * <p>Failure behaviour. {@link #accept} only appends to a bounded hold ({@code maxPending}
 * events); when it is full, new events are dropped and counted ({@link #eventsDropped()}, a
 * WARNING log line, the {@code mcp_store_health} row). Every text value is cleaned and cut to its
 * column before it is bound ({@link StoredText}). A write the database refuses for a data reason
 * ({@link WriteFailure#DATA}: SQLState class 21, 22, 23) is split in halves until the refused event
 * is alone; that event is set aside in {@code mcp_quarantine} and counted ({@link #eventsQuarantined()}),
 * and every other event of the batch is written: one bad event costs only itself. Any other failed
 * write (database down, slow, connection lost) keeps its events at the head of the hold and is
 * retried with exponential back-off (0.25 s doubling up to 30 s); after a failure the retry skips
 * requests that are already stored, so nothing is counted twice. While the database cannot be
 * reached at start, the schema migration is retried the same way. {@link #close()} writes what it
 * holds within the shutdown timeout; what is left then is counted as dropped and logged.
 *
 * <p>Retention: at start and then hourly, the endpoint's rows older than the retention period are
 * deleted in batches of 1000 ({@link Retention}); a failed run is logged and tried again an hour
 * later, never holding up the writes.
 */
public final class StoreSink implements EventSink {

    private static final Logger LOG = System.getLogger(StoreSink.class.getName());
    /** The default pauses after failed writes ({@code store-retry-backoff}, {@code -max}). */
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(10);

    /** Opens the store (connects and migrates); called on the writer thread, retried until it works. */
    @FunctionalInterface
    public interface StoreOpener {
        McpStore open() throws SQLException;
    }

    /**
     * The sink's counters, totals since start. {@code lastWriteAt} is the end of the last successful
     * transaction; {@code schemaVersion} and {@code databaseUrl} are {@code null} until the database
     * has been reached. {@code failure} is why the database could not be opened or reconnected to at
     * the last attempt ({@link StoreFailure#wireName()}), {@code null} once a connection worked.
     */
    public record Health(long rowsWritten, long batchesWritten, long writeFailures, long eventsDropped,
                         long eventsPending, String lastError, Instant lastErrorAt, Instant lastWriteAt,
                         String schemaVersion, String databaseUrl, String failure, long quarantined) {

        /** Whether the database answered the writer's last attempt (false before the first one). */
        public boolean reachable() {
            return schemaVersion != null && lastWriteAt != null
                    && (lastErrorAt == null || lastWriteAt.isAfter(lastErrorAt));
        }
    }

    private final String endpoint;
    private final StoreOpener opener;
    private final int batchSize;
    private final int maxPending;
    private final Duration retention;
    private final Duration shutdownTimeout;
    private final long initialBackoffMillis;
    private final long maxBackoffMillis;
    private final BatchWriter writer = new BatchWriter();
    private final Retention retentionJob;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private final Condition closed = lock.newCondition();
    private final ArrayDeque<McpEvent> pending = new ArrayDeque<>();
    private boolean closing;
    private boolean writing;

    // counters: written by the writer thread (and accept for drops, under the lock); read anywhere
    private volatile long rowsWritten;
    private volatile long batchesWritten;
    private volatile long writeFailures;
    private volatile long eventsDropped;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastWriteAt;
    /** Why the last attempt to open or reconnect failed; null after one worked. Written by the writer only. */
    private volatile StoreFailure failure;
    private volatile long queueDropped;
    private volatile long quarantined;
    /** Events of the chunk in hand that a split write settled (written or quarantined); writer thread only. */
    private int settled;
    private long reportedDrops;

    private final Thread thread;
    private volatile McpStore store;
    private volatile Connection connection;
    /** Set by {@link #close()} when the writer did not end in time: it must not touch the database again. */
    private volatile boolean abandoned;
    private Connection lastConnection; // writer thread only
    private boolean skipExisting;
    private Instant nextRetention = Instant.EPOCH;
    private long retentionFailures; // in a row; writer thread only
    private Instant nextHealth = Instant.EPOCH;

    /**
     * Creates the sink and starts its writer thread.
     *
     * @param endpoint        the endpoint name, the key of its health row
     * @param opener          connects to and migrates the database (on the writer thread)
     * @param batchSize       most events per transaction
     * @param maxPending      most events held while the database is unavailable
     * @param retention       age beyond which rows are deleted
     * @param shutdownTimeout how long {@link #close()} waits for the hold to be written
     */
    public StoreSink(String endpoint, StoreOpener opener, int batchSize, int maxPending, Duration retention,
            Duration shutdownTimeout) {
        this(endpoint, opener, batchSize, maxPending, retention, shutdownTimeout, DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /**
     * Creates the sink with its retry pauses and starts its writer thread.
     *
     * @param backoff    the pause after a failed write, doubled with every failure in a row
     * @param maxBackoff the longest pause
     */
    public StoreSink(String endpoint, StoreOpener opener, int batchSize, int maxPending, Duration retention,
            Duration shutdownTimeout, Duration backoff, Duration maxBackoff) {
        this(endpoint, opener, batchSize, maxPending, retention, shutdownTimeout, backoff, maxBackoff,
                Retention.DEFAULT_KEEP_VERSIONS);
    }

    /**
     * Creates the sink with its retry pauses and catalogue version retention and starts its writer thread.
     *
     * @param keepVersions catalogue versions always kept per list ({@code schema-keep-versions})
     */
    public StoreSink(String endpoint, StoreOpener opener, int batchSize, int maxPending, Duration retention,
            Duration shutdownTimeout, Duration backoff, Duration maxBackoff, int keepVersions) {
        this(endpoint, opener, batchSize, maxPending, retention, shutdownTimeout, backoff, maxBackoff,
                new Retention(endpoint, 1000, keepVersions));
    }

    /** Creates the sink with the given retention job (a seam for tests) and starts its writer thread. */
    StoreSink(String endpoint, StoreOpener opener, int batchSize, int maxPending, Duration retention,
            Duration shutdownTimeout, Duration backoff, Duration maxBackoff, Retention retentionJob) {
        this.retentionJob = retentionJob;
        this.initialBackoffMillis = Math.max(1, backoff.toMillis());
        this.maxBackoffMillis = Math.max(initialBackoffMillis, maxBackoff.toMillis());
        this.endpoint = endpoint;
        this.opener = opener;
        this.batchSize = batchSize;
        this.maxPending = maxPending;
        this.retention = retention;
        this.shutdownTimeout = shutdownTimeout;
        this.thread = new Thread(this::run, "mcpgate-store-" + endpoint);
        thread.setDaemon(true);
        thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        thread.start();
    }

    /** Holds the batch for the writer; never waits on the database. Drops (and counts) what exceeds the hold. */
    @Override
    public void accept(EventBatch batch) {
        long dropped = 0;
        lock.lock();
        try {
            for (McpEvent event : batch.events()) {
                if (event instanceof Heartbeat h) {
                    queueDropped = h.eventsDropped();
                }
                if (closing || pending.size() >= maxPending) {
                    dropped++;
                } else {
                    pending.addLast(event);
                }
            }
            if (dropped > 0) {
                eventsDropped += dropped;
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
        if (dropped > 0) {
            LOG.log(Level.WARNING, "McpGate store {0}: {1} event(s) dropped, {2} held (store-max-pending={3}); "
                    + "{4} dropped since start", endpoint, dropped, maxPending, maxPending, eventsDropped);
        }
    }

    /** The sink's counters now. */
    public Health health() {
        McpStore current = store;
        return new Health(rowsWritten, batchesWritten, writeFailures, eventsDropped, pendingCount(), lastError,
                lastErrorAt, lastWriteAt, current == null ? null : current.schemaVersion(),
                current == null ? null : current.databaseUrl(), failure == null ? null : failure.wireName(),
                quarantined);
    }

    /** Events dropped by the store since start (hold full, or left unwritten at shutdown). */
    @Override
    public long eventsDropped() {
        return eventsDropped;
    }

    /** Events the database refused even cleaned, set aside in {@code mcp_quarantine}, since start. */
    @Override
    public long eventsQuarantined() {
        return quarantined;
    }

    /** The open store, or {@code null} while the database has not been reached yet. */
    public McpStore store() {
        return store;
    }

    /**
     * Waits until everything accepted so far is written (or the timeout passes).
     *
     * @return whether the hold is empty
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while ((!pending.isEmpty() || writing) && nanos > 0) {
                nanos = drained.awaitNanos(nanos);
            }
            return pending.isEmpty() && !writing;
        } finally {
            lock.unlock();
        }
    }

    private int pendingCount() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what it holds within the shutdown timeout, counts the rest as dropped, closes the store. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            wake.signalAll();
            closed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(shutdownTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (thread.isAlive()) {
            // stuck in a database call: closing its connection below is what may unblock it; from now on
            // it must neither open another connection (nobody would close it; embedded Derby would boot
            // again after its shutdown) nor write what close() has already counted as dropped
            abandoned = true;
            LOG.log(Level.WARNING, "McpGate store {0}: the writer is still in a database call {1} after close "
                    + "began; its connection is closed under it", endpoint, shutdownTimeout.plusSeconds(2));
        }
        int left;
        lock.lock();
        try {
            left = pending.size();
            pending.clear();
            eventsDropped += left;
        } finally {
            lock.unlock();
        }
        if (left > 0) {
            LOG.log(Level.WARNING, "McpGate store {0}: {1} event(s) not written within {2} at shutdown (dropped); "
                    + "{3} dropped since start", endpoint, left, shutdownTimeout, eventsDropped);
        }
        closeConnection();
        McpStore current = store;
        if (current != null) {
            current.close();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // writer thread
    // ---------------------------------------------------------------------------------------------

    private void run() {
        try {
            writeLoop();
        } finally {
            closeOwnConnection();
        }
    }

    /**
     * The writer's last connection, closed by the writer itself whichever way it ends: when close()
     * gave up on it, close()'s attempt may have failed (Derby refuses to close a connection in a
     * transaction), and the writer, now out of its call, is the only one that can still close it.
     */
    private void closeOwnConnection() {
        Connection own = lastConnection;
        lastConnection = null;
        if (own == null) {
            return;
        }
        try {
            if (!own.isClosed()) {
                try {
                    own.rollback(); // nothing uncommitted is wanted now; Derby closes only without a transaction
                } finally {
                    own.close();
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.DEBUG, "closing the store writer's connection failed", e);
        }
    }

    private void writeLoop() {
        long backoff = initialBackoffMillis;
        while (!abandoned) {
            List<McpEvent> chunk;
            lock.lock();
            try {
                while (pending.isEmpty() && !closing && !due(nextRetention) && !due(nextHealth)) {
                    wake.await(1, TimeUnit.SECONDS);
                }
                if (pending.isEmpty() && closing) {
                    drained.signalAll();
                    chunk = null;
                } else {
                    chunk = new ArrayList<>(Math.min(batchSize, pending.size()));
                    for (McpEvent event : pending) {
                        if (chunk.size() == batchSize) {
                            break;
                        }
                        chunk.add(event);
                    }
                    writing = true;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (chunk == null) {
                writeHealthQuietly(); // outside the lock: close() must never wait on the database for it
                return;
            }
            settled = 0;
            boolean ok = attempt(chunk);
            int done = ok ? chunk.size() : settled; // a split batch may have settled a part before failing
            lock.lock();
            try {
                writing = false;
                for (int i = 0; i < done; i++) {
                    pending.pollFirst();
                }
                if (pending.isEmpty()) {
                    drained.signalAll();
                }
            } finally {
                lock.unlock();
            }
            if (ok) {
                backoff = initialBackoffMillis;
            } else {
                if (!sleep(backoff)) {
                    return;
                }
                backoff = Math.min(backoff * 2, maxBackoffMillis);
            }
        }
    }

    private static boolean due(Instant when) {
        return !Instant.now().isBefore(when);
    }

    /** One write attempt (plus retention and health when due); false when the database failed. */
    private boolean attempt(List<McpEvent> chunk) {
        try {
            Connection c = connection();
            if (due(nextRetention)) {
                runRetention(c);
            }
            BatchWriter.Health health = null;
            // the first write after a failure records the outage at once, with the rows it held
            if (due(nextHealth) || eventsDropped != reportedDrops || skipExisting) {
                health = healthRow(chunk.size());
            }
            if (!chunk.isEmpty() || health != null) {
                try {
                    BatchWriter.Result result = writer.write(c, chunk, skipExisting, health);
                    if (health != null) {
                        reportedDrops = health.eventsDropped();
                        nextHealth = Instant.now().plus(HEALTH_INTERVAL);
                    }
                    if (!chunk.isEmpty()) {
                        rowsWritten += result.rows();
                        batchesWritten++;
                    }
                } catch (SQLException | RuntimeException e) {
                    if (chunk.isEmpty() || !refusedData(c, e)) {
                        throw e;
                    }
                    isolate(c, chunk, e);
                    nextHealth = Instant.EPOCH; // the counts changed: report them with the next write
                }
            }
            if (skipExisting) {
                LOG.log(Level.INFO, "McpGate store {0}: writing again after a failure", endpoint);
            }
            skipExisting = false;
            lastWriteAt = Instant.now();
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) { // drivers may throw Errors on a dead connection: never let the writer die
            writeFailures++;
            // a database's message may quote the values of the statement (a full session id): PostgreSQL's
            // Detail, its "Batch entry 0 INSERT ... was aborted" even on a lost connection; never shown whole
            lastError = WriteFailure.logLine(e);
            // the SQLState and message say what the database said; the stack trace (which would quote
            // the values again) only for a failure without one (a driver's error)
            boolean said = WriteFailure.sqlState(e) != null || WriteFailure.of(e) == WriteFailure.DATA;
            lastErrorAt = Instant.now();
            skipExisting = true; // the failed commit may have been applied
            closeConnection();
            // a database that cannot be opened was said in one line by connection(), once per reason
            if (!(e instanceof StoreOpenException) && (writeFailures == 1 || writeFailures % 20 == 0)) {
                String line = "McpGate store " + endpoint + ": write failed (" + writeFailures
                        + " failure(s) since start, " + pendingCount() + " event(s) held); retrying";
                if (said) {
                    LOG.log(Level.WARNING, line + ": " + lastError);
                } else {
                    LOG.log(Level.WARNING, line, e);
                }
            }
            return false;
        }
    }

    /**
     * One retention run, in its own try: a run that fails (a lock timeout, a slow delete cancelled)
     * is logged (the first failure in a row and every 24th, once a day) and waits for its next turn
     * like a run that worked; the write that follows goes on. A lost connection shows in that write.
     */
    private void runRetention(Connection c) {
        nextRetention = Instant.now().plus(RETENTION_INTERVAL);
        try {
            long deleted = retentionJob.deleteOlderThan(c, Instant.now().minus(retention));
            retentionFailures = 0;
            if (deleted > 0) {
                LOG.log(Level.INFO, "McpGate store {0}: retention deleted {1} row(s) older than {2}",
                        endpoint, deleted, retention);
            }
        } catch (SQLException | RuntimeException e) {
            if (retentionFailures++ % 24 == 0) {
                LOG.log(Level.WARNING, "McpGate store {0}: retention failed ({1} time(s) in a row), tried again in "
                        + "{2}; events are written meanwhile: {3}", endpoint, retentionFailures, RETENTION_INTERVAL,
                        WriteFailure.logLine(e));
            }
        }
    }

    /** Whether the database refused the data (and the connection is fine): then retrying the same batch is futile. */
    private static boolean refusedData(Connection c, Throwable failure) {
        if (WriteFailure.of(failure) != WriteFailure.DATA) {
            return false;
        }
        try {
            return !c.isClosed() && c.isValid(5);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * A batch the database refused for a data reason: written again in halves, each in its own
     * transaction, splitting further whatever is refused again, until each refused event is alone;
     * that event (whose text was already cleaned) is set aside in {@code mcp_quarantine}. The halves
     * go in order, so {@link #settled} always counts a prefix of the chunk: what is settled is never
     * written (or quarantined) twice if the connection is lost half way. A failure other than refused
     * data ends the split and is thrown: the rest of the chunk is retried with back-off as usual.
     */
    private void isolate(Connection c, List<McpEvent> events, Throwable refusal) throws SQLException {
        if (events.size() == 1) {
            quarantine(c, events.get(0), refusal);
            settled++;
            return;
        }
        int half = events.size() / 2;
        for (List<McpEvent> part : List.of(events.subList(0, half), events.subList(half, events.size()))) {
            try {
                BatchWriter.Result result = writer.write(c, part, skipExisting, null);
                rowsWritten += result.rows();
                batchesWritten++;
                settled += part.size();
            } catch (SQLException | RuntimeException e) {
                if (!refusedData(c, e)) {
                    throw e;
                }
                isolate(c, part, e);
            }
        }
    }

    private void quarantine(Connection c, McpEvent event, Throwable refusal) throws SQLException {
        String reason = WriteFailure.reason(refusal);
        try {
            writer.quarantine(c, endpoint, event, WriteFailure.sqlState(refusal), reason, Instant.now());
            quarantined++;
            if (quarantined == 1 || quarantined % 100 == 0) {
                LOG.log(Level.WARNING, "McpGate store {0}: the database refused a {1} event, set aside in "
                        + "mcp_quarantine ({2} since start): {3}", endpoint, EventJson.typeName(event), quarantined,
                        WriteFailure.logLine(refusal));
            }
        } catch (SQLException | RuntimeException e) {
            if (!refusedData(c, e)) {
                throw e;
            }
            // cannot happen with the cleaned, cut quarantine row; never let it hold up the rest either
            lock.lock();
            try {
                eventsDropped++;
            } finally {
                lock.unlock();
            }
            LOG.log(Level.WARNING, "McpGate store " + endpoint + ": a refused " + EventJson.typeName(event)
                    + " event could not be quarantined either; dropped (" + eventsDropped + " since start): "
                    + WriteFailure.logLine(e));
        }
    }

    private BatchWriter.Health healthRow(int inFlight) {
        return new BatchWriter.Health(endpoint, Instant.now(), rowsWritten, batchesWritten, writeFailures,
                eventsDropped, Math.max(0, pendingCount() - inFlight), queueDropped, lastError, lastErrorAt,
                quarantined);
    }

    private void writeHealthQuietly() {
        if (store == null || abandoned) {
            return;
        }
        try {
            writer.write(connection(), List.of(), false, healthRow(0));
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.log(Level.DEBUG, "McpGate store: last health row not written", e);
        }
    }

    private Connection connection() throws SQLException {
        if (abandoned) {
            throw new SQLException("McpGate store " + endpoint + " is closed");
        }
        if (store == null) {
            McpStore opened;
            try {
                opened = opener.open();
            } catch (SQLException | RuntimeException | LinkageError e) {
                throw diagnosed(e, "its database");
            }
            if (abandoned) { // close() gave up while the store was being opened: nobody else would close it
                opened.close();
                throw new SQLException("McpGate store " + endpoint + " is closed");
            }
            store = opened;
        }
        Connection c = connection;
        if (c == null || c.isClosed()) {
            try {
                c = store.dataSource().getConnection();
            } catch (SQLException | RuntimeException e) {
                throw diagnosed(e, store.databaseUrl());
            }
            connection = c;
            lastConnection = c;
            failure = null;
            c.setAutoCommit(false);
            if (abandoned) { // close() gave up while this connection was being opened
                closeConnection();
                throw new SQLException("McpGate store " + endpoint + " is closed");
            }
        }
        return c;
    }

    /**
     * The failure to open or reconnect as a {@link StoreOpenException}, said in one WARNING line when its
     * reason differs from the last attempt's: a database down for hours is one line, not one per retry.
     */
    private StoreOpenException diagnosed(Throwable e, String target) {
        StoreOpenException diagnosed = e instanceof StoreOpenException known ? known
                : new StoreOpenException(Redaction.url(target), e);
        if (diagnosed.failure() != failure) {
            String line = "McpGate store " + endpoint + ": " + diagnosed.getMessage() + ". MCP calls are served"
                    + " meanwhile; their events are held (up to store-max-pending=" + maxPending + ") and the store"
                    + " retries with back-off [" + diagnosed.failure().wireName() + "]";
            if (diagnosed.failure() == StoreFailure.OTHER) {
                LOG.log(Level.WARNING, line, e); // no known reason: the stack trace is the only clue
            } else {
                LOG.log(Level.WARNING, line);
            }
        }
        failure = diagnosed.failure();
        return diagnosed;
    }

    private void closeConnection() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "closing a store connection failed", e);
            }
        }
    }

    /** Back-off pause; new batches do not cut it short, closing shortens it to the initial back-off. */
    private boolean sleep(long millis) {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(closing ? Math.min(millis, initialBackoffMillis) : millis);
            while (nanos > 0) {
                if (closing) {
                    nanos = Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(initialBackoffMillis));
                }
                nanos = closed.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }
}

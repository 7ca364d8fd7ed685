package dev.mcpgate.store;

import dev.mcpgate.concurrent.Backoff;
import dev.mcpgate.concurrent.BackgroundWorker;
import dev.mcpgate.concurrent.SchedulerProvider;
import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.event.Heartbeat;
import dev.mcpgate.event.McpEvent;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The database sink: takes the dispatcher's batches without ever waiting on the database, and
 * writes them in the background, at most {@code batchSize} events per transaction. Its parts, a
 * class per job: the bounded hold ({@link EventHold}); the writer's round ({@link StoreWriter}) run
 * by a {@link BackgroundWorker} with back-off on the filter's scheduler (the server's managed executor
 * where it has one), or on a thread of its own when it is made without one; the connection
 * ({@link StoreConnection}); one bad event isolated ({@link IsolatingWriter}); retention on its
 * schedule ({@link RetentionSchedule}); the counters and health row ({@link StoreHealth}).
 *
 * <p>Failure behaviour. {@link #accept} only appends to a bounded hold ({@code maxPending}
 * events); when it is full, new events are dropped and counted ({@link #eventsDropped()}, a
 * WARNING log line, the {@code mcp_store_health} row). Every text value is cleaned and cut to its
 * column before it is bound ({@link StoredText}). A write the database refuses for a data reason
 * ({@link WriteFailure#DATA}: SQLState class 21, 22, 23) is split in halves until the refused event
 * is alone; that event is set aside in {@code mcp_quarantine} and counted ({@link #eventsQuarantined()}),
 * and every other event of the batch is written: one bad event costs only itself. Any other failed
 * write (database down, slow, connection lost) keeps its events at the head of the hold and is
 * retried with exponential back-off ({@code store-retry-backoff}, 0.25 s, doubling up to
 * {@code store-retry-backoff-max}, 30 s); after a failure the retry skips
 * requests that are already stored, so nothing is counted twice. While the database cannot be
 * reached at start, the schema migration is retried the same way. {@link #close()} writes what it
 * holds within the shutdown timeout; what is left then is counted as dropped and logged.
 *
 * <p>Retention: at start and then hourly, the endpoint's rows older than the retention period are
 * deleted in batches of 1000, one batch per writer round ({@link Retention}); a failed run is logged and tried again an hour
 * later, never holding up the writes.
 *
 * <p>Hourly rollups: closed hours are rolled up from the raw rows into {@code mcp_rollup_hour} (and the client
 * and slowest rollups), kept for their own retention ({@link RollupSchedule}), between the writes.
 */
public final class StoreSink implements EventSink {

    private static final Logger LOG = System.getLogger(StoreSink.class.getName());
    /** The default pauses after failed writes ({@code store-retry-backoff}, {@code -max}). */
    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** The default age beyond which hourly rollups are deleted ({@code store-rollup-retention}). */
    public static final Duration DEFAULT_ROLLUP_RETENTION = Duration.ofDays(400);
    /** An idle writer looks this often whether retention or the health row is due. */
    private static final Duration IDLE = Duration.ofSeconds(1);
    /** How long close() waits, after its timeout, for an interrupted write to return. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(2);

    /** Opens the store (connects and migrates); called by the writer, retried until it works. */
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
    private final int maxPending;
    private final Duration shutdownTimeout;
    private final EventHold hold;
    private final StoreHealth health;
    private final StoreConnection connection;
    private final StoreWriter writer;
    private final BackgroundWorker worker;
    /** The writer's own thread when the sink was made without a scheduler; {@code null} on the filter's. */
    private final SchedulerProvider ownThread;

    /**
     * Creates the sink and starts its writer on a thread of its own ({@code mcpgate-store-<endpoint>}).
     *
     * @param endpoint        the endpoint name, the key of its health row
     * @param opener          connects to and migrates the database (in the writer)
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
     * Creates the sink with its retry pauses and starts its writer on a thread of its own.
     *
     * @param backoff    the pause after a failed write, doubled with every failure in a row
     * @param maxBackoff the longest pause
     */
    public StoreSink(String endpoint, StoreOpener opener, int batchSize, int maxPending, Duration retention,
            Duration shutdownTimeout, Duration backoff, Duration maxBackoff) {
        this(endpoint, opener, batchSize, maxPending, retention, shutdownTimeout, backoff, maxBackoff,
                new Retention(endpoint, 1000, Retention.DEFAULT_KEEP_VERSIONS));
    }

    /**
     * Creates the sink of a filter's settings and starts its writer on the filter's scheduler.
     *
     * @param scheduler where the writer's rounds run (the {@link SchedulerProvider}'s); {@code null}
     *                  for a thread of its own
     */
    public StoreSink(StoreSettings settings, StoreOpener opener, ScheduledExecutorService scheduler) {
        this(settings.endpointName(), opener, settings.batchSize(), settings.maxPending(), settings.retention(),
                settings.shutdownTimeout(), new Backoff(settings.retryBackoff(), settings.retryBackoffMax()),
                new Retention(settings.endpointName(), 1000, settings.keepVersions()), settings.rollupRetention(),
                scheduler);
    }

    /** Creates the sink with the given retention job (a seam for tests) and starts its writer on a thread of its own. */
    StoreSink(String endpoint, StoreOpener opener, int batchSize, int maxPending, Duration retention,
            Duration shutdownTimeout, Duration backoff, Duration maxBackoff, Retention retentionJob) {
        this(endpoint, opener, batchSize, maxPending, retention, shutdownTimeout, new Backoff(backoff, maxBackoff),
                retentionJob, DEFAULT_ROLLUP_RETENTION, null);
    }

    private StoreSink(String endpoint, StoreOpener opener, int batchSize, int maxPending, Duration retention,
            Duration shutdownTimeout, Backoff backoff, Retention retentionJob, Duration rollupRetention,
            ScheduledExecutorService scheduler) {
        this.endpoint = endpoint;
        this.maxPending = maxPending;
        this.shutdownTimeout = shutdownTimeout;
        this.hold = new EventHold(maxPending);
        this.health = new StoreHealth(endpoint);
        this.connection = new StoreConnection(endpoint, opener, maxPending);
        this.writer = new StoreWriter(endpoint, hold, batchSize, connection,
                new RetentionSchedule(endpoint, retentionJob, retention),
                new RollupSchedule(endpoint, rollupRetention, retention), health);
        this.ownThread = scheduler == null ? SchedulerProvider.own("mcpgate-store-" + endpoint, 1) : null;
        this.worker = new BackgroundWorker("store " + endpoint,
                scheduler == null ? ownThread.scheduler() : scheduler, writer, backoff, IDLE);
        worker.start();
    }

    /** Holds the batch for the writer; never waits on the database. Drops (and counts) what exceeds the hold. */
    @Override
    public void accept(EventBatch batch) {
        List<McpEvent> events = batch.events();
        for (McpEvent event : events) {
            if (event instanceof Heartbeat h) {
                health.queueDropped(h.eventsDropped());
            }
        }
        int dropped = hold.add(events);
        worker.wake();
        if (dropped > 0) {
            long total = health.dropped(dropped);
            LOG.log(Level.WARNING, "McpGate store {0}: {1} event(s) dropped, {2} held (store-max-pending={3}); "
                    + "{4} dropped since start", endpoint, dropped, maxPending, maxPending, total);
        }
    }

    /** The sink's counters now. */
    public Health health() {
        return health.snapshot(hold.size(), connection.store(), connection.failure());
    }

    /** Events dropped by the store since start (hold full, or left unwritten at shutdown). */
    @Override
    public long eventsDropped() {
        return health.eventsDropped();
    }

    /** Events the database refused even cleaned, set aside in {@code mcp_quarantine}, since start. */
    @Override
    public long eventsQuarantined() {
        return health.quarantineCount();
    }

    /** The open store, or {@code null} while the database has not been reached yet. */
    public McpStore store() {
        return connection.store();
    }

    /**
     * Waits until everything accepted so far is written (or the timeout passes).
     *
     * @return whether the hold is empty
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return hold.awaitDrained(timeout);
    }

    /**
     * Writes what it holds within the shutdown timeout, counts the rest as dropped, closes the store.
     * A writer still in a database call then (a database that stopped answering mid-commit) gets an
     * interrupt and 2 s more; after that it is abandoned: its
     * connection is closed under it, and it opens no other.
     */
    @Override
    public void close() {
        hold.refuseNew();
        writer.closing();
        boolean finished = worker.close(shutdownTimeout, INTERRUPT_GRACE);
        boolean stuck = !finished && worker.inRound();
        if (!finished) {
            connection.abandon(); // no round runs any more; one still stuck must not open a connection after
        }
        if (stuck) {
            LOG.log(Level.WARNING, "McpGate store {0}: the writer is still in a database call {1} after close "
                    + "began; its connection is closed under it", endpoint, shutdownTimeout.plus(INTERRUPT_GRACE));
        }
        int left = hold.clear();
        if (left > 0) {
            long total = health.dropped(left);
            LOG.log(Level.WARNING, "McpGate store {0}: {1} event(s) not written within {2} at shutdown (dropped); "
                    + "{3} dropped since start", endpoint, left, shutdownTimeout, total);
        }
        connection.closeStore();
        closeOwnThread(stuck);
    }

    /** The own thread ends now, or (stuck in a call) as soon as its call returns; never waited for then. */
    private void closeOwnThread(boolean stuck) {
        if (ownThread == null) {
            return;
        }
        if (stuck) {
            ownThread.abandon();
        } else {
            ownThread.close();
        }
    }
}

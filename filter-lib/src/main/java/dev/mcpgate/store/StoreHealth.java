package dev.mcpgate.store;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's counters since start and its health row ({@code mcp_store_health}): written every
 * {@value #HEALTH_SECONDS} s with the events, at once when the drop count changed, and with the first
 * write after a failure (which records the outage with the events it held). The writer updates the
 * counters (one round at a time); the dispatcher and {@code close} add drops; anyone reads them.
 */
final class StoreHealth {

    private static final int HEALTH_SECONDS = 10;
    private static final Duration HEALTH_INTERVAL = Duration.ofSeconds(HEALTH_SECONDS);

    private final String endpoint;
    private final AtomicLong eventsDropped = new AtomicLong();
    private volatile long rowsWritten;
    private volatile long batchesWritten;
    private volatile long writeFailures;
    private volatile long quarantined;
    private volatile long queueDropped;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Instant lastWriteAt;
    // the writer's only
    private long reportedDrops;
    private Instant nextRow = Instant.EPOCH;

    StoreHealth(String endpoint) {
        this.endpoint = endpoint;
    }

    /** A batch of {@code rows} rows was committed. */
    void written(int rows) {
        rowsWritten += rows;
        batchesWritten++;
    }

    /** A write attempt ended well (even one that wrote nothing). */
    void wroteAt(Instant at) {
        lastWriteAt = at;
    }

    /** A write attempt failed; returns the failures since start, this one included. */
    long failed(String line, Instant at) {
        lastError = line;
        lastErrorAt = at;
        return ++writeFailures;
    }

    /** An event was set aside in {@code mcp_quarantine}; returns how many since start. */
    long quarantined() {
        return ++quarantined;
    }

    /** Adds dropped events; returns the drops since start. */
    long dropped(long events) {
        return eventsDropped.addAndGet(events);
    }

    /** The filter queue's own drop count, as its last heartbeat said. */
    void queueDropped(long count) {
        queueDropped = count;
    }

    long eventsDropped() {
        return eventsDropped.get();
    }

    long quarantineCount() {
        return quarantined;
    }

    long writeFailures() {
        return writeFailures;
    }

    String lastError() {
        return lastError;
    }

    /** The counters for {@link StoreSink#health()}. */
    StoreSink.Health snapshot(int pending, McpStore store, StoreFailure failure) {
        return new StoreSink.Health(rowsWritten, batchesWritten, writeFailures, eventsDropped(), pending, lastError,
                lastErrorAt, lastWriteAt, store == null ? null : store.schemaVersion(),
                store == null ? null : store.databaseUrl(), failure == null ? null : failure.wireName(), quarantined);
    }

    /** Whether the next write should carry the health row: its interval passed, drops changed, or after a failure. */
    boolean rowDue(boolean afterFailure) {
        return afterFailure || eventsDropped() != reportedDrops || !Instant.now().isBefore(nextRow);
    }

    /** Whether the interval passed: an idle writer wakes for the row alone. */
    boolean intervalPassed() {
        return !Instant.now().isBefore(nextRow);
    }

    /** The row now; {@code waiting} are the events held beyond the chunk being written with it. */
    BatchWriter.Health row(int waiting) {
        return new BatchWriter.Health(endpoint, Instant.now(), rowsWritten, batchesWritten, writeFailures,
                eventsDropped(), Math.max(0, waiting), queueDropped, lastError, lastErrorAt, quarantined);
    }

    /** The row was committed; the next one is due after the interval. */
    void rowWritten(BatchWriter.Health row) {
        reportedDrops = row.eventsDropped();
        nextRow = Instant.now().plus(HEALTH_INTERVAL);
    }

    /** The counts changed (events quarantined): report them with the next write. */
    void reportSoon() {
        nextRow = Instant.EPOCH;
    }
}

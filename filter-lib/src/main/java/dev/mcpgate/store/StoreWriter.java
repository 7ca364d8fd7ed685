package dev.mcpgate.store;

import dev.mcpgate.concurrent.BackgroundWorker;
import dev.mcpgate.concurrent.BackgroundWorker.Round;
import dev.mcpgate.event.McpEvent;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

/**
 * One round of the store's writer ({@link BackgroundWorker}'s job): at most {@code batchSize} events
 * from the head of the hold written in one transaction, with one chunk of retention, the hourly rollups and the health
 * row when they are due. A failed write keeps its events (but those already settled) at the head of the
 * hold and makes the round {@link Round#FAILED}: the worker retries after its back-off, and the
 * retry skips requests already stored (the failed commit may have been applied), so nothing is
 * counted twice. An idle round (nothing held, nothing due) is {@link Round#IDLE}; closing, it
 * writes the last health row first.
 */
final class StoreWriter implements BackgroundWorker.Job {

    private static final Logger LOG = System.getLogger(StoreSink.class.getName()); // the sink's log lines

    private final String endpoint;
    private final EventHold hold;
    private final int batchSize;
    private final StoreConnection connection;
    private final IsolatingWriter writer;
    private final RetentionSchedule retention;
    private final RollupSchedule rollups;
    private final StoreHealth health;
    private volatile boolean closing;
    private boolean skipExisting;
    /** Events of the chunk in hand that a failed attempt had settled (written or quarantined) before it failed. */
    private int settled;

    StoreWriter(String endpoint, EventHold hold, int batchSize, StoreConnection connection,
            RetentionSchedule retention, RollupSchedule rollups, StoreHealth health) {
        this.endpoint = endpoint;
        this.hold = hold;
        this.batchSize = batchSize;
        this.connection = connection;
        this.retention = retention;
        this.rollups = rollups;
        this.health = health;
        this.writer = new IsolatingWriter(endpoint, health);
    }

    /** The sink is closing: the round that finds the hold empty writes the last health row and is idle. */
    void closing() {
        closing = true;
    }

    @Override
    public Round run() {
        try {
            return round();
        } finally {
            if (connection.abandoned()) {
                connection.closeOwn(); // close() gave up on this round: nobody else can close its connection
            }
        }
    }

    private Round round() {
        List<McpEvent> chunk = hold.take(batchSize);
        if (chunk.isEmpty() && closing) {
            writeLastRowQuietly();
            return Round.IDLE;
        }
        if (chunk.isEmpty() && !retention.due() && !rollups.due() && !health.intervalPassed()) {
            return Round.IDLE;
        }
        boolean ok = attempt(chunk);
        hold.settle(ok ? chunk.size() : settled); // what was not settled stays at the head for the retry
        if (!ok) {
            return Round.FAILED;
        }
        // closing, the round after the last chunk writes the last health row (nothing pending) and ends;
        // a retention run under way deletes its next chunk in the next round
        return hold.size() > 0 || closing || retention.inProgress() ? Round.MORE : Round.IDLE;
    }

    /** One write attempt (plus retention and the health row when due); false when the database failed. */
    private boolean attempt(List<McpEvent> chunk) {
        boolean writing = false;
        try {
            Connection c = connection.get();
            if (!closing) {
                retention.runIfDue(c); // one chunk; closing, the hold goes first and retention waits for the next start
            }
            // the first write after a failure records the outage at once, with the rows it held
            BatchWriter.Health row = health.rowDue(skipExisting) ? health.row(hold.size() - chunk.size()) : null;
            if (!chunk.isEmpty() || row != null) {
                writing = true;
                writer.write(c, chunk, skipExisting, row);
            }
            if (writing) {
                rollups.written(chunk); // rows of an hour rolled up already: rolled up again
            }
            rollups.runIfDue(c); // after the write: an hour is rolled up with the rows written with it
            if (skipExisting) {
                LOG.log(Level.INFO, "McpGate store {0}: writing again after a failure", endpoint);
            }
            skipExisting = false;
            health.wroteAt(Instant.now());
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Exception | Error e) { // drivers may throw Errors on a dead connection: never let the writer die
            settled = writing ? writer.settled() : 0; // a split batch may have settled a part before failing
            failed(e);
            return false;
        }
    }

    private void failed(Throwable e) {
        // a database's message may quote the values of the statement (a full session id): PostgreSQL's
        // Detail, its "Batch entry 0 INSERT ... was aborted" even on a lost connection; never shown whole
        String line = WriteFailure.logLine(e);
        long failures = health.failed(line, Instant.now());
        skipExisting = true; // the failed commit may have been applied
        connection.close();
        // a database that cannot be opened was said in one line by the connection, once per reason
        if (!(e instanceof StoreOpenException) && (failures == 1 || failures % 20 == 0)) {
            String said = "McpGate store " + endpoint + ": write failed (" + failures + " failure(s) since start, "
                    + hold.size() + " event(s) held); retrying";
            // the SQLState and message say what the database said; the stack trace (which would quote
            // the values again) only for a failure without one (a driver's error)
            if (WriteFailure.sqlState(e) != null || WriteFailure.of(e) == WriteFailure.DATA) {
                LOG.log(Level.WARNING, said + ": " + line);
            } else {
                LOG.log(Level.WARNING, said, e);
            }
        }
    }

    private void writeLastRowQuietly() {
        if (connection.store() == null || connection.abandoned()) {
            return;
        }
        try {
            Connection c = connection.get();
            rollups.closing(c); // the session re-rolls queued in memory
            writer.writeRow(c, health.row(0));
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.log(Level.DEBUG, "McpGate store: last health row not written", e);
        }
    }
}

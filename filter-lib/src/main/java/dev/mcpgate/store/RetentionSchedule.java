package dev.mcpgate.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * When {@link Retention} runs: with the writer's first write, then hourly, on the writer's
 * connection, one chunk (one short transaction) per writer round: a run over a backlog of old rows
 * takes as many rounds as it has chunks, and never holds the writer's (the managed executor's)
 * thread for long. A run that fails (a lock timeout, a slow delete cancelled) is logged (the first
 * failure in a row and every 24th, once a day) and waits for its next turn like a run that worked:
 * it never holds up the writes. The writer's only.
 */
final class RetentionSchedule {

    private static final Logger LOG = System.getLogger(StoreSink.class.getName()); // the sink's log lines
    private static final Duration INTERVAL = Duration.ofHours(1);

    private final String endpoint;
    private final Retention retention;
    private final Duration period;
    private Instant next = Instant.EPOCH;
    private Instant cutoff; // of the run under way; null between runs
    private long deletedInRun;
    private long failuresInARow;

    /** @param period age beyond which rows are deleted ({@code store-retention}) */
    RetentionSchedule(String endpoint, Retention retention, Duration period) {
        this.endpoint = endpoint;
        this.retention = retention;
        this.period = period;
    }

    /** Whether a run is under way or its turn has come. */
    boolean due() {
        return cutoff != null || !Instant.now().isBefore(next);
    }

    /** Whether a run is under way (more chunks to delete): the writer comes back at once. */
    boolean inProgress() {
        return cutoff != null;
    }

    /** Deletes one chunk when a run is under way or its turn has come; a failure is logged, not thrown. */
    void runIfDue(Connection c) {
        if (!due()) {
            return;
        }
        if (cutoff == null) {
            next = Instant.now().plus(INTERVAL);
            cutoff = Instant.now().minus(period);
            deletedInRun = 0;
        }
        try {
            long deleted = retention.deleteChunk(c, cutoff);
            failuresInARow = 0;
            if (deleted >= 0) {
                deletedInRun += deleted;
                return;
            }
            cutoff = null;
            if (deletedInRun > 0) {
                LOG.log(Level.INFO, "McpGate store {0}: retention deleted {1} row(s) older than {2}",
                        endpoint, deletedInRun, period);
            }
        } catch (SQLException | RuntimeException e) {
            cutoff = null;
            if (failuresInARow++ % 24 == 0) {
                LOG.log(Level.WARNING, "McpGate store {0}: retention failed ({1} time(s) in a row), tried again in "
                        + "{2}; events are written meanwhile: {3}", endpoint, failuresInARow, INTERVAL,
                        WriteFailure.logLine(e));
            }
        }
    }
}

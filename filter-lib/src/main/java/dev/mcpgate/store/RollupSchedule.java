package dev.mcpgate.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * When the hourly rollups ({@link HourlyRollup}) are made and kept, on the writer's connection, between
 * its writes. An hour is rolled up once it has been closed for {@value #SETTLE_MINUTES} minutes (the
 * writer's usual lag), and once more when the next hour is: rows written late (a writer that held
 * them through a short outage) join their hour then. Rows later than that stay in the raw rows only
 * (the API reads raw rows for hours not rolled up, rollups for those that are). Hours without rows are
 * skipped by an index lookup, so a first start over a long history only rolls up the hours that had
 * traffic, at most {@value #MAX_HOURS_PER_ROUND} per round so that the writes never wait long.
 *
 * <p>Where the rollups stand is kept in memory, and taken from the table at start (the hour after the
 * last one rolled up, which is then rolled up again). Hourly, rollups older than
 * {@code store-rollup-retention} are deleted. A failed run is logged (the first failure in a row and
 * every 24th) and tried again at its next turn; it never holds up the writes. The writer's only.
 */
final class RollupSchedule {

    private static final Logger LOG = System.getLogger(StoreSink.class.getName()); // the sink's log lines
    static final int SETTLE_MINUTES = 2;
    static final int MAX_HOURS_PER_ROUND = 24;
    private static final Duration SETTLE = Duration.ofMinutes(SETTLE_MINUTES);
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

    private final String endpoint;
    private final HourlyRollup rollup;
    private final Duration retention;
    private Instant next = Instant.EPOCH;
    private Instant nextRetention = Instant.EPOCH;
    /** The end of the hours rolled up; {@code null} until read from the table. */
    private Instant rolledUntil;
    private long failuresInARow;

    /** @param retention age beyond which rollups are deleted ({@code store-rollup-retention}) */
    RollupSchedule(String endpoint, Duration retention) {
        this.endpoint = endpoint;
        this.rollup = new HourlyRollup(endpoint);
        this.retention = retention;
    }

    boolean due() {
        return !Instant.now().isBefore(next);
    }

    /** Rolls up the closed hours and runs the rollups' retention when their turn has come; logs a failure. */
    void runIfDue(Connection c) {
        if (!due()) {
            return;
        }
        Instant now = Instant.now();
        next = now.plus(INTERVAL);
        try {
            if (!rollUpClosedHours(c, now)) {
                next = now; // more hours waiting: the next round goes on
            }
            if (!now.isBefore(nextRetention)) {
                nextRetention = now.plus(RETENTION_INTERVAL);
                long deleted = rollup.deleteOlderThan(c, now.minus(retention));
                if (deleted > 0) {
                    LOG.log(Level.INFO, "McpGate store {0}: rollup retention deleted {1} hourly row(s) older than {2}",
                            endpoint, deleted, retention);
                }
            }
            failuresInARow = 0;
        } catch (SQLException | RuntimeException e) {
            if (failuresInARow++ % 24 == 0) {
                LOG.log(Level.WARNING, "McpGate store {0}: hourly rollup failed ({1} time(s) in a row), tried again "
                        + "in {2}; events are written meanwhile: {3}", endpoint, failuresInARow, INTERVAL,
                        WriteFailure.logLine(e));
            }
        }
    }

    /**
     * Rolls up the hours closed since the last round (and the last one before them again).
     *
     * @return whether every closed hour is rolled up
     */
    boolean rollUpClosedHours(Connection c, Instant now) throws SQLException {
        Instant closed = TimeStep.HOUR.floor(now.minus(SETTLE));
        if (rolledUntil == null) {
            Instant stored = rollup.rolledUntil(c);
            rolledUntil = stored != null ? stored.minus(HourlyRollup.HOUR) // the last one again
                    : firstOrClosed(c, Instant.EPOCH, closed);
        } else if (rolledUntil.isBefore(closed)) {
            rolledUntil = rolledUntil.minus(HourlyRollup.HOUR); // late rows of the last hour rolled up
        }
        int hours = 0;
        while (rolledUntil.isBefore(closed) && hours < MAX_HOURS_PER_ROUND) {
            rollup.rollUp(c, rolledUntil);
            hours++;
            rolledUntil = firstOrClosed(c, rolledUntil.plus(HourlyRollup.HOUR), closed);
        }
        return !rolledUntil.isBefore(closed);
    }

    /** The first hour from {@code from} with rows, or {@code closed} when there is none before it. */
    private Instant firstOrClosed(Connection c, Instant from, Instant closed) throws SQLException {
        Instant first = from.isBefore(closed) ? rollup.firstHourWithRows(c, from, closed) : null;
        return first == null ? closed : first;
    }
}

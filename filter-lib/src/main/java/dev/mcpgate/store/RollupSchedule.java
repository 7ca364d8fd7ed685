package dev.mcpgate.store;

import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.SessionStarted;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * When the hourly rollups ({@link HourlyRollup}) are made and kept, on the writer's connection, after
 * its writes. An hour is rolled up once it has been closed for {@value #SETTLE_MINUTES} minutes (the
 * writer's usual lag). Rows written later than that — a writer that held them through a database
 * outage — are reported by the writer ({@link #written}): their hour is rolled up again at the next
 * round (with every later hour that has rows). Hours without rows are skipped by an index lookup, so a
 * first start over a long history only rolls up the hours that had traffic, for about a second per
 * round (at least one hour) so that the writes never wait long.
 *
 * <p>A session's row changes after its hour: it ends (live sessions become ended ones), a later start names its
 * client, or its end is the first the store hears of it. The writer reports the sessions it wrote
 * ({@link #written}) — only those that began before the hours rolled up end (a start written late, an end of a
 * session of a rolled-up hour): the sessions of the open hour, the usual ones, are rolled up with it. At the next
 * round the hours in which they began are looked up, and those already rolled up have their session rows rolled up
 * again (a query over the hour's sessions each) — unless older than {@code store-retention}, whose sessions may be
 * partly deleted: a rollup of them stays as it was. When more than {@value #MAX_SESSION_KEYS} sessions wait (rounds
 * that failed, a burst of ends), the rolled-up hours of the last {@link #SESSION_WINDOW} have their sessions rolled
 * up again instead, once per overflow. What is queued is kept in memory: closing, the writer's last round rolls up
 * what waits ({@link #closing}, within a round's budget), and at start the hours of the {@link #SESSION_WINDOW}
 * before the last one rolled up have their sessions rolled up again (their sessions may have ended after they were
 * rolled up, while the node stopped, or after a close that ran out of time). Not covered: a {@code initialize}
 * again in the open hour that names the client of a session begun in an earlier, rolled-up hour (its platform
 * stays {@code unknown} in the rollup until the next start's re-roll).
 *
 * <p>Once every closed hour is rolled up, each round also rolls up the settled part of the open hour (up to
 * {@value #SETTLE_MINUTES} minutes ago, on the minute), adding the minutes since the last round to it
 * ({@link HourlyRollup#rollUpPart}): a long window then reads the raw rows of the open hour's last minutes only,
 * not of the whole hour. The hour's own rollup replaces that part once the hour is closed. A row written into the
 * part after it was rolled up has the part rolled up anew at the next round; so does the first round after a start.
 *
 * <p>Where the rollups stand is kept in memory, and taken from the table at start (the hour after the
 * last one rolled up). Hourly, rollups older than {@code store-rollup-retention} are deleted. A failed
 * run is logged (the first failure in a row and every 24th) and tried again at its next turn; it never
 * holds up the writes. The writer's only.
 */
final class RollupSchedule {

    private static final Logger LOG = System.getLogger(StoreSink.class.getName()); // the sink's log lines
    static final int SETTLE_MINUTES = 2;
    private static final Duration SETTLE = Duration.ofMinutes(SETTLE_MINUTES);
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration RETENTION_INTERVAL = Duration.ofHours(1);
    /** Rollup work a round may do beyond its first hour; the next round goes on. */
    private static final Duration ROUND_BUDGET = Duration.ofSeconds(1);
    /** Sessions written since the last round whose hours are looked up; beyond this, the {@link #SESSION_WINDOW}. */
    static final int MAX_SESSION_KEYS = 10_000;
    /**
     * The hours before the last one rolled up whose sessions are rolled up again at start and when too many sessions
     * wait: a session lives at most {@code session-absolute-timeout} (24 hours by default in observe mode, 4 in own
     * mode; a setting this store does not see), so the sessions of older hours ended before that hour was rolled
     * up — plus the hour a session's start hour begins before it. Sessions kept longer (a larger absolute timeout)
     * that end after their hour was rolled up are counted live there until their next re-roll.
     */
    static final Duration SESSION_WINDOW = Duration.ofHours(25);

    private final String endpoint;
    private final HourlyRollup rollup;
    private final Duration retention;
    /** The raw rows' retention ({@code store-retention}): older hours may have lost sessions. */
    private final Duration rawRetention;
    /** Sessions ({@link StoredText#sessionKey}) written since the last round. */
    private final Set<String> sessionsWritten = new HashSet<>();
    /** Rolled-up hours whose sessions are to be rolled up again. */
    private final NavigableSet<Instant> sessionHours = new TreeSet<>();
    private boolean sessionsOverflowed;
    private Instant next = Instant.EPOCH;
    private Instant nextRetention = Instant.EPOCH;
    /** The end of the hours rolled up; {@code null} until read from the table. */
    private Instant rolledUntil;
    /** The first hour that got rows after it was rolled up, or {@code null}. */
    private Instant rollAgainFrom;
    /**
     * Whether the open hour's part is to be rolled up from the raw rows alone at the next round: at start, and
     * after a row was written into it ({@link HourlyRollup#rollUpPart}); else the minutes since its end are added.
     */
    private boolean partAnew = true;
    /** The end of the part this writer rolled up last, or {@code null}: which rows are late for it. */
    private Instant partUntil;
    private long failuresInARow;

    /**
     * @param retention    age beyond which rollups are deleted ({@code store-rollup-retention})
     * @param rawRetention age beyond which raw rows are deleted ({@code store-retention})
     */
    RollupSchedule(String endpoint, Duration retention, Duration rawRetention) {
        this.endpoint = endpoint;
        this.rollup = new HourlyRollup(endpoint);
        this.retention = retention;
        this.rawRetention = rawRetention;
    }

    boolean due() {
        return !Instant.now().isBefore(next);
    }

    /** The writer stored these events: an hour rolled up already that got rows is rolled up again, next round. */
    void written(List<McpEvent> events) {
        Instant oldest = null;
        for (McpEvent event : events) {
            if (event instanceof RequestCompleted r && (oldest == null || r.timestamp().isBefore(oldest))) {
                oldest = r.timestamp();
            } else if (event instanceof SessionStarted s && beganInRolledHour(s.timestamp())) {
                sessionWritten(s.sessionId());
            } else if (event instanceof SessionEnded e && (e.started() == null || beganInRolledHour(e.started()))) {
                sessionWritten(e.sessionId());
            }
        }
        if (oldest != null) {
            written(oldest);
        }
    }

    /** Whether a session begun at {@code started} may be in an hour rolled up already (the open hour's are not). */
    private boolean beganInRolledHour(Instant started) {
        return rolledUntil == null || TimeStep.HOUR.floor(started).isBefore(rolledUntil);
    }

    private void sessionWritten(String sessionId) {
        if (sessionsOverflowed || sessionId == null) {
            return;
        }
        sessionsWritten.add(StoredText.sessionKey(sessionId));
        if (sessionsWritten.size() > MAX_SESSION_KEYS) {
            sessionsWritten.clear();
            sessionsOverflowed = true;
        }
    }

    /** Whether sessions wait to have their rolled-up hours rolled up again (for tests). */
    boolean sessionRerollsWaiting() {
        return sessionsOverflowed || !sessionsWritten.isEmpty() || !sessionHours.isEmpty();
    }

    /** Rows as old as {@code oldest} were written now. */
    void written(Instant oldest) {
        Instant hour = TimeStep.HOUR.floor(oldest);
        if (partUntil != null && oldest.isBefore(partUntil)) {
            partAnew = true; // a row in the part of the open hour rolled up: that part is rolled up anew, now
            next = Instant.now();
        }
        if (rolledUntil != null && !hour.isBefore(rolledUntil)) {
            return; // not rolled up yet: the usual case
        }
        if (rollAgainFrom == null || hour.isBefore(rollAgainFrom)) {
            rollAgainFrom = hour;
        }
        next = Instant.now();
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
            } else {
                rollUpOpenHour(c, now);
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
     * Rolls up the hours closed since the last round, and again those that got rows since they were.
     *
     * @return whether every closed hour is rolled up
     */
    boolean rollUpClosedHours(Connection c, Instant now) throws SQLException {
        Instant closed = TimeStep.HOUR.floor(now.minus(SETTLE));
        if (rolledUntil == null) {
            Instant stored = rollup.rolledUntil(c);
            rolledUntil = stored != null ? stored : firstOrClosed(c, Instant.EPOCH, closed);
            if (stored != null) {
                queueSessionWindow(now); // sessions that ended while no round ran: queued before stop, lost with it
            }
        }
        if (rollAgainFrom != null) {
            if (rollAgainFrom.isBefore(rolledUntil)) {
                rolledUntil = rollAgainFrom;
            }
            rollAgainFrom = null;
        }
        long start = System.nanoTime();
        while (rolledUntil.isBefore(closed) && System.nanoTime() - start < ROUND_BUDGET.toNanos()) {
            rollup.rollUp(c, rolledUntil);
            rolledUntil = firstOrClosed(c, rolledUntil.plus(HourlyRollup.HOUR), closed);
        }
        boolean sessionsDone = rollUpSessionsAgain(c, now, start);
        return !rolledUntil.isBefore(closed) && sessionsDone;
    }

    /**
     * Rolls up the settled part of the open hour (up to {@value #SETTLE_MINUTES} minutes ago, on the minute),
     * adding the minutes since the end of the part rolled up before (as the table says: another node's writer may
     * have rolled it); the first round after a start, or after a row was written into the part, rolls it up anew.
     * Only once every closed hour is rolled up, so that the part follows them.
     */
    void rollUpOpenHour(Connection c, Instant now) throws SQLException {
        Instant until = TimeStep.MINUTE.floor(now.minus(SETTLE));
        Instant hour = TimeStep.HOUR.floor(until);
        if (!hour.equals(rolledUntil) || !until.isAfter(hour)) {
            return;
        }
        rollup.rollUpPart(c, hour, until, partAnew);
        partAnew = false;
        partUntil = until;
    }

    /**
     * Rolls up again the sessions of the rolled-up hours (within {@code store-retention}) in which the sessions
     * written since the last round began, within the round's budget (at least one hour).
     *
     * @return whether no such hour is left
     */
    private boolean rollUpSessionsAgain(Connection c, Instant now, long start) throws SQLException {
        Instant kept = TimeStep.HOUR.floor(now.minus(rawRetention)).plus(HourlyRollup.HOUR);
        if (sessionsOverflowed) {
            queueSessionWindow(now);
            sessionsOverflowed = false;
        } else if (!sessionsWritten.isEmpty()) {
            if (kept.isBefore(rolledUntil)) {
                sessionHours.addAll(rollup.startHours(c, sessionsWritten).subSet(kept, true, rolledUntil, false));
            }
            sessionsWritten.clear();
        }
        boolean first = true;
        while (!sessionHours.isEmpty() && (first || System.nanoTime() - start < ROUND_BUDGET.toNanos())) {
            Instant hour = sessionHours.first();
            if (hour.isBefore(rolledUntil)) { // else rolled up anew since (rolled again from a late row)
                rollup.rollUpSessionsAgain(c, hour);
            }
            sessionHours.remove(hour);
            first = false;
        }
        return sessionHours.isEmpty();
    }

    /** Queues the rolled-up hours of the {@link #SESSION_WINDOW} (within {@code store-retention}) for their sessions. */
    private void queueSessionWindow(Instant now) {
        Instant kept = TimeStep.HOUR.floor(now.minus(rawRetention)).plus(HourlyRollup.HOUR);
        Instant from = rolledUntil.minus(SESSION_WINDOW);
        for (Instant hour = from.isBefore(kept) ? kept : from; hour.isBefore(rolledUntil);
                hour = hour.plus(HourlyRollup.HOUR)) {
            sessionHours.add(hour);
        }
    }

    /**
     * The store is closing: the sessions written since the last round have their rolled-up hours rolled up again
     * now, within a round's budget (at least one hour); what is left, the next start's re-roll of the
     * {@link #SESSION_WINDOW} covers. A failure is logged and left to it too.
     */
    void closing(Connection c) {
        if (rolledUntil == null) {
            return; // no round ran: nothing was queued against a rolled-up hour
        }
        try {
            rollUpSessionsAgain(c, Instant.now(), System.nanoTime());
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.DEBUG, "McpGate store {0}: sessions not rolled up again at close (the next start does): "
                    + "{1}", endpoint, WriteFailure.logLine(e));
        }
    }

    /** The first hour from {@code from} with rows, or {@code closed} when there is none before it. */
    private Instant firstOrClosed(Connection c, Instant from, Instant closed) throws SQLException {
        Instant first = from.isBefore(closed) ? rollup.firstHourWithRows(c, from, closed) : null;
        return first == null ? closed : first;
    }
}

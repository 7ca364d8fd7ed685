package dev.mcpgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collection;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TimeZone;
import java.util.TreeSet;

/**
 * The JDBC work of the hourly rollups of one endpoint ({@code mcp_rollup_hour}, {@code mcp_rollup_client_hour},
 * {@code mcp_rollup_slow_hour}, {@code mcp_rollup_session_hour}), on the writer's connection: one hour rolled up
 * from the raw rows in one transaction (its old rows deleted, the new ones inserted: rolling an hour again
 * replaces it), where the rollups stand, where the next rows are, and the rollups' own retention. The raw rows are
 * grouped in the database by method, target and latency bucket ({@link LatencyHistogram#SQL_BUCKET}), by client
 * platform and name, and the {@value #SLOWEST_PER_HOUR} slowest fetched: an hour costs three queries over its
 * exchanges, whatever its traffic, and one over the sessions begun in it (by client platform and end reason). A
 * session's end state changes after its hour: {@link #rollUpSessionsAgain} rolls up the sessions of an hour alone.
 * When ({@link RollupSchedule}) is not its business.
 */
final class HourlyRollup {

    static final Duration HOUR = Duration.ofHours(1);
    /** The slowest exchanges of an hour kept in {@code mcp_rollup_slow_hour}: the most a long window's slowest shows. */
    static final int SLOWEST_PER_HOUR = 20;
    /** The tables of the rollups, each keyed by (endpoint, hour_start, seq). */
    private static final String SESSION_TABLE = "mcp_rollup_session_hour";
    private static final String[] TABLES = {"mcp_rollup_hour", "mcp_rollup_client_hour", "mcp_rollup_slow_hour",
        SESSION_TABLE};
    /** Session ids looked up per query ({@link #startHours}). */
    static final int KEYS_PER_QUERY = 100;
    /**
     * Always {@value #KEYS_PER_QUERY} ids: a statement of another length would be new SQL text, which Derby
     * compiles (and its statement cache churns) on most rounds.
     */
    static final String START_HOURS = "SELECT started_at FROM mcp_session WHERE endpoint = ? AND session_id IN ("
            + "?, ".repeat(KEYS_PER_QUERY - 1) + "?)";
    /**
     * An hour's sessions per client platform and end reason (endpoint, hour, next hour): a range of the index by
     * (started_at, endpoint) (V14), as is {@link #FIRST_SESSION} (endpoint, from, before).
     */
    static final String SESSIONS_OF_HOUR = "SELECT client_platform, end_reason, COUNT(*), "
            + "SUM(CASE WHEN ended_at IS NULL THEN 1 ELSE 0 END) FROM mcp_session "
            + "WHERE endpoint = ? AND started_at >= ? AND started_at < ? GROUP BY client_platform, end_reason";
    static final String FIRST_SESSION = "SELECT started_at FROM mcp_session WHERE endpoint = ? AND started_at >= ? "
            + "AND started_at < ? ORDER BY started_at";

    private final String endpoint;
    private final Calendar utc = new GregorianCalendar(TimeZone.getTimeZone("UTC"));

    HourlyRollup(String endpoint) {
        this.endpoint = endpoint;
    }

    /** A group of an hour's exchanges: one row. */
    private record Group(String method, String target) {
    }

    /**
     * Rolls up the hour that begins at {@code hour} (replacing what was rolled up for it before), in one
     * transaction.
     *
     * @return the rows written
     */
    int rollUp(Connection c, Instant hour) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Map<Group, Tally> groups = groups(c, hour);
            for (String table : TABLES) {
                delete(c, table, hour);
            }
            insert(c, hour, groups);
            rollUpClients(c, hour);
            rollUpSlowest(c, hour);
            rollUpSessions(c, hour);
            c.commit();
            return groups.size();
        } catch (SQLException | RuntimeException e) {
            rollBack(c, e);
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Rolls up the sessions begun in the hour at {@code hour} again (replacing its {@code mcp_rollup_session_hour}
     * rows), in one transaction: sessions of an hour rolled up that ended, or were written, since.
     */
    void rollUpSessionsAgain(Connection c, Instant hour) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            delete(c, SESSION_TABLE, hour);
            rollUpSessions(c, hour);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            rollBack(c, e);
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void rollBack(Connection c, Exception e) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            e.addSuppressed(rollbackFailure);
        }
    }

    private void delete(Connection c, String table, Instant hour) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "DELETE FROM " + table + " WHERE endpoint = ? AND hour_start = ?")) {
            delete.setString(1, endpoint);
            delete.setTimestamp(2, Timestamp.from(hour), utc);
            delete.executeUpdate();
        }
    }

    private Map<Group, Tally> groups(Connection c, Instant hour) throws SQLException {
        Map<Group, Tally> groups = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT mcp_method, target, lb, COUNT(*), SUM(e), SUM(te) "
                + "FROM (SELECT mcp_method, target, " + LatencyHistogram.SQL_BUCKET + " AS lb, "
                + TimeseriesReads.ERROR + " AS e, " + TimeseriesReads.TOOL_ERROR + " AS te FROM mcp_request "
                + "WHERE endpoint = ? AND ts >= ? AND ts < ?) x GROUP BY mcp_method, target, lb "
                + "ORDER BY mcp_method, target, lb")) {
            s.setString(1, endpoint);
            s.setTimestamp(2, Timestamp.from(hour), utc);
            s.setTimestamp(3, Timestamp.from(hour.plus(HOUR)), utc);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    groups.computeIfAbsent(new Group(rs.getString(1), rs.getString(2)), g -> new Tally())
                            .add(rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
                }
            }
        }
        return groups;
    }

    private void insert(Connection c, Instant hour, Map<Group, Tally> groups) throws SQLException {
        if (groups.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_rollup_hour (endpoint, hour_start, seq, "
                + "mcp_method, target, calls, errors, tool_errors, histogram) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (Map.Entry<Group, Tally> g : groups.entrySet()) {
                Tally t = g.getValue();
                insert.setString(1, endpoint);
                insert.setTimestamp(2, Timestamp.from(hour), utc);
                insert.setInt(3, seq++);
                insert.setString(4, g.getKey().method());
                insert.setString(5, g.getKey().target());
                insert.setLong(6, t.calls());
                insert.setLong(7, t.errors());
                insert.setLong(8, t.toolErrors());
                insert.setString(9, t.latency().toText());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The hour's requests per client platform and client name into {@code mcp_rollup_client_hour}. */
    private void rollUpClients(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement s = select(c, "SELECT client_platform, client_name, COUNT(*) FROM mcp_request "
                + "WHERE endpoint = ? AND ts >= ? AND ts < ? GROUP BY client_platform, client_name", hour);
             ResultSet rs = s.executeQuery();
             PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_rollup_client_hour (endpoint, "
                     + "hour_start, seq, client_platform, client_name, requests) VALUES (?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            while (rs.next()) {
                insert.setString(1, endpoint);
                insert.setTimestamp(2, Timestamp.from(hour), utc);
                insert.setInt(3, seq++);
                insert.setString(4, rs.getString(1));
                insert.setString(5, rs.getString(2));
                insert.setLong(6, rs.getLong(3));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The hour's {@value #SLOWEST_PER_HOUR} slowest exchanges into {@code mcp_rollup_slow_hour}, slowest first. */
    private void rollUpSlowest(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement s = select(c, "SELECT id, ts, session_id, mcp_method, target, outcome, latency_us "
                + "FROM mcp_request WHERE endpoint = ? AND ts >= ? AND ts < ? ORDER BY latency_us DESC, id", hour);
             PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_rollup_slow_hour (endpoint, hour_start, "
                     + "seq, request_id, ts, session_id, mcp_method, target, outcome, latency_us) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setMaxRows(SLOWEST_PER_HOUR);
            try (ResultSet rs = s.executeQuery()) {
                int seq = 0;
                while (rs.next()) {
                    insert.setString(1, endpoint);
                    insert.setTimestamp(2, Timestamp.from(hour), utc);
                    insert.setInt(3, seq++);
                    insert.setString(4, rs.getString(1));
                    insert.setTimestamp(5, rs.getTimestamp(2, utc), utc);
                    for (int i = 3; i <= 6; i++) {
                        insert.setString(i + 3, rs.getString(i));
                    }
                    insert.setLong(10, rs.getLong(7));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * The sessions begun in the hour per client platform and end reason, and how many of them are live, into
     * {@code mcp_rollup_session_hour}: what {@link McpAnalytics#sessionCounts} and the sessions of
     * {@link McpAnalytics#clientsByPlatform} count, grouped as they group.
     */
    private void rollUpSessions(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement s = select(c, SESSIONS_OF_HOUR, hour);
             ResultSet rs = s.executeQuery();
             PreparedStatement insert = c.prepareStatement("INSERT INTO " + SESSION_TABLE + " (endpoint, hour_start, "
                     + "seq, client_platform, end_reason, sessions, live) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            while (rs.next()) {
                insert.setString(1, endpoint);
                insert.setTimestamp(2, Timestamp.from(hour), utc);
                insert.setInt(3, seq++);
                insert.setString(4, rs.getString(1));
                insert.setString(5, rs.getString(2));
                insert.setLong(6, rs.getLong(3));
                insert.setLong(7, rs.getLong(4));
                insert.addBatch();
            }
            if (seq > 0) {
                insert.executeBatch();
            }
        }
    }

    /**
     * The hours in which the stored sessions of this endpoint with these ids ({@link StoredText#sessionKey} form)
     * began, read by the (endpoint, session_id) key {@value #KEYS_PER_QUERY} ids at a time.
     */
    NavigableSet<Instant> startHours(Connection c, Collection<String> sessionKeys) throws SQLException {
        NavigableSet<Instant> hours = new TreeSet<>();
        List<String> keys = new ArrayList<>(sessionKeys);
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            try (PreparedStatement s = c.prepareStatement(START_HOURS)) {
                s.setString(1, endpoint);
                for (int i = 0; i < KEYS_PER_QUERY; i++) { // a short chunk repeats its last key: one SQL text
                    s.setString(i + 2, chunk.get(Math.min(i, chunk.size() - 1)));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        hours.add(TimeStep.HOUR.floor(rs.getTimestamp(1, utc).toInstant()));
                    }
                }
            }
        }
        return hours;
    }

    /** A query over this endpoint's rows of the hour at {@code hour} (parameters 1 to 3 bound). */
    private PreparedStatement select(Connection c, String sql, Instant hour) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setString(1, endpoint);
        s.setTimestamp(2, Timestamp.from(hour), utc);
        s.setTimestamp(3, Timestamp.from(hour.plus(HOUR)), utc);
        return s;
    }

    /** The end of the last hour rolled up, or {@code null} when none is. */
    Instant rolledUntil(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT MAX(hour_start) FROM mcp_rollup_hour WHERE endpoint = ?")) {
            s.setString(1, endpoint);
            try (ResultSet rs = s.executeQuery()) {
                Timestamp last = rs.next() ? rs.getTimestamp(1, utc) : null;
                return last == null ? null : last.toInstant().plus(HOUR);
            }
        }
    }

    /**
     * The start of the first hour in {@code [from, before)} that has raw rows (exchanges or sessions begun), or
     * {@code null}: the first row in the order of the ts index (and of the sessions' start index), so that each
     * scan stops there.
     */
    Instant firstHourWithRows(Connection c, Instant from, Instant before) throws SQLException {
        Instant request = firstHour(c, "SELECT ts FROM mcp_request WHERE endpoint = ? AND ts >= ? AND ts < ? "
                + "ORDER BY ts", from, before);
        Instant session = firstHour(c, FIRST_SESSION, from, request != null ? request : before);
        return session != null ? session : request;
    }

    private Instant firstHour(Connection c, String sql, Instant from, Instant before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, endpoint);
            s.setTimestamp(2, Timestamp.from(from), utc);
            s.setTimestamp(3, Timestamp.from(before), utc);
            s.setMaxRows(1);
            try (ResultSet rs = s.executeQuery()) {
                Timestamp first = rs.next() ? rs.getTimestamp(1, utc) : null;
                return first == null ? null : TimeStep.HOUR.floor(first.toInstant());
            }
        }
    }

    /** Deletes this endpoint's rollups (of every rollup table) of hours before {@code cutoff}; returns the rows deleted. */
    long deleteOlderThan(Connection c, Instant cutoff) throws SQLException {
        long deleted = 0;
        for (String table : TABLES) {
            try (PreparedStatement d = c.prepareStatement(
                    "DELETE FROM " + table + " WHERE endpoint = ? AND hour_start < ?")) {
                d.setString(1, endpoint);
                d.setTimestamp(2, Timestamp.from(cutoff), utc);
                deleted += d.executeUpdate();
            }
        }
        return deleted;
    }
}

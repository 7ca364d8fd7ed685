package dev.mcpgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;

/**
 * The JDBC work of the hourly rollups of one endpoint ({@code mcp_rollup_hour}, {@code mcp_rollup_client_hour},
 * {@code mcp_rollup_slow_hour}), on the writer's connection: one hour rolled up from the raw rows in one
 * transaction (its old rows deleted, the new ones inserted: rolling an hour again replaces it), where the rollups
 * stand, where the next rows are, and the rollups' own retention. The raw rows are grouped in the database by
 * method, target and latency bucket ({@link LatencyHistogram#SQL_BUCKET}), by client platform and name, and the
 * {@value #SLOWEST_PER_HOUR} slowest fetched: an hour costs three queries over its rows, whatever its traffic.
 * When ({@link RollupSchedule}) is not its business.
 */
final class HourlyRollup {

    static final Duration HOUR = Duration.ofHours(1);
    /** The slowest exchanges of an hour kept in {@code mcp_rollup_slow_hour}: the most a long window's slowest shows. */
    static final int SLOWEST_PER_HOUR = 20;
    /** The tables of the rollups, each keyed by (endpoint, hour_start, seq). */
    private static final String[] TABLES = {"mcp_rollup_hour", "mcp_rollup_client_hour", "mcp_rollup_slow_hour"};

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
                try (PreparedStatement delete = c.prepareStatement(
                        "DELETE FROM " + table + " WHERE endpoint = ? AND hour_start = ?")) {
                    delete.setString(1, endpoint);
                    delete.setTimestamp(2, Timestamp.from(hour), utc);
                    delete.executeUpdate();
                }
            }
            insert(c, hour, groups);
            rollUpClients(c, hour);
            rollUpSlowest(c, hour);
            c.commit();
            return groups.size();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
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
     * The start of the first hour in {@code [from, before)} that has raw rows, or {@code null}: the first row
     * in the order of the ts index, so that the scan stops there.
     */
    Instant firstHourWithRows(Connection c, Instant from, Instant before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT ts FROM mcp_request WHERE endpoint = ? AND ts >= ? AND ts < ? ORDER BY ts")) {
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

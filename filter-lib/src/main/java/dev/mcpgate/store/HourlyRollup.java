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
import java.util.Comparator;
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

    /** A client platform and name of an hour's exchanges: one {@code mcp_rollup_client_hour} row. */
    private record Client(String platform, String name) {
    }

    /** One of an hour's slowest exchanges: one {@code mcp_rollup_slow_hour} row. */
    private record Slow(String id, Timestamp ts, String sessionId, String method, String target, String outcome,
            long latencyMicros) {
    }

    /** Slowest first, then by id: the order of the slowest query. */
    private static final Comparator<Slow> SLOWEST_FIRST = Comparator.comparingLong(Slow::latencyMicros).reversed()
            .thenComparing(Slow::id);

    /**
     * Rolls up the hour that begins at {@code hour} (replacing what was rolled up for it before, a part of it
     * included), in one transaction.
     *
     * @return the rows written
     */
    int rollUp(Connection c, Instant hour) throws SQLException {
        return inTransaction(c, () -> {
            Instant end = hour.plus(HOUR);
            Map<Group, Tally> groups = groups(c, hour, end, new LinkedHashMap<>());
            Map<Client, Long> clients = clients(c, hour, end, new LinkedHashMap<>());
            List<Slow> slowest = slowest(c, hour, end, new ArrayList<>());
            for (String table : TABLES) {
                delete(c, table, hour);
            }
            write(c, hour, null, groups, clients, slowest);
            rollUpSessions(c, hour);
            return groups.size();
        });
    }

    /**
     * Rolls up the part {@code [hour, until)} of the open hour that begins at {@code hour}, in one transaction: the
     * exchanges since the end of the part rolled up before (as its rows say, {@code covered_until}) added to that
     * part (read back from its rows, which are replaced), or, {@code anew}, from the raw rows alone. Nothing is done
     * when the hour's rows are those of the whole hour, or when its part already reaches {@code until} (another
     * node's writer, a round whose commit was taken for a failure). Two writers that add to the same part at once
     * collide on the table's key: one transaction is rolled back. Its {@code mcp_rollup_hour} rows say
     * {@code covered_until}; the sessions are not rolled up (they change as they end: the hour's own rollup does
     * them).
     *
     * @return whether the part was rolled up
     */
    boolean rollUpPart(Connection c, Instant hour, Instant until, boolean anew) throws SQLException {
        return inTransaction(c, () -> {
            if (hasWholeRows(c, hour)) {
                return 0;
            }
            Instant stored = partCoveredUntil(c, hour);
            if (!anew && stored != null && !stored.isBefore(until)) {
                return 0;
            }
            boolean fromRaw = anew || stored == null;
            Instant from = fromRaw ? hour : stored;
            Map<Group, Tally> groups = groups(c, from, until, fromRaw ? new LinkedHashMap<>() : storedGroups(c, hour));
            Map<Client, Long> clients = clients(c, from, until, fromRaw ? new LinkedHashMap<>() : storedClients(c, hour));
            List<Slow> slowest = slowest(c, from, until, fromRaw ? new ArrayList<>() : storedSlowest(c, hour));
            for (String table : TABLES) {
                if (!table.equals(SESSION_TABLE)) {
                    delete(c, table, hour);
                }
            }
            write(c, hour, until, groups, clients, slowest);
            return 1;
        }) > 0;
    }

    /** Whether the hour has rows of its whole-hour rollup ({@code covered_until} null). */
    private boolean hasWholeRows(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement s = ofHour(c, "SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = ? "
                + "AND hour_start = ? AND covered_until IS NULL", hour);
             ResultSet rs = s.executeQuery()) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    /** Work done in one transaction on the writer's connection. */
    @FunctionalInterface
    private interface Work {
        int run() throws SQLException;
    }

    private static int inTransaction(Connection c, Work work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            int rows = work.run();
            c.commit();
            return rows;
        } catch (SQLException | RuntimeException | Error e) { // an Error too: the finally's autocommit would commit
            rollBack(c, e);
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private void write(Connection c, Instant hour, Instant coveredUntil, Map<Group, Tally> groups,
            Map<Client, Long> clients, List<Slow> slowest) throws SQLException {
        insert(c, hour, coveredUntil, groups);
        insertClients(c, hour, clients);
        slowest.sort(SLOWEST_FIRST);
        insertSlowest(c, hour, slowest.subList(0, Math.min(SLOWEST_PER_HOUR, slowest.size())));
    }

    /**
     * Rolls up the sessions begun in the hour at {@code hour} again (replacing its {@code mcp_rollup_session_hour}
     * rows), in one transaction: sessions of an hour rolled up that ended, or were written, since.
     */
    void rollUpSessionsAgain(Connection c, Instant hour) throws SQLException {
        inTransaction(c, () -> {
            delete(c, SESSION_TABLE, hour);
            rollUpSessions(c, hour);
            return 0;
        });
    }

    private static void rollBack(Connection c, Throwable e) {
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

    /** Adds the exchanges of {@code [start, end)} to {@code groups}, by method, target and latency bucket. */
    private Map<Group, Tally> groups(Connection c, Instant start, Instant end, Map<Group, Tally> groups)
            throws SQLException {
        try (PreparedStatement s = select(c, "SELECT mcp_method, target, lb, COUNT(*), SUM(e), SUM(te) "
                + "FROM (SELECT mcp_method, target, " + LatencyHistogram.SQL_BUCKET + " AS lb, "
                + TimeseriesReads.ERROR + " AS e, " + TimeseriesReads.TOOL_ERROR + " AS te FROM mcp_request "
                + "WHERE endpoint = ? AND ts >= ? AND ts < ?) x GROUP BY mcp_method, target, lb "
                + "ORDER BY mcp_method, target, lb", start, end);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                groups.computeIfAbsent(new Group(rs.getString(1), rs.getString(2)), g -> new Tally())
                        .add(rs.getInt(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            }
        }
        return groups;
    }

    /** The groups of the part of the hour rolled up before, from its {@code mcp_rollup_hour} rows. */
    private Map<Group, Tally> storedGroups(Connection c, Instant hour) throws SQLException {
        Map<Group, Tally> groups = new LinkedHashMap<>();
        try (PreparedStatement s = ofHour(c, "SELECT mcp_method, target, calls, errors, tool_errors, histogram "
                + "FROM mcp_rollup_hour WHERE endpoint = ? AND hour_start = ?", hour);
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                groups.computeIfAbsent(new Group(rs.getString(1), rs.getString(2)), g -> new Tally())
                        .add(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getString(6));
            }
        }
        return groups;
    }

    private void insert(Connection c, Instant hour, Instant coveredUntil, Map<Group, Tally> groups)
            throws SQLException {
        if (groups.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_rollup_hour (endpoint, hour_start, seq, "
                + "mcp_method, target, calls, errors, tool_errors, histogram, covered_until) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
                insert.setTimestamp(10, coveredUntil == null ? null : Timestamp.from(coveredUntil), utc);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Adds the requests of {@code [start, end)} to {@code clients}, per client platform and client name. */
    private Map<Client, Long> clients(Connection c, Instant start, Instant end, Map<Client, Long> clients)
            throws SQLException {
        try (PreparedStatement s = select(c, "SELECT client_platform, client_name, COUNT(*) FROM mcp_request "
                + "WHERE endpoint = ? AND ts >= ? AND ts < ? GROUP BY client_platform, client_name", start, end)) {
            return addClients(s, clients);
        }
    }

    private Map<Client, Long> storedClients(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement s = ofHour(c, "SELECT client_platform, client_name, requests "
                + "FROM mcp_rollup_client_hour WHERE endpoint = ? AND hour_start = ?", hour)) {
            return addClients(s, new LinkedHashMap<>());
        }
    }

    /** Adds the rows of {@code s} (client platform, client name, requests) to {@code clients}. */
    private static Map<Client, Long> addClients(PreparedStatement s, Map<Client, Long> clients) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                clients.merge(new Client(rs.getString(1), rs.getString(2)), rs.getLong(3), Long::sum);
            }
        }
        return clients;
    }

    private void insertClients(Connection c, Instant hour, Map<Client, Long> clients) throws SQLException {
        if (clients.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_rollup_client_hour (endpoint, "
                + "hour_start, seq, client_platform, client_name, requests) VALUES (?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (Map.Entry<Client, Long> client : clients.entrySet()) {
                insert.setString(1, endpoint);
                insert.setTimestamp(2, Timestamp.from(hour), utc);
                insert.setInt(3, seq++);
                insert.setString(4, client.getKey().platform());
                insert.setString(5, client.getKey().name());
                insert.setLong(6, client.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Adds the {@value #SLOWEST_PER_HOUR} slowest exchanges of {@code [start, end)} to {@code slowest}. */
    private List<Slow> slowest(Connection c, Instant start, Instant end, List<Slow> slowest) throws SQLException {
        try (PreparedStatement s = select(c, "SELECT id, ts, session_id, mcp_method, target, outcome, latency_us "
                + "FROM mcp_request WHERE endpoint = ? AND ts >= ? AND ts < ? ORDER BY latency_us DESC, id", start, end)) {
            s.setMaxRows(SLOWEST_PER_HOUR);
            readSlowest(s, slowest);
        }
        return slowest;
    }

    private List<Slow> storedSlowest(Connection c, Instant hour) throws SQLException {
        List<Slow> slowest = new ArrayList<>();
        try (PreparedStatement s = ofHour(c, "SELECT request_id, ts, session_id, mcp_method, target, outcome, "
                + "latency_us FROM mcp_rollup_slow_hour WHERE endpoint = ? AND hour_start = ?", hour)) {
            readSlowest(s, slowest);
        }
        return slowest;
    }

    private void readSlowest(PreparedStatement s, List<Slow> slowest) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                slowest.add(new Slow(rs.getString(1), rs.getTimestamp(2, utc), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)));
            }
        }
    }

    /** The hour's slowest exchanges into {@code mcp_rollup_slow_hour}, slowest first. */
    private void insertSlowest(Connection c, Instant hour, List<Slow> slowest) throws SQLException {
        if (slowest.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_rollup_slow_hour (endpoint, hour_start, "
                + "seq, request_id, ts, session_id, mcp_method, target, outcome, latency_us) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int seq = 0;
            for (Slow slow : slowest) {
                insert.setString(1, endpoint);
                insert.setTimestamp(2, Timestamp.from(hour), utc);
                insert.setInt(3, seq++);
                insert.setString(4, slow.id());
                insert.setTimestamp(5, slow.ts(), utc);
                insert.setString(6, slow.sessionId());
                insert.setString(7, slow.method());
                insert.setString(8, slow.target());
                insert.setString(9, slow.outcome());
                insert.setLong(10, slow.latencyMicros());
                insert.addBatch();
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
        return select(c, sql, hour, hour.plus(HOUR));
    }

    /** A query over this endpoint's rows of {@code [start, end)} (parameters 1 to 3 bound). */
    private PreparedStatement select(Connection c, String sql, Instant start, Instant end) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setString(1, endpoint);
        s.setTimestamp(2, Timestamp.from(start), utc);
        s.setTimestamp(3, Timestamp.from(end), utc);
        return s;
    }

    /** A query over this endpoint's rollup rows of the hour at {@code hour} (parameters 1 and 2 bound). */
    private PreparedStatement ofHour(Connection c, String sql, Instant hour) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        s.setString(1, endpoint);
        s.setTimestamp(2, Timestamp.from(hour), utc);
        return s;
    }

    /**
     * The end of the last whole hour rolled up, or {@code null} when none is: the rows of a part of the open hour
     * ({@link #rollUpPart}), the newest, are not one.
     */
    Instant rolledUntil(Connection c) throws SQLException {
        Instant last = lastHour(c, null);
        if (last != null && partCoveredUntil(c, last) != null) {
            last = lastHour(c, last);
        }
        return last == null ? null : last.plus(HOUR);
    }

    /**
     * The end of the part of the open hour rolled up at {@code hour} ({@link #rollUpPart}), or {@code null} when
     * its rows are those of the whole hour, or there are none.
     */
    Instant partCoveredUntil(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement s = ofHour(c, "SELECT MAX(covered_until) FROM mcp_rollup_hour "
                + "WHERE endpoint = ? AND hour_start = ?", hour);
             ResultSet rs = s.executeQuery()) {
            Timestamp covered = rs.next() ? rs.getTimestamp(1, utc) : null;
            return covered == null ? null : covered.toInstant();
        }
    }

    /** The newest hour with rollup rows (before {@code before}, when not {@code null}), or {@code null}. */
    private Instant lastHour(Connection c, Instant before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(hour_start) FROM mcp_rollup_hour WHERE endpoint = ?"
                + (before == null ? "" : " AND hour_start < ?"))) {
            s.setString(1, endpoint);
            if (before != null) {
                s.setTimestamp(2, Timestamp.from(before), utc);
            }
            try (ResultSet rs = s.executeQuery()) {
                Timestamp last = rs.next() ? rs.getTimestamp(1, utc) : null;
                return last == null ? null : last.toInstant();
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

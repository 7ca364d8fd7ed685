package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@link AbstractStoreIT} on embedded Apache Derby 10.16 in a fresh directory under {@code target/}. */
class DerbyStoreIT extends AbstractStoreIT {

    private String database;

    @Override
    protected DataSource startDatabase() throws IOException {
        Path directory = Files.createTempDirectory(Path.of("target"), "derby-store-it");
        System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
        database = directory.resolve("db").toAbsolutePath().toString();
        return new DriverDataSource("jdbc:derby:" + database + ";create=true", null, null,
                DerbyStoreIT.class.getClassLoader());
    }

    @Override
    protected void stopDatabase() {
        try {
            new DriverDataSource("jdbc:derby:" + database + ";shutdown=true", null, null,
                    DerbyStoreIT.class.getClassLoader()).getConnection().close();
        } catch (SQLException expected) {
            // 08006: the database shut down
        }
    }

    /**
     * The session reads of an hour of one endpoint (the session rollup of an hour, the first hour with sessions, and
     * the reads of /mcpgate/api/sessions, /sessions/counts and the clients' sessions, as JPA writes them) read a
     * range of the index by (started_at, endpoint), with index statistics and without (a new database): not every
     * session of the endpoint through the key (endpoint, session_id), which V13's index by (endpoint, started_at)
     * was for and V14 replaced. 24 hours of 400 sessions of one endpoint and 100 of another: a read visits the
     * hour's 500 index rows (and the one after), endpoint tested in the index. The writer's statements that find a
     * session by (endpoint, session_id) use the key.
     */
    @Test
    void theSessionReadsOfAnHourReadARangeOfTheStartTimeIndex() throws Exception {
        LocalDateTime hour = LocalDateTime.of(2026, 12, 1, 12, 0);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            insertSessions(c, hour.minusHours(12), 24);
            String schema = value(s, "VALUES CURRENT SCHEMA");
            List<String> reads = List.of(HourlyRollup.SESSIONS_OF_HOUR, HourlyRollup.FIRST_SESSION,
                    "SELECT id, session_id, started_at FROM mcp_session WHERE started_at >= ? AND started_at < ? "
                            + "AND endpoint = ? ORDER BY started_at DESC, id DESC",
                    "SELECT end_reason, COUNT(id), COUNT(ended_at) FROM mcp_session WHERE started_at >= ? "
                            + "AND started_at < ? AND endpoint = ? GROUP BY end_reason",
                    "SELECT client_platform, COUNT(id) FROM mcp_session WHERE endpoint = ? AND started_at >= ? "
                            + "AND started_at < ? GROUP BY client_platform");
            List<String> writes = List.of(BatchWriter.UPDATE_SESSION_START, BatchWriter.UPDATE_SESSION_COUNTERS,
                    BatchWriter.UPDATE_SESSION_END, BatchWriter.SESSION_EXISTS);
            List<Runnable> checks = new ArrayList<>();
            for (String statistics : List.of("DROP", "UPDATE")) {
                s.execute("CALL SYSCS_UTIL.SYSCS_" + statistics + "_STATISTICS('" + schema + "', 'MCP_SESSION', NULL)");
                for (String sql : reads) {
                    String plan = plan(c, sql, hour);
                    checks.add(() -> assertTrue(plan.contains("using index MCP_SESSION_STARTED_ENDPOINT_IX")
                            && rowsVisited(plan) <= 501, statistics + " statistics: " + sql + "\n" + plan));
                }
                for (String sql : writes) {
                    String plan = plan(c, sql, hour);
                    checks.add(() -> assertTrue(plan.contains("using constraint MCP_SESSION_UK")
                            && rowsVisited(plan) == 1, statistics + " statistics: " + sql + "\n" + plan));
                }
            }
            assertAll(checks.stream().map(r -> r::run));
        }
    }

    private static void insertSessions(Connection c, LocalDateTime day, int hours) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_session (id, endpoint, session_id, era, "
                + "client_platform, started_at) VALUES (?, ?, ?, 'legacy', 'unknown', ?)")) {
            for (int i = 0; i < hours * 500; i++) {
                insert.setString(1, "id-" + i);
                insert.setString(2, i % 5 == 0 ? "other" : "ep");
                insert.setString(3, "session-" + i);
                insert.setTimestamp(4, Timestamp.valueOf(day.plusSeconds(i * 3600L / 500)));
                insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    /**
     * Derby's runtime statistics of {@code sql} run (and rolled back) for endpoint "ep" and the hour from {@code hour}
     * (a read), or for the session "session-6001" of "ep" (a writer's statement: its last two parameters).
     */
    private static String plan(Connection c, String sql, LocalDateTime hour) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(1)");
            try (PreparedStatement statement = c.prepareStatement(sql)) {
                bind(statement, sql, hour);
                if (statement.execute()) {
                    try (ResultSet rs = statement.getResultSet()) {
                        while (rs.next()) {
                            rs.getObject(1); // read to the end: the statistics are the run's
                        }
                    }
                }
            }
            return value(s, "VALUES SYSCS_UTIL.SYSCS_GET_RUNTIMESTATISTICS()");
        } finally {
            c.rollback();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CALL SYSCS_UTIL.SYSCS_SET_RUNTIMESTATISTICS(0)");
            }
        }
    }

    private static void bind(PreparedStatement statement, String sql, LocalDateTime hour) throws SQLException {
        if (sql.contains("started_at >= ?")) {
            boolean endpointFirst = sql.indexOf("endpoint = ?") < sql.indexOf("started_at >= ?");
            statement.setString(endpointFirst ? 1 : 3, "ep");
            statement.setTimestamp(endpointFirst ? 2 : 1, Timestamp.valueOf(hour));
            statement.setTimestamp(endpointFirst ? 3 : 2, Timestamp.valueOf(hour.plusHours(1)));
            return;
        }
        java.sql.ParameterMetaData parameters = statement.getParameterMetaData();
        int count = parameters.getParameterCount();
        for (int i = 1; i <= count - 2; i++) {
            switch (parameters.getParameterType(i)) {
                case java.sql.Types.TIMESTAMP -> statement.setTimestamp(i, Timestamp.valueOf(hour));
                case java.sql.Types.BIGINT, java.sql.Types.INTEGER -> statement.setLong(i, 1);
                default -> statement.setString(i, "x");
            }
        }
        statement.setString(count - 1, "ep");
        statement.setString(count, "session-6001");
    }

    /** The most rows a scan of {@code plan} visited: an hour's 500 sessions and the one that ends the range. */
    private static int rowsVisited(String plan) {
        return java.util.regex.Pattern.compile("Number of rows visited=(\\d+)").matcher(plan).results()
                .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(Integer.MAX_VALUE);
    }

    private static String value(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}

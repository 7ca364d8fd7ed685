package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;

/** How the store's failures to open its database are classified and said, with real driver exceptions where a test can make one. */
class StoreFailureTest {

    @Test
    void aClosedPortOfPostgresqlIsUnreachable() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/mcpgate";

        SQLException refused = assertThrows(SQLException.class,
                () -> new org.postgresql.Driver().connect(url, new Properties()));

        assertEquals(StoreFailure.UNREACHABLE, StoreFailure.of(refused));
    }

    @Test
    void anUnknownHostIsUnreachable() {
        SQLException e = new SQLException("The connection attempt failed.", "08001",
                new UnknownHostException("db.example.invalid"));

        assertEquals(StoreFailure.UNREACHABLE, StoreFailure.of(e));
        assertTrue(StoreFailure.UNREACHABLE.describe("jdbc:postgresql://db.example.invalid/x", e)
                .contains("(UnknownHostException: db.example.invalid)"));
    }

    @Test
    void noDriverForTheUrlIsDriverMissingAndItsMessageHasNoPassword() {
        DriverDataSource dataSource = new DriverDataSource("jdbc:nosuchdb://u:userinfo-secret@db/x?password=url-secret",
                null, null, StoreFailureTest.class.getClassLoader());

        SQLException e = assertThrows(SQLException.class, dataSource::getConnection);

        assertEquals(StoreFailure.DRIVER_MISSING, StoreFailure.of(e));
        assertFalse(e.getMessage().contains("secret"), e.getMessage());
        StoreOpenException said = new StoreOpenException(dataSource.toString(), e);
        assertFalse(said.getMessage().contains("secret"), said.getMessage());
        assertTrue(said.getMessage().startsWith("the database jdbc:nosuchdb://***@db/x?password=*** has no JDBC driver"), said.getMessage());
    }

    @Test
    void driverManagersNoSuitableDriverIsDriverMissingThoughItsStateSaysConnection() {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:nosuchdb://db/x"));

        assertEquals("08001", e.getSQLState());
        assertEquals(StoreFailure.DRIVER_MISSING, StoreFailure.of(e));
    }

    @Test
    void flywayWithoutItsModuleForTheDatabaseIsUnsupported() {
        // what McpStore.open throws when flyway-database-postgresql is missing
        SQLException e = new SQLException("McpGate store: schema migration failed: Unsupported Database: PostgreSQL 15.4",
                new FlywayException("Unsupported Database: PostgreSQL 15.4"));

        assertEquals(StoreFailure.UNSUPPORTED_DATABASE, StoreFailure.of(e));
        assertTrue(StoreFailure.UNSUPPORTED_DATABASE.describe("jdbc:postgresql://db/x", e)
                .contains("flyway-database-postgresql"));
    }

    @Test
    void aDatabaseOtherThanDerbyOrPostgresqlIsUnsupported() {
        SQLException e = new java.sql.SQLFeatureNotSupportedException("McpGate store supports Apache Derby and PostgreSQL, not mysql");

        assertEquals(StoreFailure.UNSUPPORTED_DATABASE, StoreFailure.of(e));
    }

    @Test
    void aRefusedLoginIsAuthentication() {
        assertEquals(StoreFailure.AUTHENTICATION, StoreFailure.of(
                new SQLException("FATAL: password authentication failed for user \"mcpgate\"", "28P01")));
        assertEquals(StoreFailure.AUTHENTICATION, StoreFailure.of(new SQLException("no pg_hba.conf entry", "28000")));
        // PostgreSQL's driver without a password the server wants; Derby's failed login
        assertEquals(StoreFailure.AUTHENTICATION, StoreFailure.of(
                new SQLException("The server requested SCRAM-based authentication, but no password was provided.", "08004")));
    }

    @Test
    void anythingElseIsOther() {
        assertEquals(StoreFailure.OTHER, StoreFailure.of(new SQLException("FATAL: database \"x\" does not exist", "3D000")));
        assertEquals(StoreFailure.OTHER, StoreFailure.of(new IllegalStateException("boom")));
    }

    @Test
    void theLineNamesTheDatabaseWithoutCredentialsAndKeepsToOneLine() {
        String target = dev.mcpgate.redact.Redaction.url("jdbc:postgresql://admin:hunter2@db:5432/mcpgate?user=x&password=hunter3");
        SQLException e = new SQLException("failed for jdbc:postgresql://db/x?password=hunter4\nsecond line", "08001");

        String line = StoreFailure.UNREACHABLE.describe(target, e);

        assertTrue(target.contains("db:5432/mcpgate") && !target.contains("hunter"), target);
        assertFalse(line.contains("hunter"), line);
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("the database " + target + " cannot be reached (SQLException: "),
                line);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}

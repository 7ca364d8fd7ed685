package dev.mcpgate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** HikariCP's pool for {@link ReadConnections}; loaded only when HikariCP is on the class path. */
final class HikariReads {

    /** Dashboards and API clients reading at once; more wait for a connection. */
    static final int MAX_CONNECTIONS = 4;
    /**
     * How long a read waits for a connection: while the database is down, a read fails after this (the writer
     * holds its events meanwhile) rather than after the pool's default 30 s.
     */
    private static final long CONNECTION_TIMEOUT_MS = 5_000;
    private static final long VALIDATION_TIMEOUT_MS = 2_000;
    /** A connection idle this long is closed (HikariCP's least); a dashboard refreshing keeps its few open. */
    static final long IDLE_TIMEOUT_MS = 60_000;

    private HikariReads() {
    }

    static DataSource pool(DataSource dataSource, String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(dataSource);
        config.setPoolName("mcpgate-store-reads " + name);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(0);
        config.setIdleTimeout(IDLE_TIMEOUT_MS);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        config.setValidationTimeout(VALIDATION_TIMEOUT_MS);
        config.setInitializationFailTimeout(-1); // a database down at start: the first read says so, not the pool
        config.setRegisterMbeans(false);
        return new HikariDataSource(config);
    }
}

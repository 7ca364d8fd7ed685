package dev.mcpgate.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import javax.sql.DataSource;

/**
 * The analytics API's read connections ({@link McpStore#readsFactory()}) when the store's {@code DataSource} does not
 * pool: McpGate's own ({@code store-jdbc-url}, embedded Derby). Without a pool, EclipseLink opened a new
 * connection for every query and closed it after: on PostgreSQL a new server process and an authentication each
 * time, most of a dashboard refresh's time (a month's refresh went from about 600 ms to about 220 ms with a
 * pool; README, "Hourly rollups"). A server's DataSource ({@code store-datasource}, the application's
 * {@code java:app/jdbc/mcpgate}) pools already and is left alone.
 *
 * <p>The pool is HikariCP's, when it is on the class path (the gateway WAR has it; for the filter in another
 * application it is an optional dependency, like EclipseLink): at most {@value HikariReads#MAX_CONNECTIONS}
 * connections per store, none kept once idle for {@value HikariReads#IDLE_TIMEOUT_MS} ms (a WAR's many
 * endpoints each have a store: idle dashboards hold no connection), each checked before use when it has been
 * idle, so that connections the database dropped (a restart) are replaced, not handed out. Without HikariCP, reads open a connection each, as
 * before, and the store says so once at start. The writer keeps its own connection either way.
 */
final class ReadConnections {

    private static final Logger LOG = System.getLogger(ReadConnections.class.getName());
    private static final String HIKARI = "com.zaxxer.hikari.HikariDataSource";

    private ReadConnections() {
    }

    /** A pool over {@code dataSource} for the reads, or {@code dataSource} itself when HikariCP is missing. */
    static DataSource pooled(DataSource dataSource, String name) {
        try {
            Class.forName(HIKARI, false, ReadConnections.class.getClassLoader()); // the loader HikariReads links with
            return HikariReads.pool(dataSource, name);
        } catch (ClassNotFoundException | LinkageError e) { // missing, or missing what it needs (slf4j-api)
            LOG.log(Level.INFO, "McpGate store {0}: reads open a connection each (HikariCP, com.zaxxer:HikariCP, "
                    + "with slf4j-api, is not on the class path: {1})", name, e.toString());
            return dataSource;
        }
    }

    /** Closes what {@link #pooled} made (its connections and its thread); nothing for a DataSource not pooled here. */
    static void close(DataSource reads, DataSource underlying) {
        if (reads != underlying && reads instanceof AutoCloseable pool) {
            try {
                pool.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "closing the store's read connections failed", e);
            }
        }
    }
}

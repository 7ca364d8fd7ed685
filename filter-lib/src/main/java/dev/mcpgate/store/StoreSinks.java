package dev.mcpgate.store;

import dev.mcpgate.McpGateConfig;
import dev.mcpgate.event.EventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Creates the database sink the filter adds when {@code store=jpa}. The only class of this package
 * the filter names; nothing of JPA, Flyway or a JDBC driver is loaded unless it is called.
 *
 * <p>The database: the JNDI DataSource {@code store-datasource} if set; else {@code store-jdbc-url}
 * (with {@code store-user}/{@code store-password}); else an embedded Derby database in
 * {@code store-data-dir} (default {@code ${catalina.base}/mcpgate-data}, else
 * {@code <java.io.tmpdir>/mcpgate-data}). Connecting and migrating happen on the sink's writer
 * thread, so a database that is down at start delays nothing: events are held and written once it
 * is reachable.
 */
public final class StoreSinks {

    private static final Logger LOG = System.getLogger(StoreSinks.class.getName());
    private static final String[] REQUIRED = {"org.flywaydb.core.Flyway",
            "org.eclipse.persistence.jpa.PersistenceProvider", "jakarta.persistence.EntityManagerFactory"};

    private StoreSinks() {
    }

    /**
     * The store sink for a filter's settings, or {@code null} when the store is off.
     *
     * @throws IllegalStateException when the store is on but its libraries are missing or its
     *                               DataSource cannot be looked up
     */
    public static EventSink create(McpGateConfig config) {
        if (!config.storeEnabled()) {
            return null;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = StoreSinks.class.getClassLoader();
        }
        for (String name : REQUIRED) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("store=jpa needs " + name + " in the application (add "
                        + "org.eclipse.persistence.jpa, flyway-core, flyway-database-derby or -postgresql and "
                        + "the JDBC driver to WEB-INF/lib)", e);
            }
        }
        ClassLoader appLoader = loader;
        StoreSink.StoreOpener opener = opener(config, appLoader);
        return new StoreSink(config.endpointName(), opener, config.storeBatchSize(), config.storeMaxPending(),
                config.storeRetention(), config.storeShutdownTimeout());
    }

    /**
     * The catalogue history in the database of a sink made by {@link #create}: written by the
     * catalogue tracker's thread with connections of the same DataSource, once the sink has opened
     * (and migrated) the store.
     */
    public static dev.mcpgate.schema.CatalogueHistory catalogueHistory(EventSink storeSink) {
        return new JdbcCatalogueHistory(((StoreSink) storeSink)::store);
    }

    private static StoreSink.StoreOpener opener(McpGateConfig config, ClassLoader loader) {
        if (!config.storeDataSource().isEmpty()) {
            DataSource dataSource = lookup(config.storeDataSource());
            return () -> McpStore.open(dataSource, loader, null);
        }
        if (!config.storeJdbcUrl().isEmpty()) {
            DriverDataSource dataSource = new DriverDataSource(config.storeJdbcUrl(), config.storeUser(),
                    config.storePassword(), loader);
            return () -> McpStore.open(dataSource, loader, dataSource::deregisterDrivers);
        }
        Path directory = dataDirectory(config.storeDataDir());
        return () -> openEmbeddedDerby(directory, loader);
    }

    /** An embedded Derby database in {@code directory/db}, created when missing, shut down with the store. */
    public static McpStore openEmbeddedDerby(Path directory, ClassLoader loader) throws SQLException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SQLException("cannot create the store directory " + directory, e);
        }
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", directory.resolve("derby.log").toString());
        }
        String database = directory.resolve("db").toAbsolutePath().toString();
        DriverDataSource dataSource = new DriverDataSource("jdbc:derby:" + database + ";create=true", null, null,
                loader);
        return McpStore.open(dataSource, loader, () -> {
            shutdownDerby(database, loader);
            dataSource.deregisterDrivers();
        });
    }

    private static void shutdownDerby(String database, ClassLoader loader) {
        try {
            new DriverDataSource("jdbc:derby:" + database + ";shutdown=true", null, null, loader)
                    .getConnection().close();
        } catch (SQLException expected) {
            // Derby reports a clean database shutdown as SQLState 08006
            if (!"08006".equals(expected.getSQLState())) {
                LOG.log(Level.WARNING, "McpGate store: shutting down Derby at " + database + " failed", expected);
            }
        }
    }

    static Path dataDirectory(String configured) {
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        String catalinaBase = System.getProperty("catalina.base");
        return catalinaBase != null ? Path.of(catalinaBase, "mcpgate-data")
                : Path.of(System.getProperty("java.io.tmpdir"), "mcpgate-data");
    }

    private static DataSource lookup(String name) {
        try {
            Object found = new InitialContext().lookup(name);
            if (found instanceof DataSource dataSource) {
                return dataSource;
            }
            throw new IllegalStateException("store-datasource " + name + " is a " + found.getClass().getName()
                    + ", not a javax.sql.DataSource");
        } catch (NamingException e) {
            throw new IllegalStateException("store-datasource " + name + " cannot be looked up: " + e.getMessage(), e);
        }
    }
}

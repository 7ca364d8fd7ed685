package dev.mcpgate.store;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded Derby databases of one application (this class is loaded per application) and
 * Derby's engine under them. Several stores may share a database: every endpoint of the WAR
 * writes to the same {@code store-data-dir}. A database is shut down when the last store on it
 * closes, the engine when the last store of the application closes (its timer thread and its
 * self-registered driver would pin the class loader), and the engine is started again by the
 * next store that opens.
 *
 * <p>The counts and the engine's state change under one lock, so that a store closing never shuts
 * down a database or the engine under a store that is opening, and stores opening together after
 * the engine stopped start it once and all find it running.
 */
final class EmbeddedDerby {

    private static final Logger LOG = System.getLogger(EmbeddedDerby.class.getName());
    private static final Object LOCK = new Object();
    /** Stores open or opening, by database URL; guarded by {@link #LOCK}. */
    private static final Map<String, Integer> STORES = new HashMap<>();
    /** Set when the last store of this application stopped the engine; guarded by {@link #LOCK}. */
    private static boolean engineShutDown;

    /**
     * Derby's transaction log, sized for a writer that commits batches of hundreds of rows: Derby
     * writes its log synchronously buffer by buffer (32 KiB by default) and starts a new log file,
     * with a sync, every 1 MiB. A 1 MiB buffer and 16 MiB log files take the writer from about
     * 10,000 to about 15,000 rows/s on the benchmark machine (README, Performance). Derby reads
     * these as system properties when a database boots, so they apply to every embedded Derby
     * database of the JVM booted afterwards; a value set already (by the user) is kept.
     */
    private static final Map<String, String> LOG_TUNING = Map.of(
            "derby.storage.logBufferSize", String.valueOf(1 << 20),
            "derby.storage.logSwitchInterval", String.valueOf(16 << 20));

    private EmbeddedDerby() {
    }

    /** The store on the database in {@code directory/db}, created when missing, shut down with its last store. */
    static McpStore open(Path directory, ClassLoader loader) throws SQLException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SQLException("cannot create the store directory " + directory, e);
        }
        setUnlessSet("derby.stream.error.file", directory.resolve("derby.log").toString());
        LOG_TUNING.forEach(EmbeddedDerby::setUnlessSet);
        String database = "jdbc:derby:" + directory.resolve("db").toAbsolutePath();
        acquire(database, loader);
        DriverDataSource dataSource = new DriverDataSource(database + ";create=true", null, null, loader);
        Runnable releaseStore = () -> {
            release(database, loader);
            dataSource.deregisterDrivers();
        };
        try {
            return McpStore.open(dataSource, loader, releaseStore);
        } catch (SQLException | RuntimeException | LinkageError e) {
            releaseStore.run(); // a store that did not open holds the database as little as a closed one
            throw e;
        }
    }

    private static void acquire(String database, ClassLoader loader) throws SQLException {
        synchronized (LOCK) {
            if (engineShutDown) {
                startEngine(loader); // a store of this application stopped the engine before; this one needs it
                engineShutDown = false;
            }
            STORES.merge(database, 1, Integer::sum);
        }
    }

    private static void release(String database, ClassLoader loader) {
        synchronized (LOCK) {
            if (STORES.merge(database, -1, Integer::sum) > 0) {
                return; // other stores still write to it
            }
            STORES.remove(database);
            shutdown(database + ";shutdown=true", "08006", loader);
            if (STORES.isEmpty()) {
                // the last embedded database of this application: stop the engine (its timer thread)
                // and let go of the driver Derby registered by itself, or the class loader leaks
                shutdown("jdbc:derby:;shutdown=true", "XJ015", loader);
                deregisterDerbyDriversOf(loader);
                engineShutDown = true;
            }
        }
    }

    private static void setUnlessSet(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    /** Derby boots its engine again, and registers its driver, when its driver class is instantiated. */
    private static void startEngine(ClassLoader loader) throws SQLException {
        try {
            Class.forName("org.apache.derby.jdbc.EmbeddedDriver", true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new SQLException("McpGate store: Derby's engine cannot be started again", e);
        }
    }

    private static void deregisterDerbyDriversOf(ClassLoader loader) {
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            // Derby's own drivers only: the application may use other drivers of its class loader
            if (driver.getClass().getClassLoader() == loader && driver.getClass().getName().startsWith("org.apache.derby.")) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException | SecurityException e) {
                    LOG.log(Level.DEBUG, "deregistering " + driver + " failed", e);
                }
            }
        }
    }

    /** Derby reports a clean shutdown as an exception: 08006 for a database, XJ015 for the engine. */
    private static void shutdown(String url, String cleanState, ClassLoader loader) {
        try {
            new DriverDataSource(url, null, null, loader).getConnection().close();
        } catch (SQLException expected) {
            if (!cleanState.equals(expected.getSQLState())) {
                LOG.log(Level.WARNING, "McpGate store: " + url + " failed", expected);
            }
        }
    }
}

package dev.mcpgate.store;

import dev.mcpgate.event.EventSink;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Creates the database sink the filter adds when {@code store=jpa}. With {@link StoreSettings}, the
 * only class of this package the filter names; nothing of JPA, Flyway or a JDBC driver is loaded
 * unless it is called.
 *
 * <p>The database: the JNDI DataSource {@code store-datasource} if set; else {@code store-jdbc-url}
 * (with {@code store-user}/{@code store-password}); else an embedded Derby database in
 * {@code store-data-dir} (default {@code ${catalina.base}/mcpgate-data}, else
 * {@code <java.io.tmpdir>/mcpgate-data}). Connecting and migrating happen in the sink's writer
 * (in the background), so a database that is down at start delays nothing: events are held and
 * written once it is reachable.
 */
public final class StoreSinks {

    private static final Logger LOG = System.getLogger(StoreSinks.class.getName());
    /**
     * The data source an application may declare for the store; used when neither
     * {@code store-datasource} nor {@code store-jdbc-url} is set.
     */
    public static final String APPLICATION_DATASOURCE = "java:app/jdbc/mcpgate";
    /** System properties naming a server's own writable directory: Tomcat, WildFly, Payara. */
    private static final List<String> SERVER_DIRECTORIES = List.of("catalina.base", "jboss.server.data.dir",
            "com.sun.aas.instanceRoot");
    private static final String[] REQUIRED = {"org.flywaydb.core.Flyway",
            "org.eclipse.persistence.jpa.PersistenceProvider", "jakarta.persistence.EntityManagerFactory"};

    private StoreSinks() {
    }

    /**
     * The store sink for a filter's settings, its writer on a thread of its own, or {@code null}
     * when the store is off.
     *
     * @throws IllegalStateException when the store is on but its libraries are missing or its
     *                               DataSource cannot be looked up
     */
    public static EventSink create(StoreSettings config) {
        return create(config, null);
    }

    /**
     * The store sink for a filter's settings, its writer on {@code scheduler} (the filter's
     * {@code SchedulerProvider}; {@code null} for a thread of its own), or {@code null} when the
     * store is off.
     *
     * @throws IllegalStateException when the store is on but its libraries are missing or its
     *                               DataSource cannot be looked up
     */
    public static EventSink create(StoreSettings config, ScheduledExecutorService scheduler) {
        if (!config.enabled()) {
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
        return new StoreSink(config, opener, scheduler);
    }

    /**
     * The catalogue history in the database of a sink made by {@link #create}: written by the
     * catalogue tracker with connections of the same DataSource, once the sink has opened
     * (and migrated) the store.
     */
    public static dev.mcpgate.schema.CatalogueHistory catalogueHistory(EventSink storeSink) {
        return new StoredCatalogueHistory(((StoreSink) storeSink)::store);
    }

    /** Catalogue pinning's approvals in a store sink's database (table {@code mcp_catalogue_pin}). */
    public static dev.mcpgate.pin.PinStore pinStore(EventSink storeSink) {
        return new StoredPinStore(((StoreSink) storeSink)::store);
    }

    private static StoreSink.StoreOpener opener(StoreSettings config, ClassLoader loader) {
        if (!config.dataSource().isEmpty()) {
            DataSource dataSource = lookup(config.dataSource());
            return diagnosed("store-datasource " + config.dataSource(),
                    () -> McpStore.openOnServerPool(dataSource, loader));
        }
        if (config.jdbcUrl().isEmpty()) {
            DataSource declared = declaredByApplication();
            if (declared != null) {
                LOG.log(Level.INFO, "McpGate store: using the application''s data source {0}", APPLICATION_DATASOURCE);
                return diagnosed(APPLICATION_DATASOURCE, () -> McpStore.openOnServerPool(declared, loader));
            }
        }
        if (!config.jdbcUrl().isEmpty()) {
            DriverDataSource dataSource = new DriverDataSource(config.jdbcUrl(), config.user(),
                    config.password(), loader);
            return diagnosed(dataSource.toString(),
                    () -> McpStore.open(dataSource, loader, dataSource::deregisterDrivers));
        }
        Path directory = dataDirectory(config.dataDir());
        return diagnosed("embedded Derby in " + directory, () -> openEmbeddedDerby(directory, loader));
    }

    /**
     * The opener that turns any failure into a {@link StoreOpenException}: its reason and one line
     * naming {@code target}, the database as the user configured it (never its password).
     */
    private static StoreSink.StoreOpener diagnosed(String target, StoreSink.StoreOpener opener) {
        return () -> {
            try {
                return opener.open();
            } catch (SQLException | RuntimeException | LinkageError e) {
                throw e instanceof StoreOpenException known ? known : new StoreOpenException(target, e);
            }
        };
    }

    /**
     * An embedded Derby database in {@code directory/db}, created when missing, shut down when the
     * last store on it closes ({@link EmbeddedDerby}).
     */
    public static McpStore openEmbeddedDerby(Path directory, ClassLoader loader) throws SQLException {
        return EmbeddedDerby.open(directory, loader);
    }

    static Path dataDirectory(String configured) {
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        for (String serverDirectory : SERVER_DIRECTORIES) {
            String base = System.getProperty(serverDirectory);
            if (base != null) {
                return Path.of(base, "mcpgate-data");
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "mcpgate-data");
    }

    /**
     * The data source the application declares under {@value #APPLICATION_DATASOURCE} (an EAR's
     * {@code application.xml} or a WAR's {@code web.xml} {@code <data-source>}), or {@code null}: on
     * servers without that namespace (Tomcat) or without the declaration.
     */
    private static DataSource declaredByApplication() {
        try {
            return new InitialContext().lookup(APPLICATION_DATASOURCE) instanceof DataSource dataSource
                    ? dataSource : null;
        } catch (NamingException | RuntimeException e) {
            return null;
        }
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

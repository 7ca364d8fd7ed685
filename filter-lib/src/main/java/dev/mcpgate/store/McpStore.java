package dev.mcpgate.store;

import dev.mcpgate.redact.Redaction;
import jakarta.persistence.EntityManagerFactory;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The store's database: a DataSource whose schema Flyway has brought up to date (scripts
 * {@code db/migration/derby} or {@code db/migration/postgresql}, history table
 * {@value #HISTORY_TABLE}), plus, on first use, a RESOURCE_LOCAL EclipseLink
 * {@link EntityManagerFactory} over the same DataSource for the reads ({@link McpAnalytics},
 * {@link StoredCatalogueHistory}); writes use the DataSource directly (see the package documentation).
 *
 * <p>The persistence unit {@value #PERSISTENCE_UNIT} is described in
 * {@value #PERSISTENCE_XML} — deliberately not {@code META-INF/persistence.xml}, so that a
 * full-profile server does not deploy it on its own from the filter jar.
 */
public final class McpStore implements AutoCloseable {

    private static final Logger LOG = System.getLogger(McpStore.class.getName());
    public static final String PERSISTENCE_UNIT = "mcpgate";
    public static final String PERSISTENCE_XML = "db/mcpgate-persistence.xml";
    public static final String HISTORY_TABLE = "mcp_flyway_history";
    /**
     * One lock per database URL: the stores of one application that share a database (every
     * endpoint of the WAR on its embedded Derby) migrate it one after another. Flyway's own table
     * lock is not enough on Derby: twelve writers opening a new database at once had the migrating
     * one wait on catalogue locks the waiting ones held, until Derby's 60 s lock timeout failed it
     * (McpStoreOpenTest). Across nodes, PostgreSQL's advisory lock (Flyway's) still orders them.
     */
    private static final Map<String, Object> MIGRATIONS = new ConcurrentHashMap<>();

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String schemaVersion;
    private final String databaseUrl;
    private final ClassLoader loader;
    private final Runnable onClose;
    private EntityManagerFactory entityManagerFactory;
    private boolean closed;
    /** Whether the DataSource is a server's pool; else the reads keep connections of their own. */
    private final boolean serverPools;
    /** The reads' pool over {@link #dataSource} ({@link ReadConnections}), or the DataSource itself; {@code null} before. */
    private DataSource reads;
    private EntityManagerFactory readsFactory;

    private McpStore(DataSource dataSource, Dialect dialect, String schemaVersion, String databaseUrl,
            ClassLoader loader, Runnable onClose, boolean serverPools) {
        this.serverPools = serverPools;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.schemaVersion = schemaVersion;
        this.databaseUrl = databaseUrl;
        this.loader = loader;
        this.onClose = onClose;
    }

    /**
     * Migrates the database behind {@code dataSource} to the current schema and opens the store. The
     * DataSource is taken not to pool (McpGate's own, a driver's): the store's reads keep a few connections open
     * ({@link ReadConnections}); for a server's pool, {@link #openOnServerPool}.
     *
     * @param loader  the class loader that sees the migration scripts and the store libraries
     * @param onClose run by {@link #close()} (e.g. shutting an embedded database down), or {@code null}
     * @throws SQLException when the database cannot be reached or migrated
     */
    public static McpStore open(DataSource dataSource, ClassLoader loader, Runnable onClose) throws SQLException {
        return open(dataSource, loader, onClose, false);
    }

    /**
     * Migrates the database behind a server's pooling {@code dataSource} and opens the store: its reads take
     * their connections from the server's pool ({@link #open} keeps a pool of its own, {@link ReadConnections}).
     */
    public static McpStore openOnServerPool(DataSource dataSource, ClassLoader loader) throws SQLException {
        return open(dataSource, loader, null, true);
    }

    private static McpStore open(DataSource dataSource, ClassLoader loader, Runnable onClose, boolean serverPools)
            throws SQLException {
        Dialect dialect;
        String databaseUrl;
        try (Connection connection = dataSource.getConnection()) {
            dialect = Dialect.of(connection);
            databaseUrl = withoutPassword(connection.getMetaData().getURL());
        }
        String version;
        synchronized (MIGRATIONS.computeIfAbsent(databaseUrl, url -> new Object())) {
            version = migrate(dataSource, loader, dialect);
        }
        LOG.log(Level.INFO, "McpGate store on {0} ({1}) at schema version {2}", Redaction.urlsIn(String.valueOf(dataSource)),
                dialect, version); // a server's DataSource may show its URL
        return new McpStore(dataSource, dialect, version, databaseUrl, loader, onClose, serverPools);
    }

    /** Brings the schema up to date; returns the version applied last. */
    private static String migrate(DataSource dataSource, ClassLoader loader, Dialect dialect) throws SQLException {
        String version;
        try {
            Flyway flyway = Flyway.configure(loader)
                    .dataSource(dataSource)
                    .locations(dialect.migrationLocation())
                    .table(HISTORY_TABLE)
                    .baselineOnMigrate(false)
                    .load();
            flyway.migrate();
            MigrationInfo current = flyway.info().current();
            version = current == null ? "none" : current.getVersion().getVersion();
        } catch (RuntimeException e) {
            throw new SQLException("McpGate store: schema migration failed: " + e.getMessage(), e);
        }
        return version;
    }

    /** A JDBC URL may carry credentials: they never leave the store (health, logs). */
    static String withoutPassword(String url) {
        return Redaction.url(url);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The database's JDBC URL as its driver reports it (no credentials), e.g. {@code jdbc:derby:/data/db}. */
    public String databaseUrl() {
        return databaseUrl;
    }

    /** The schema version Flyway applied last (e.g. {@code 1}). */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * The JPA view of the store (EclipseLink, RESOURCE_LOCAL, no DDL generation), created on first use.
     *
     * @throws IllegalStateException after {@link #close()}: a late reader (a round close gave up on)
     *         must not build a new factory on a closed store (it would reboot embedded Derby and keep
     *         the application's class loader)
     */
    public synchronized EntityManagerFactory entityManagerFactory() {
        refuseIfClosed();
        if (entityManagerFactory == null) {
            entityManagerFactory = createFactory(dataSource, "writes");
        }
        return entityManagerFactory;
    }

    /**
     * The JPA view the analytics API reads through: over a pool of read connections ({@link ReadConnections})
     * when the DataSource does not pool. The catalogue history and the pins write through
     * {@link #entityManagerFactory()}, on a connection of their own per transaction, as before: a pooled
     * connection a database restart left behind would fail a write.
     */
    synchronized EntityManagerFactory readsFactory() {
        refuseIfClosed();
        if (serverPools) {
            return entityManagerFactory();
        }
        if (readsFactory == null) {
            if (reads == null) { // once: a factory that failed to build is built again on the same pool
                reads = ReadConnections.pooled(dataSource, databaseUrl);
            }
            readsFactory = createFactory(reads, "reads");
        }
        return readsFactory;
    }

    private void refuseIfClosed() {
        if (closed) {
            throw new IllegalStateException("the McpGate store is closed");
        }
    }

    private EntityManagerFactory createFactory(DataSource source, String use) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("eclipselink.persistencexml", PERSISTENCE_XML);
        properties.put("jakarta.persistence.nonJtaDataSource", source);
        // a session of its own: EclipseLink would otherwise share one between factories it takes for the same
        // (a store closing would close the pool under another's)
        properties.put("eclipselink.session-name", "mcpgate-" + use + "-" + System.identityHashCode(this));
        properties.put("eclipselink.target-database", dialect.eclipseLinkPlatform());
        properties.put("eclipselink.classloader", loader);
        // every read bounded as the writes are (QueryTimeout): a database that stops answering
        // gives the reader's thread back with an error
        properties.put("jakarta.persistence.query.timeout", String.valueOf(QueryTimeout.LIMIT.toMillis()));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        EntityManagerFactory created;
        try {
            created = new org.eclipse.persistence.jpa.PersistenceProvider()
                    .createEntityManagerFactory(PERSISTENCE_UNIT, properties);
        } finally {
            thread.setContextClassLoader(previous);
        }
        if (created == null) {
            throw new IllegalStateException("EclipseLink found no persistence unit " + PERSISTENCE_UNIT
                    + " in " + PERSISTENCE_XML);
        }
        return created;
    }

    /** The query service over this store. */
    public McpAnalytics analytics() {
        return new McpAnalytics(readsFactory(), dialect);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(readsFactory);
        readsFactory = null;
        closeQuietly(entityManagerFactory);
        entityManagerFactory = null;
        if (reads != null) {
            ReadConnections.close(reads, dataSource); // before onClose: embedded Derby shuts down after its last connection
            reads = null;
        }
        if (onClose != null) {
            onClose.run();
        }
    }

    private static void closeQuietly(EntityManagerFactory factory) {
        if (factory != null) {
            try {
                factory.close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing the EntityManagerFactory failed", e);
            }
        }
    }
}

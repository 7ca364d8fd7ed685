package dev.mcpgate.store;

import dev.mcpgate.redact.Redaction;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A non-pooling {@link DataSource} over a JDBC URL. The driver is found through the
 * {@code java.sql.Driver} services of the application's class loader (so a driver in
 * {@code WEB-INF/lib} works on Tomcat, where {@link DriverManager} does not see it), else through
 * {@link DriverManager}. The store's writer keeps one connection open; its reads take theirs from a pool over
 * this one ({@link ReadConnections}).
 */
final class DriverDataSource implements DataSource {

    private static final System.Logger LOG = System.getLogger(DriverDataSource.class.getName());
    private static final System.Logger.Level DEBUG = System.Logger.Level.DEBUG;

    /** pgjdbc's {@code connectTimeout} and {@code socketTimeout} on a store-jdbc-url connection (seconds). */
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    static final int SOCKET_TIMEOUT_SECONDS = (int) QueryTimeout.LIMIT.toSeconds() * 2;

    private final String url;
    private final String user;
    private final String password;
    private final ClassLoader loader;
    private volatile Driver driver;
    /** Drivers of the application's class loader that the look-up below registered with DriverManager. */
    private final List<Driver> registeredByLookup = new CopyOnWriteArrayList<>();

    DriverDataSource(String url, String user, String password, ClassLoader loader) {
        this.url = url;
        this.user = user == null || user.isEmpty() ? null : user;
        this.password = password == null || password.isEmpty() ? null : password;
        this.loader = loader;
    }

    String url() {
        return url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (pass != null) {
            properties.setProperty("password", pass);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            // one multi-row INSERT per batch instead of one per row: the store's writer went from
            // 20.7k to 28.0k rows/s (benchmark harness); a URL parameter still overrides it
            properties.setProperty("reWriteBatchedInserts", "true");
            // a database host that stops answering (no RST: a firewall, a dead host) would leave a
            // read or a connect waiting for ever; the socket timeout is past QueryTimeout.LIMIT, so
            // a slow statement is cancelled by its query timeout first (a URL parameter overrides both)
            properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
            properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
        }
        Driver found = driver();
        if (found == null) {
            found = registeredDriver();
        }
        Connection connection = found.connect(url, properties);
        if (connection == null) {
            throw noDriver();
        }
        return connection;
    }

    private synchronized Driver driver() throws SQLException {
        Driver known = driver;
        if (known != null) {
            return known;
        }
        Set<Driver> before = registeredDrivers();
        try {
            for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
                if (candidate.acceptsURL(url)) {
                    driver = candidate;
                    return candidate;
                }
            }
            return null;
        } finally {
            // loading a driver class registers an instance with DriverManager (its static initializer)
            for (Driver registered : registeredDrivers()) {
                if (!before.contains(registered) && registered.getClass().getClassLoader() == loader) {
                    registeredByLookup.add(registered);
                }
            }
        }
    }

    /** A driver of the server's that DriverManager knows, else the failure that names the URL without its secrets. */
    private Driver registeredDriver() throws SQLException {
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw noDriver(); // DriverManager's own message would print the whole URL, password and all
        }
    }

    /** Begins as DriverManager's does ("No suitable driver"), which StoreFailure reports as driver_missing. */
    private SQLException noDriver() {
        return new SQLException("No suitable driver for " + this + ": no java.sql.Driver of the application or the"
                + " server accepts it", "08001");
    }

    private static Set<Driver> registeredDrivers() {
        Set<Driver> drivers = Collections.newSetFromMap(new IdentityHashMap<>());
        drivers.addAll(Collections.list(DriverManager.getDrivers()));
        return drivers;
    }

    /**
     * Deregisters from DriverManager the drivers of the application's class loader that this data
     * source's look-up caused to register (none that were registered before it): a registration
     * left behind pins the application's class loader after undeploy. Called when the store closes.
     */
    void deregisterDrivers() {
        for (Driver registered : registeredByLookup) {
            try {
                DriverManager.deregisterDriver(registered);
            } catch (SQLException | SecurityException e) {
                LOG.log(DEBUG, "McpGate store: deregistering JDBC driver " + registered + " failed", e);
            }
        }
        registeredByLookup.clear();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    /** The URL without the credentials it may carry ({@link Redaction}), for log lines and messages. */
    @Override
    public String toString() {
        return Redaction.url(url);
    }
}

package dev.mcpgate.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A non-pooling {@link DataSource} over a JDBC URL. The driver is found through the
 * {@code java.sql.Driver} services of the application's class loader (so a driver in
 * {@code WEB-INF/lib} works on Tomcat, where {@link DriverManager} does not see it), else through
 * {@link DriverManager}. The store's writer keeps one connection open, so pooling is not needed.
 */
final class DriverDataSource implements DataSource {

    private final String url;
    private final String user;
    private final String password;
    private final ClassLoader loader;
    private volatile Driver driver;

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
        Driver found = driver();
        Connection connection = found != null ? found.connect(url, properties)
                : DriverManager.getConnection(url, properties);
        if (connection == null) {
            throw new SQLException("no JDBC driver accepts " + url);
        }
        return connection;
    }

    private Driver driver() throws SQLException {
        Driver known = driver;
        if (known != null) {
            return known;
        }
        for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
            if (candidate.acceptsURL(url)) {
                driver = candidate;
                return candidate;
            }
        }
        return null;
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

    /** The URL without its query part (which may carry credentials), for log lines. */
    @Override
    public String toString() {
        int query = url.indexOf('?');
        int semicolon = url.startsWith("jdbc:derby:") ? url.indexOf(';') : -1;
        int end = query >= 0 ? query : semicolon >= 0 ? semicolon : url.length();
        return url.substring(0, end);
    }
}

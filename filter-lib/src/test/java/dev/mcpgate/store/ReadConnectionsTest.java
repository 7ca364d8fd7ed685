package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's reads on a DataSource that does not pool (McpGate's own) keep their connections: the analytics
 * API's queries do not each open one. Failed before: twenty reads of the dashboard opened a connection per query.
 */
class ReadConnectionsTest {

    @Test
    void readsOnADataSourceThatDoesNotPoolReuseAFewConnections(@TempDir Path dir) throws Exception {
        // Derby's engine may have been stopped by another test's last store: an embedded store starts it again
        McpStore engine = StoreSinks.openEmbeddedDerby(dir.resolve("engine"), getClass().getClassLoader());
        try {
            readsReuseConnections(dir);
        } finally {
            engine.close();
        }
    }

    private void readsReuseConnections(Path dir) throws Exception {
        Counting counting = new Counting(new DriverDataSource("jdbc:derby:" + dir.resolve("db") + ";create=true",
                null, null, getClass().getClassLoader()));
        McpStore store = McpStore.open(counting, getClass().getClassLoader(), () -> {
            try {
                new DriverDataSource("jdbc:derby:" + dir.resolve("db") + ";shutdown=true", null, null,
                        getClass().getClassLoader()).getConnection().close();
            } catch (SQLException expected) {
                // 08006: Derby reports its clean shutdown as an exception
            }
        });
        try {
            McpAnalytics analytics = store.analytics();
            Instant now = Instant.now();
            analytics.toolStats(null, now.minus(Duration.ofHours(1)), now, 10); // the pool's first connection
            int opened = counting.opened.get();
            for (int i = 0; i < 20; i++) {
                analytics.toolStats(null, now.minus(Duration.ofHours(1)), now, 10);
                analytics.sessions(null, now.minus(Duration.ofHours(1)), now, 10);
                analytics.timeseries(null, now.minus(Duration.ofHours(1)), now);
            }
            assertTrue(counting.opened.get() - opened <= HikariReads.MAX_CONNECTIONS,
                    "sixty reads opened " + (counting.opened.get() - opened) + " connections");
        } finally {
            store.close();
        }
        assertEquals(counting.opened.get(), counting.closed.get(), "closing the store closed every connection");
    }

    /** Counts the connections opened and closed. */
    private static final class Counting implements DataSource {
        final DataSource target;
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        Counting(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = target.getConnection();
            opened.incrementAndGet();
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && !c.isClosed()) {
                            closed.incrementAndGet();
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return getConnection();
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
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}

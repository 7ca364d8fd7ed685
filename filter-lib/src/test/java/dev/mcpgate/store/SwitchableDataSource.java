package dev.mcpgate.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A DataSource that can be switched "down": then every new connection and every call on an open one fails. */
final class SwitchableDataSource implements DataSource {

    private final DataSource target;
    private volatile boolean down;
    private volatile boolean hangCommits;
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger connectionsClosed = new AtomicInteger();
    private final AtomicInteger commitsHanging = new AtomicInteger();

    SwitchableDataSource(DataSource target) {
        this.target = target;
    }

    void down(boolean value) {
        this.down = value;
    }

    /** While set, {@code commit()} blocks like a database that stopped answering (interrupts do not end it). */
    void hangCommits(boolean value) {
        this.hangCommits = value;
    }

    /** Commits blocked by {@link #hangCommits} now. */
    int commitsHanging() {
        return commitsHanging.get();
    }

    /** Connections opened so far. */
    int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Connections closed so far (each once). */
    int connectionsClosed() {
        return connectionsClosed.get();
    }

    private void hang() {
        boolean interrupted = false;
        commitsHanging.incrementAndGet();
        try {
            while (hangCommits) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    interrupted = true; // a blocking socket read does not end on an interrupt either
                }
            }
        } finally {
            commitsHanging.decrementAndGet();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        check();
        Connection connection = target.getConnection();
        connectionsOpened.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (down && !"close".equals(method.getName())) {
                        throw new SQLException("database switched off by the test", "08001");
                    }
                    if (hangCommits && "commit".equals(method.getName())) {
                        hang();
                    }
                    if ("close".equals(method.getName()) && !connection.isClosed()) {
                        connectionsClosed.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void check() throws SQLException {
        if (down) {
            throw new SQLException("database switched off by the test", "08001");
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
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
        throw new SQLException("no");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }

    @Override
    public String toString() {
        return "switchable " + target;
    }
}

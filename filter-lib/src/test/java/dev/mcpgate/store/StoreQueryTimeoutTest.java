package dev.mcpgate.store;

import static dev.mcpgate.store.StoreEvents.call;
import static dev.mcpgate.store.StoreEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.Outcome;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every database call of the store's background work is bounded (review finding 2): the writer's
 * rounds share the managed executor with the dispatch, the sweep and the heartbeat, and a database
 * that stops answering must not keep one of its threads for ever; retention deletes one chunk a round.
 */
class StoreQueryTimeoutTest {

    private static final ClassLoader LOADER = StoreQueryTimeoutTest.class.getClassLoader();

    /**
     * A database that stops answering: its statements block until their query timeout passes (here
     * the driver's cancel is simulated at once; without a timeout they block until the test ends).
     * The writer runs on a one-thread "managed" executor; another task of that executor (the
     * heartbeat) still runs. Failed before the fix: the writer's statement had no timeout and held
     * the only thread.
     */
    @Test
    void aDatabaseThatStopsAnsweringDoesNotHoldTheSharedExecutorsThread(@TempDir Path dir) throws Exception {
        McpStore derby = StoreSinks.openEmbeddedDerby(dir.resolve("store"), LOADER);
        Hanging hanging = new Hanging(derby.dataSource());
        McpStore store = McpStore.open(hanging, LOADER, derby::close);
        ScheduledThreadPoolExecutor managed = new ScheduledThreadPoolExecutor(1);
        StoreSettings settings = new StoreSettings(true, "hang", "", "", "", "", "", 10, 1000, Duration.ofDays(1),
                Duration.ofSeconds(2), Duration.ofMillis(50), Duration.ofMillis(100), 100, Duration.ofDays(400));
        hanging.hang = true;
        StoreSink sink = new StoreSink(settings, () -> store, managed);
        try {
            Instant t0 = Instant.now();
            sink.accept(new EventBatch(List.of(started("hang", "s1", t0, "c"),
                    call("hang", "s1", t0.plusMillis(1), "echo", Outcome.OK, 5, "c"))));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (hanging.executed.get() == 0) {
                assertTrue(System.nanoTime() < deadline, "the writer reached the database");
                Thread.onSpinWait();
            }
            CountDownLatch heartbeat = new CountDownLatch(1);
            managed.execute(heartbeat::countDown);
            assertTrue(heartbeat.await(20, TimeUnit.SECONDS), "another task of the executor ran");
            assertEquals(0, hanging.unbounded.get(), "every statement had a query timeout");
        } finally {
            hanging.hang = false;
            sink.close();
            managed.shutdownNow();
        }
    }

    /**
     * A retention run over a backlog takes one round per chunk (here 2 rows), not one round for all.
     * Failed before the fix: the first round deleted all five old requests.
     */
    @Test
    void retentionDeletesOneChunkPerRound(@TempDir Path dir) throws Exception {
        McpStore store = StoreSinks.openEmbeddedDerby(dir.resolve("store"), LOADER);
        try (Connection c = store.dataSource().getConnection()) {
            c.setAutoCommit(false);
            Instant old = Instant.now().minus(Duration.ofDays(40));
            List<dev.mcpgate.event.McpEvent> events = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                events.add(call("ret", null, old.plusMillis(i), "echo", Outcome.OK, 5, "c"));
            }
            new BatchWriter().write(c, events, false, null);
            c.commit();
            RetentionSchedule schedule = new RetentionSchedule("ret", new Retention("ret", 2), Duration.ofDays(30));
            List<Long> left = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                schedule.runIfDue(c);
                left.add(count(c));
            }
            c.commit();
            assertEquals(List.of(3L, 1L, 0L), left, "requests left after each round");
        } finally {
            store.close();
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM mcp_request WHERE endpoint = 'ret'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** While {@link #hang} is set, a statement with a query timeout fails with a timeout; one without blocks. */
    private static final class Hanging implements DataSource {
        private final DataSource target;
        volatile boolean hang;
        final AtomicInteger executed = new AtomicInteger();
        final AtomicInteger unbounded = new AtomicInteger();

        Hanging(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = target.getConnection();
            return (Connection) Proxy.newProxyInstance(LOADER, new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        Object result = invoke(connection, method, args);
                        return result instanceof Statement s && hang ? statement(s) : result;
                    });
        }

        private Object statement(Statement statement) {
            Class<?>[] types = statementInterfaces(statement);
            return Proxy.newProxyInstance(LOADER, types, (proxy, method, args) -> {
                if (method.getName().startsWith("execute")) {
                    executed.incrementAndGet();
                    if (statement.getQueryTimeout() > 0) {
                        throw new SQLTimeoutException("canceling statement due to statement timeout", "57014");
                    }
                    unbounded.incrementAndGet();
                    while (hang) { // a socket read on a blackholed connection: only the test's end frees it
                        Thread.onSpinWait();
                    }
                }
                return invoke(statement, method, args);
            });
        }

        private static Class<?>[] statementInterfaces(Statement statement) {
            if (statement instanceof java.sql.CallableStatement) {
                return new Class<?>[] {java.sql.CallableStatement.class};
            }
            if (statement instanceof java.sql.PreparedStatement) {
                return new Class<?>[] {java.sql.PreparedStatement.class};
            }
            return new Class<?>[] {Statement.class};
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
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
        public Logger getParentLogger() {
            return Logger.getGlobal();
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

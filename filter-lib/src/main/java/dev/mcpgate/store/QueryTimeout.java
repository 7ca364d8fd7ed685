package dev.mcpgate.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

/**
 * The bound on every database call of the store's background work (the writer's writes, retention,
 * the catalogue history's writes and reads): each statement gets {@link Statement#setQueryTimeout}
 * of {@link #LIMIT}, so that a database that stops answering (blackholed, a lock held for ever)
 * gives the managed executor's thread back with an error after at most that long, instead of
 * holding it for ever. The driver cancels the statement when the time passes; the writer then
 * retries with its back-off, as for any failed write.
 */
final class QueryTimeout {

    /** The longest a store statement may run; a healthy write or retention chunk takes milliseconds. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    private QueryTimeout() {
    }

    /** {@code connection}, whose every statement has the {@link #LIMIT} as its query timeout. */
    static Connection bounded(Connection connection) {
        if (Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof Bounding) {
            return connection;
        }
        return (Connection) Proxy.newProxyInstance(QueryTimeout.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Bounding(connection));
    }

    /** Sets the timeout on each statement the connection makes; passes everything else through. */
    private record Bounding(Connection target) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("unwrap") && args[0] == Connection.class) {
                return target;
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement statement) {
                statement.setQueryTimeout((int) LIMIT.toSeconds());
            }
            return result;
        }
    }
}

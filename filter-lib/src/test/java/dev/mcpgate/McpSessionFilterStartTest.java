package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.EventSink;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A filter whose start fails part-way closes what it had started: issue 10 found the store's
 * writer thread left running for ever when a {@code ServiceLoader} sink could not be created after
 * the store had started.
 */
class McpSessionFilterStartTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** A sink registered in META-INF/services that loads but is fine. */
    public static final class GoodSink implements EventSink {
        static final AtomicInteger CLOSED = new AtomicInteger();

        @Override
        public void accept(EventBatch batch) {
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    /** A sink registered in META-INF/services whose constructor throws. */
    public static final class BrokenSink implements EventSink {
        public BrokenSink() {
            throw new IllegalStateException("broken on purpose");
        }

        @Override
        public void accept(EventBatch batch) {
        }
    }

    @Test
    void aStartThatFailsAfterTheStoreStartedLeavesNoThreadBehind(@TempDir Path directory) throws Exception {
        Path services = directory.resolve("classes/META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(EventSink.class.getName()),
                GoodSink.class.getName() + "\n" + BrokenSink.class.getName() + "\n");
        String endpoint = "start-fails";
        Map<String, String> params = Map.of("endpoint-name", endpoint, "store", "jpa",
                "store-data-dir", directory.resolve("data").toString());
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader application = new URLClassLoader(new URL[] {directory.resolve("classes").toUri().toURL()},
                previous)) {
            thread.setContextClassLoader(application);
            McpSessionFilter filter = new McpSessionFilter();
            RuntimeException failure = assertThrows(RuntimeException.class, () -> filter.init(filterConfig(params)));
            assertTrue(failure.getMessage().contains("EventSink"), failure.toString());
        } finally {
            thread.setContextClassLoader(previous);
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> left;
        while (!(left = mcpgateThreads(endpoint)).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "threads left behind by the failed start: " + left);
            Thread.sleep(50);
        }
        assertEquals(1, GoodSink.CLOSED.get(), "the sink created before the broken one is closed");
    }

    /**
     * Issue 17: the store's writer and the catalogue tracker run on the filter's scheduler (without a
     * managed executor: the filter's own threads, {@code mcpgate-<endpoint>}), not on threads of
     * their own ({@code mcpgate-store-<endpoint>}, {@code mcpgate-catalogue-<endpoint>}); destroy
     * ends them all.
     */
    @Test
    void theStoreWriterAndTheCatalogueTrackerRunOnTheFiltersSchedulerAndEndWithIt(@TempDir Path directory)
            throws Exception {
        String endpoint = "scheduled";
        Map<String, String> params = Map.of("endpoint-name", endpoint, "store", "jpa", "executor", "none",
                "store-data-dir", directory.resolve("data").toString(), "store-shutdown-timeout", "PT60S");
        McpSessionFilter filter = new McpSessionFilter();
        filter.init(filterConfig(params));
        try {
            List<String> threads = mcpgateThreads(endpoint);
            assertTrue(!threads.isEmpty() && threads.size() <= 3 && threads.stream()
                    .allMatch(name -> name.startsWith("mcpgate-" + endpoint)), "the filter's threads only: " + threads);
        } finally {
            filter.destroy();
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> left;
        while (!(left = mcpgateThreads(endpoint)).isEmpty()) { // a pool thread ends just after its pool
            assertTrue(System.nanoTime() < deadline, "destroy ended the scheduler, the writer and the tracker: " + left);
            Thread.sleep(20);
        }
    }

    private static List<String> mcpgateThreads(String endpoint) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("mcpgate") && name.contains(endpoint)).toList();
    }

    private static FilterConfig filterConfig(Map<String, String> params) {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(McpSessionFilterStartTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInitParameterNames", "getAttributeNames" -> Collections.emptyEnumeration();
                    case "getContextPath" -> "/start";
                    case "toString" -> "test context";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        return (FilterConfig) Proxy.newProxyInstance(McpSessionFilterStartTest.class.getClassLoader(),
                new Class<?>[] {FilterConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getFilterName" -> "McpSessionFilter";
                    case "getServletContext" -> context;
                    case "getInitParameter" -> params.get((String) args[0]);
                    case "getInitParameterNames" -> Collections.enumeration(params.keySet());
                    case "toString" -> "test filter config";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}

package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: the filter, loaded where no Micrometer class can be had,
 * starts and stops with {@code metrics=auto} (and says why it records none), and fails with
 * {@code metrics=on} naming the setting.
 */
class McpSessionFilterWithoutMicrometerTest {

    /** Loads the filter's own classes itself; refuses every Micrometer class, records the attempts. */
    private static final class NoMicrometer extends URLClassLoader {
        final List<String> refused = new CopyOnWriteArrayList<>();

        NoMicrometer() throws Exception {
            super(new URL[] {Path.of("target", "classes").toUri().toURL()}, McpSessionFilterWithoutMicrometerTest.class
                    .getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                if (name.startsWith("io.micrometer.")) {
                    refused.add(name);
                    throw new ClassNotFoundException(name);
                }
                if (name.startsWith("dev.mcpgate.")) {
                    Class<?> loaded = findLoadedClass(name);
                    return loaded != null ? loaded : findClass(name);
                }
                return super.loadClass(name, resolve);
            }
        }
    }

    @Test
    void theFilterStartsAndStopsWhereNoMicrometerClassExists() throws Exception {
        try (NoMicrometer loader = new NoMicrometer()) {
            Filter filter = (Filter) loader.loadClass(McpSessionFilter.class.getName()).getConstructor().newInstance();
            assertEquals(loader, filter.getClass().getClassLoader());
            filter.init(filterConfig(Map.of("endpoint-name", "bare", "executor", "none")));
            filter.destroy();
            assertEquals(List.of(MetricsWiringName.MICROMETER), loader.refused,
                    "only the presence check asks for a Micrometer class");
        }
    }

    @Test
    void metricsOnFailsTheDeploymentWhereNoMicrometerClassExists() throws Exception {
        try (NoMicrometer loader = new NoMicrometer()) {
            Filter filter = (Filter) loader.loadClass(McpSessionFilter.class.getName()).getConstructor().newInstance();
            IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                    () -> filter.init(filterConfig(Map.of("endpoint-name", "bare-on", "executor", "none", "metrics", "on"))));
            assertTrue(failure.getMessage().startsWith("metrics=on: Micrometer"), failure.getMessage());
        }
    }

    /** The class the presence check names. */
    private static final class MetricsWiringName {
        static final String MICROMETER = "io.micrometer.core.instrument.MeterRegistry";
    }

    private static FilterConfig filterConfig(Map<String, String> params) {
        ServletContext context = (ServletContext) Proxy.newProxyInstance(McpSessionFilterWithoutMicrometerTest.class
                .getClassLoader(), new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInitParameterNames", "getAttributeNames" -> Collections.emptyEnumeration();
                    case "getContextPath" -> "/bare";
                    case "toString" -> "test context";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        return (FilterConfig) Proxy.newProxyInstance(McpSessionFilterWithoutMicrometerTest.class.getClassLoader(),
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

package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.metrics.McpMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the filter finds its MeterRegistry, and what the {@code metrics} setting does. */
class McpSessionFilterMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aRegistryHandedOverInTheContextGetsTheEndpointsMetersUntilDestroy() throws ServletException {
        McpSessionFilter filter = new McpSessionFilter();
        filter.init(filterConfig(Map.of("endpoint-name", "handed", "executor", "none"),
                Map.of(McpMeters.REGISTRY_ATTRIBUTE, registry)));
        try {
            assertNotNull(registry.find(McpMeters.SESSIONS_ACTIVE).tag("mcpgate.endpoint", "handed").gauge(),
                    registry.getMetersAsString());
            assertEquals(0.0, registry.get(McpMeters.QUEUE_DEPTH).gauge().value());
            assertEquals(10000.0, registry.get(McpMeters.QUEUE_CAPACITY).gauge().value());
        } finally {
            filter.destroy();
        }
        assertEquals(List.of(), registry.getMeters(), "a destroyed filter leaves no meter in a registry that outlives it");
    }

    @Test
    void metricsOffRegistersNothingEvenWithARegistry() throws ServletException {
        McpSessionFilter filter = new McpSessionFilter();
        filter.init(filterConfig(Map.of("endpoint-name", "off", "executor", "none", "metrics", "off"),
                Map.of(McpMeters.REGISTRY_ATTRIBUTE, registry)));
        filter.destroy();
        assertEquals(List.of(), registry.getMeters());
    }

    @Test
    void metricsOnWithoutARegistryFailsTheDeploymentNamingTheSetting() {
        McpSessionFilter filter = new McpSessionFilter();
        // thrown out of init as the other start failures are (a session store that cannot be had, ...)
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> filter.init(filterConfig(
                Map.of("endpoint-name", "on", "executor", "none", "metrics", "on"), Map.of())));
        assertTrue(failure.getMessage().startsWith("metrics=on: no MeterRegistry"), failure.getMessage());
    }

    @Test
    void aBadMetricsValueFailsTheDeploymentNamingTheSetting() {
        McpSessionFilter filter = new McpSessionFilter();
        ServletException failure = assertThrows(ServletException.class, () -> filter.init(filterConfig(
                Map.of("metrics", "yes", "metrics-max-targets", "0"), Map.of())));
        assertTrue(failure.getMessage().contains("metrics") && failure.getMessage().contains("auto, on or off")
                && failure.getMessage().contains("metrics-max-targets"), failure.getMessage());
    }

    private static FilterConfig filterConfig(Map<String, String> params, Map<String, Object> attributes) {
        Map<String, Object> attrs = new HashMap<>(attributes);
        ServletContext context = (ServletContext) Proxy.newProxyInstance(McpSessionFilterMetricsTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInitParameterNames" -> Collections.emptyEnumeration();
                    case "getAttributeNames" -> Collections.enumeration(List.copyOf(attrs.keySet()));
                    case "getAttribute" -> attrs.get((String) args[0]);
                    case "setAttribute" -> attrs.put((String) args[0], args[1]);
                    case "removeAttribute" -> attrs.remove((String) args[0]);
                    case "getContextPath" -> "/metrics";
                    case "toString" -> "test context";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
        return (FilterConfig) Proxy.newProxyInstance(McpSessionFilterMetricsTest.class.getClassLoader(),
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

package dev.mcpgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.config.SettingSources;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.metrics.McpMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which MeterRegistry the filter takes: the application's CDI bean, else the context attribute, else none. */
class MetricsWiringTest {

    private static final ClassLoader LOADER = MetricsWiringTest.class.getClassLoader();
    private final McpGateConfig config = McpGateConfig.resolve("wired", SettingSources.none());
    private final SimpleMeterRegistry bean = new SimpleMeterRegistry();
    private final SimpleMeterRegistry handed = new SimpleMeterRegistry();

    @Test
    void theApplicationsCdiBeanWinsOverTheContextAttribute() {
        EventSink sink = MetricsWiring.sink(config, context(Map.of(McpMeters.REGISTRY_ATTRIBUTE, handed)),
                beanManager(bean));
        assertNotNull(sink);
        assertNotNull(bean.find(McpMeters.TARGETS_FOLDED).tag("mcpgate.endpoint", "wired").functionCounter(),
                bean.getMetersAsString());
        assertTrue(handed.getMeters().isEmpty());
        sink.close();
        assertEquals(List.of(), bean.getMeters(), "the bean's registry outlives the filter: its meters go");
    }

    @Test
    void withoutABeanTheRegistryHandedOverInTheContextIsUsed() {
        EventSink sink = MetricsWiring.sink(config, context(Map.of(McpMeters.REGISTRY_ATTRIBUTE, handed)), beanManager());
        assertNotNull(sink);
        assertNotNull(handed.find(McpMeters.TARGETS_FOLDED).functionCounter());
    }

    @Test
    void twoBeansAreAmbiguousAndNeitherIsTakenGuessing() {
        EventSink sink = MetricsWiring.sink(config, context(Map.of(McpMeters.REGISTRY_ATTRIBUTE, handed)),
                beanManager(bean, new SimpleMeterRegistry()));
        assertNotNull(sink);
        assertTrue(bean.getMeters().isEmpty());
        assertNotNull(handed.find(McpMeters.TARGETS_FOLDED).functionCounter(), "the context's registry instead");
    }

    @Test
    void aContainerThatCannotBeAskedCostsTheBeanNotTheStart() {
        BeanManager failing = (BeanManager) Proxy.newProxyInstance(LOADER, new Class<?>[] {BeanManager.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        EventSink sink = MetricsWiring.sink(config, context(Map.of(McpMeters.REGISTRY_ATTRIBUTE, handed)), failing);
        assertNotNull(sink, "the context's registry instead");
        assertNotNull(handed.find(McpMeters.TARGETS_FOLDED).functionCounter());
    }

    @Test
    void noBeanAndNoAttributeMeansNoMetrics() {
        assertNull(MetricsWiring.sink(config, context(Map.of()), beanManager()));
        assertNull(MetricsWiring.sink(config, context(Map.of(McpMeters.REGISTRY_ATTRIBUTE, "not a registry")), null));
    }

    /** A BeanManager answering {@code createInstance().select(MeterRegistry.class)} with these beans. */
    private static BeanManager beanManager(MeterRegistry... beans) {
        InvocationHandler selected = (proxy, method, args) -> switch (method.getName()) {
            case "isUnsatisfied" -> beans.length == 0;
            case "isAmbiguous" -> beans.length > 1;
            case "get" -> beans[0];
            default -> throw new UnsupportedOperationException(method.getName());
        };
        Object instance = Proxy.newProxyInstance(LOADER, new Class<?>[] {Instance.class}, (proxy, method, args) -> {
            if (method.getName().equals("select") && MeterRegistry.class.equals(args[0])) {
                return Proxy.newProxyInstance(LOADER, new Class<?>[] {Instance.class}, selected);
            }
            throw new UnsupportedOperationException(method.getName());
        });
        return (BeanManager) Proxy.newProxyInstance(LOADER, new Class<?>[] {BeanManager.class}, (proxy, method, args) -> {
            if (method.getName().equals("createInstance")) {
                return instance;
            }
            throw new UnsupportedOperationException(method.getName());
        });
    }

    private static ServletContext context(Map<String, Object> attributes) {
        Map<String, Object> attrs = new HashMap<>(attributes);
        return (ServletContext) Proxy.newProxyInstance(LOADER, new Class<?>[] {ServletContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attrs.get((String) args[0]);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}

package dev.mcpgate;

import dev.mcpgate.intercept.InterceptorChain;
import dev.mcpgate.intercept.McpInterceptor;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds the interceptors of an endpoint and orders them into its chain: the filter's built-ins, the
 * application's CDI beans of type {@link McpInterceptor}, and those registered in
 * {@code META-INF/services/dev.mcpgate.intercept.McpInterceptor} (for applications without CDI; a class
 * found both ways is taken once, as the bean). Order: by {@code jakarta.annotation.Priority} on the
 * class, lower first; those without one after them, by class name.
 */
final class InterceptorDiscovery {

    private static final Logger LOG = System.getLogger(InterceptorDiscovery.class.getName());
    private static final String PRIORITY = "jakarta.annotation.Priority";
    private static final Comparator<Found> ORDER = Comparator
            .comparing((Found f) -> f.priority().isEmpty())
            .thenComparingInt(f -> f.priority().orElse(0))
            .thenComparing(Found::className);

    private InterceptorDiscovery() {
    }

    /** An interceptor, its class name and its priority if it has one. */
    record Found(McpInterceptor interceptor, String className, OptionalInt priority) {
    }

    /**
     * The chain of the endpoint; {@link InterceptorChain#EMPTY} when {@code interceptors=off} or none is
     * found.
     *
     * @param beanManager a BeanManager the CDI container published as a context attribute, or {@code null}
     * @throws IllegalStateException when a registered service cannot be created (the deployment fails)
     */
    static InterceptorChain discover(McpGateConfig config, List<BuiltInInterceptors.Entry> builtIns,
            ClassLoader loader, Object beanManager) {
        if (!config.interceptors().enabled()) {
            return InterceptorChain.EMPTY;
        }
        List<Found> found = new ArrayList<>();
        builtIns.forEach(b -> found.add(new Found(b.interceptor(), b.interceptor().getClass().getName(),
                OptionalInt.of(b.priority()))));
        Set<String> classes = new HashSet<>();
        if (cdiPresent(loader)) {
            for (Found bean : Cdi.beans(beanManager)) {
                if (classes.add(bean.className())) {
                    found.add(bean);
                }
            }
        }
        try {
            for (McpInterceptor service : ServiceLoader.load(McpInterceptor.class, loader)) {
                if (classes.add(service.getClass().getName())) {
                    found.add(new Found(service, service.getClass().getName(), priorityOf(service.getClass())));
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("An McpInterceptor registered in META-INF/services cannot be created: "
                    + e.getMessage(), e);
        }
        return chainOf(config.endpointName(), found);
    }

    /** Orders what was found into a chain, and says which one it is. */
    static InterceptorChain chainOf(String endpoint, List<Found> found) {
        List<Found> ordered = found.stream().sorted(ORDER).toList();
        if (!ordered.isEmpty()) {
            LOG.log(Level.INFO, "McpGate endpoint {0}: interceptors, in chain order: {1}", endpoint,
                    ordered.stream().map(f -> f.interceptor().name()
                            + f.priority().stream().mapToObj(p -> " @" + p).findFirst().orElse("")).toList());
        }
        return InterceptorChain.of(ordered.stream().map(Found::interceptor).toList());
    }

    /** The value of {@code jakarta.annotation.Priority} on the class, read without needing that class. */
    static OptionalInt priorityOf(Class<?> type) {
        for (Annotation annotation : type.getAnnotations()) {
            if (PRIORITY.equals(annotation.annotationType().getName())) {
                try {
                    Method value = annotation.annotationType().getMethod("value");
                    return OptionalInt.of((Integer) value.invoke(annotation));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    return OptionalInt.empty();
                }
            }
        }
        return OptionalInt.empty();
    }

    private static boolean cdiPresent(ClassLoader loader) {
        try {
            Class.forName("jakarta.enterprise.inject.spi.BeanManager", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Touches CDI types; loaded only when the CDI API is present. */
    private static final class Cdi {
        static List<Found> beans(Object attribute) {
            BeanManager beanManager = CdiContainer.beanManager(attribute);
            if (beanManager == null) {
                return List.of(); // no CDI container for this application
            }
            List<Found> beans = new ArrayList<>();
            for (Bean<?> bean : beanManager.getBeans(McpInterceptor.class, Any.Literal.INSTANCE)) {
                McpInterceptor reference = (McpInterceptor) beanManager.getReference(bean, McpInterceptor.class,
                        beanManager.createCreationalContext(bean));
                Class<?> type = bean.getBeanClass();
                beans.add(new Found(reference, type.getName(), priorityOf(type)));
            }
            return beans;
        }
    }
}

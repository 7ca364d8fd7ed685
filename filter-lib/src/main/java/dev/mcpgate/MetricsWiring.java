package dev.mcpgate;

import dev.mcpgate.event.EventSink;
import dev.mcpgate.metrics.EndpointFigures;
import dev.mcpgate.metrics.McpMeters;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Chooses the {@code MeterRegistry} of one filter ({@code metrics}) and creates its meters sink: the
 * application's CDI bean of that type when there is one (the filter as a library), else the one the
 * application put in the servlet context attribute {@value McpMeters#REGISTRY_ATTRIBUTE} (the gateway
 * WAR's Prometheus registry), else none. Micrometer is optional: its classes are touched only in the
 * nested classes, once it is known to be on the class path.
 */
final class MetricsWiring {

    private static final Logger LOG = System.getLogger(MetricsWiring.class.getName());
    private static final String MICROMETER_CLASS = "io.micrometer.core.instrument.MeterRegistry";
    private static final String CDI_CLASS = "jakarta.enterprise.inject.spi.BeanManager";

    private MetricsWiring() {
    }

    /**
     * The meters sink of the endpoint, or {@code null} (metrics off, no Micrometer, no registry).
     *
     * @param beanManager a BeanManager the CDI container published as a context attribute, or {@code null}
     * @throws IllegalArgumentException with {@code metrics=on} when Micrometer or a registry is missing
     */
    static EventSink sink(McpGateConfig config, ServletContext context, Object beanManager) {
        MetricsMode mode = config.metrics().mode();
        if (mode == MetricsMode.OFF) {
            return null;
        }
        if (!present(MICROMETER_CLASS)) {
            return none(mode, config, "Micrometer (io.micrometer:micrometer-core) is not on the class path");
        }
        EventSink sink = Micrometer.sink(config, context, beanManager, present(CDI_CLASS));
        return sink != null ? sink : none(mode, config, "no MeterRegistry was found (no CDI bean of that type, "
                + "no servlet context attribute " + McpMeters.REGISTRY_ATTRIBUTE + ")");
    }

    /** Publishes the endpoint's live counters through the sink {@link #sink} created. */
    static void bind(EventSink sink, EndpointFigures figures) {
        Micrometer.bind(sink, figures);
    }

    private static EventSink none(MetricsMode mode, McpGateConfig config, String why) {
        if (mode == MetricsMode.ON) {
            throw new IllegalArgumentException(Setting.METRICS.key() + "=on: " + why);
        }
        LOG.log(Level.INFO, "McpGate endpoint {0} records no metrics: {1} ({2}=auto)", config.endpointName(), why,
                Setting.METRICS.key());
        return null;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, MetricsWiring.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Touches Micrometer types; loaded only when Micrometer is present. */
    private static final class Micrometer {

        static EventSink sink(McpGateConfig config, ServletContext context, Object beanManager, boolean cdi) {
            MeterRegistry registry = cdi ? Cdi.bean(beanManager) : null;
            String source = "CDI bean";
            if (registry == null && context.getAttribute(McpMeters.REGISTRY_ATTRIBUTE) instanceof MeterRegistry handed) {
                registry = handed;
                source = "servlet context attribute " + McpMeters.REGISTRY_ATTRIBUTE;
            }
            if (registry == null) {
                return null;
            }
            LOG.log(Level.INFO, "McpGate endpoint {0} records metrics in {1} ({2})", config.endpointName(),
                    registry.getClass().getName(), source);
            return new McpMeters(registry, config.endpointName(), config.metrics().maxTargets(),
                    config.guard().protocolVersions());
        }

        static void bind(EventSink sink, EndpointFigures figures) {
            ((McpMeters) sink).bind(figures);
        }
    }

    /** Touches CDI types; loaded only when the CDI API is present. */
    private static final class Cdi {
        static MeterRegistry bean(Object attribute) {
            BeanManager beanManager = CdiContainer.beanManager(attribute);
            if (beanManager == null) {
                return null; // no CDI container for this application
            }
            Instance<MeterRegistry> registries;
            try {
                registries = beanManager.createInstance().select(MeterRegistry.class);
                if (registries.isUnsatisfied()) {
                    return null;
                }
            } catch (RuntimeException e) { // metrics only observe: a container that cannot answer costs them, not the start
                LOG.log(Level.WARNING, "McpGate: the CDI container could not be asked for a MeterRegistry bean", e);
                return null;
            }
            if (registries.isAmbiguous()) {
                LOG.log(Level.WARNING, "McpGate: several CDI beans of type MeterRegistry exist; none is used (make "
                        + "one the only bean of that type, or hand one over in the servlet context attribute "
                        + McpMeters.REGISTRY_ATTRIBUTE + ")");
                return null;
            }
            return registries.get();
        }
    }
}

package dev.mcpgate.gateway.metrics;

import dev.mcpgate.metrics.McpMeters;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Creates the WAR's Prometheus registry before any filter starts (listeners run first) and puts it
 * where {@code McpSessionFilter} looks for one when the application has no CDI {@code MeterRegistry}
 * bean: the context attribute {@value McpMeters#REGISTRY_ATTRIBUTE}. The filter's {@code metrics=off}
 * leaves it with the JVM's meters only. Closed, with its GC listeners, at undeploy.
 */
@WebListener
public class PrometheusRegistry implements ServletContextListener {

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        event.getServletContext().setAttribute(McpMeters.REGISTRY_ATTRIBUTE, registry);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        if (context.getAttribute(McpMeters.REGISTRY_ATTRIBUTE) == registry) {
            context.removeAttribute(McpMeters.REGISTRY_ATTRIBUTE);
        }
        gc.close();
        registry.close();
    }

    /** The WAR's registry in {@code context}, or {@code null} before the listener ran (or after undeploy). */
    static PrometheusMeterRegistry of(ServletContext context) {
        return context.getAttribute(McpMeters.REGISTRY_ATTRIBUTE) instanceof PrometheusMeterRegistry r ? r : null;
    }
}

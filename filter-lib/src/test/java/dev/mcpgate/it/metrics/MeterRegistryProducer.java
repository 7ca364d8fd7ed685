package dev.mcpgate.it.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The test application's {@code MeterRegistry}, as an application using the filter as a library declares it: a CDI
 * producer (Weld servlet on Tomcat). {@code @Produces} without a normal scope: Micrometer's registry has no
 * no-argument constructor, so CDI could not proxy it; the one instance is this bean's.
 */
@ApplicationScoped
public class MeterRegistryProducer {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Produces
    MeterRegistry registry() {
        return registry;
    }
}

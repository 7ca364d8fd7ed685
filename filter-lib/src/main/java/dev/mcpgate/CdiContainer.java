package dev.mcpgate;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;

/**
 * The application's CDI container, for the beans the filter looks up (a {@code SessionStore}, a
 * {@code MeterRegistry}). Touches CDI types: only the nested {@code Cdi} classes of
 * {@link SessionStores}, {@link MetricsWiring} and {@link InterceptorDiscovery} name it, and they are loaded only when the CDI API
 * is on the application's class path.
 */
final class CdiContainer {

    private CdiContainer() {
    }

    /**
     * The bean manager the container published in the servlet context ({@code attribute}), else the
     * one {@link CDI#current()} finds, else {@code null}: the application runs without a CDI container.
     */
    static BeanManager beanManager(Object attribute) {
        if (attribute instanceof BeanManager published) {
            return published;
        }
        try {
            return CDI.current().getBeanManager();
        } catch (IllegalStateException | UnsupportedOperationException | NoClassDefFoundError e) {
            return null;
        }
    }
}

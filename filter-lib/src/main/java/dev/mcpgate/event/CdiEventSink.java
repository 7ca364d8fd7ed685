package dev.mcpgate.event;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.CDI;

/**
 * Fires every event, then the whole batch, as CDI events, so that an application observes them
 * with {@code @Observes RequestCompleted} (or {@code McpEvent}, or {@code EventBatch}).
 *
 * <p>Loaded only when the CDI API is on the class path: nothing else in the filter names a CDI
 * type, so the jar still works in a plain servlet container.
 */
public final class CdiEventSink implements EventSink {


    private final Event<Object> events;

    private CdiEventSink(BeanManager beanManager) {
        this.events = beanManager.getEvent();
    }

    /**
     * The sink for the application's CDI container, or {@code null} when it has none.
     *
     * @param contextAttribute a BeanManager published as a servlet context attribute, or
     *                         {@code null}; without it, {@link CDI#current()} is asked
     */
    public static CdiEventSink forApplication(Object contextAttribute) {
        if (contextAttribute instanceof BeanManager beanManager) {
            return new CdiEventSink(beanManager);
        }
        try {
            return new CdiEventSink(CDI.current().getBeanManager());
        } catch (IllegalStateException | UnsupportedOperationException | NoClassDefFoundError e) {
            return null; // no CDI container for this application
        }
    }

    @Override
    public void accept(EventBatch batch) {
        for (McpEvent event : batch.events()) {
            events.fire(event);
        }
        events.fire(batch);
    }
}

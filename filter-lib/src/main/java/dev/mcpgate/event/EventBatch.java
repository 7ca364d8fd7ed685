package dev.mcpgate.event;

import java.util.List;

/**
 * The events of one dispatch, in the order they were recorded. Fired as a CDI event after the
 * single events of the batch, for observers that write in bulk (the JPA store does).
 *
 * @param events the events, unmodifiable
 */
public record EventBatch(List<McpEvent> events) {

    public EventBatch {
        events = List.copyOf(events);
    }

    /** The events of the batch that are of the given type. */
    public <T extends McpEvent> List<T> ofType(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}

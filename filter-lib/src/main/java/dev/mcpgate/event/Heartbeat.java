package dev.mcpgate.event;

import java.time.Instant;

/**
 * The filter's own health, reported at a fixed interval: nothing it lost goes unreported.
 *
 * @param timestamp          when it was taken
 * @param endpoint           the endpoint name
 * @param queueDepth         events waiting for dispatch
 * @param eventsDropped      events dropped because the queue was full, since start
 * @param sessionsTracked    sessions tracked now
 * @param sessionsUntracked  sessions not tracked because the bound was reached, since start
 * @param unparsableBodies   request or response bodies that were not readable JSON-RPC, since start
 * @param observerFailures   failures inside the filter's own observation, since start (the
 *                           exchange went on untouched each time)
 * @param sinkFailures       exceptions thrown by sinks or observers, since start
 * @param sinkEventsDropped  events that sinks accepted but had to drop (e.g. a store whose database
 *                           stayed down past its bound), since start
 * @param sinkEventsQuarantined events that sinks accepted but set aside because they could not be
 *                           stored as they were (the store's {@code mcp_quarantine}), since start
 */
public record Heartbeat(
        Instant timestamp,
        String endpoint,
        long queueDepth,
        long eventsDropped,
        long sessionsTracked,
        long sessionsUntracked,
        long unparsableBodies,
        long observerFailures,
        long sinkFailures,
        long sinkEventsDropped,
        long sinkEventsQuarantined) implements McpEvent {
}

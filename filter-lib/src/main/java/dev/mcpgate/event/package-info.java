/**
 * What happened, as immutable records ({@link dev.mcpgate.event.RequestCompleted}, session start and
 * end, schema changes, heartbeats, security events), the bounded non-blocking queue, the dispatcher
 * that hands batches to the sinks, the CDI bridge and the log sink; outcomes, violations and the
 * filter's own counters.
 *
 * <p>May import {@code protocol}, {@code redact} and the CDI API.
 */
package dev.mcpgate.event;

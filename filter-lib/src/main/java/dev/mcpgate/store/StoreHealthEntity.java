package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_store_health} per endpoint: the store writer's own counters, so that loss
 * in the store is visible in the database too. Counters are totals since the writer started.
 */
@Entity
@Table(name = "mcp_store_health")
public class StoreHealthEntity {

    @Id
    @Column(name = "endpoint", length = 200)
    private String endpoint;
    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;
    @Column(name = "rows_written", nullable = false)
    private long rowsWritten;
    @Column(name = "batches_written", nullable = false)
    private long batchesWritten;
    /** Failed write attempts (each was retried, or its events dropped). */
    @Column(name = "write_failures", nullable = false)
    private long writeFailures;
    /** Events the store dropped: hold bound reached, or not written by shutdown. */
    @Column(name = "events_dropped", nullable = false)
    private long eventsDropped;
    @Column(name = "events_pending", nullable = false)
    private long eventsPending;
    /** Events the filter's queue dropped, from the last heartbeat. */
    @Column(name = "queue_dropped", nullable = false)
    private long queueDropped;
    @Column(name = "last_error", length = 1000)
    private String lastError;
    @Column(name = "last_error_at")
    private LocalDateTime lastErrorAt;
    /** Events the database refused even cleaned, set aside in {@code mcp_quarantine} (V4). */
    @Column(name = "quarantined", nullable = false)
    private long quarantined;

    public String getEndpoint() { return endpoint; }
    public LocalDateTime getUpdatedAt() { return updatedAt; }
    public long getRowsWritten() { return rowsWritten; }
    public long getBatchesWritten() { return batchesWritten; }
    public long getWriteFailures() { return writeFailures; }
    public long getEventsDropped() { return eventsDropped; }
    public long getEventsPending() { return eventsPending; }
    public long getQueueDropped() { return queueDropped; }
    public String getLastError() { return lastError; }
    public LocalDateTime getLastErrorAt() { return lastErrorAt; }
    public long getQuarantined() { return quarantined; }
}

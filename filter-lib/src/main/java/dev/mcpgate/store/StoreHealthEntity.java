package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_store_health}: the store writer's counters of one endpoint, as it last wrote
 * them (with a batch, or on its health schedule). Upserted by {@link BatchWriter} with JDBC in the
 * batch's transaction; read through JPA. Read-only mapping: no setters. Times are UTC wall-clock times.
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
    @Column(name = "write_failures", nullable = false)
    private long writeFailures;
    @Column(name = "events_dropped", nullable = false)
    private long eventsDropped;
    @Column(name = "events_pending", nullable = false)
    private long eventsPending;
    @Column(name = "queue_dropped", nullable = false)
    private long queueDropped;
    @Column(name = "last_error", length = 1000)
    private String lastError;
    @Column(name = "last_error_at")
    private LocalDateTime lastErrorAt;
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

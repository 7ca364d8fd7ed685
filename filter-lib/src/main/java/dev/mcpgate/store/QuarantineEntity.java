package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_quarantine}: an event the database refused for a data reason even cleaned,
 * set aside with the reason (the event as JSON, cut to 8,000 characters). Inserted by
 * {@link BatchWriter} with JDBC in its own transaction; read through JPA. Read-only mapping: no
 * setters. Times are UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_quarantine", indexes = @Index(name = "mcp_quarantine_ts_ix", columnList = "ts"))
public class QuarantineEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;
    /** When it was set aside. */
    @Column(name = "ts", nullable = false)
    private LocalDateTime timestamp;
    @Column(name = "endpoint", nullable = false, length = 200)
    private String endpoint;
    @Column(name = "event_kind", nullable = false, length = 32)
    private String eventKind;
    /** The event's own time. */
    @Column(name = "event_ts")
    private LocalDateTime eventTimestamp;
    @Column(name = "sql_state", length = 5)
    private String sqlState;
    @Column(name = "reason", nullable = false, length = 1000)
    private String reason;
    @Column(name = "event_json", nullable = false, length = 8000)
    private String eventJson;

    public String getId() { return id; }
    public LocalDateTime getTimestamp() { return timestamp; }
    public String getEndpoint() { return endpoint; }
    public String getEventKind() { return eventKind; }
    public LocalDateTime getEventTimestamp() { return eventTimestamp; }
    public String getSqlState() { return sqlState; }
    public String getReason() { return reason; }
    public String getEventJson() { return eventJson; }
}

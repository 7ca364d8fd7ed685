package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_rollup_slow_hour}: one of the slowest exchanges (at most
 * {@link HourlyRollup#SLOWEST_PER_HOUR}) of one endpoint's UTC hour, as the slowest calls of windows over a
 * day show it. Written by {@link HourlyRollup} with JDBC in the same transaction as the hour's
 * {@link RollupHourEntity} rows; read through JPA. Read-only mapping. Times are UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_rollup_slow_hour")
@IdClass(RollupHourEntity.Key.class)
public class RollupSlowHourEntity {

    @Id
    @Column(name = "endpoint", length = 200)
    private String endpoint;
    @Id
    @Column(name = "hour_start")
    private LocalDateTime hourStart;
    /** The row's number within its hour: 0 is the slowest. */
    @Id
    @Column(name = "seq")
    private int seq;
    @Column(name = "request_id", length = 36, nullable = false)
    private String requestId;
    @Column(name = "ts", nullable = false)
    private LocalDateTime timestamp;
    @Column(name = "session_id", length = 200)
    private String sessionId;
    @Column(name = "mcp_method", length = 100)
    private String mcpMethod;
    @Column(name = "target", length = 500)
    private String target;
    @Column(name = "outcome", length = 16, nullable = false)
    private String outcome;
    @Column(name = "latency_us", nullable = false)
    private long latencyMicros;

    public String getEndpoint() { return endpoint; }
    public LocalDateTime getHourStart() { return hourStart; }
    public int getSeq() { return seq; }
    public String getRequestId() { return requestId; }
    public LocalDateTime getTimestamp() { return timestamp; }
    public String getSessionId() { return sessionId; }
    public String getMcpMethod() { return mcpMethod; }
    public String getTarget() { return target; }
    public String getOutcome() { return outcome; }
    public long getLatencyMicros() { return latencyMicros; }
}

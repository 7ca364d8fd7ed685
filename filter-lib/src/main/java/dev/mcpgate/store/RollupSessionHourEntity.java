package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_rollup_session_hour}: the sessions of one endpoint begun in one UTC hour with one client
 * platform and one end reason ({@code null}: none stored), and how many of them are live (not ended) — the session
 * counts of windows over a day. Written by {@link HourlyRollup} with JDBC in the same transaction as the hour's
 * {@link RollupHourEntity} rows, and again when a session of the hour ends later; read through JPA
 * ({@link RollupReads}). Read-only mapping. Times are UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_rollup_session_hour")
@IdClass(RollupHourEntity.Key.class)
public class RollupSessionHourEntity {

    @Id
    @Column(name = "endpoint", length = 200)
    private String endpoint;
    @Id
    @Column(name = "hour_start")
    private LocalDateTime hourStart;
    /** The row's number within its hour. */
    @Id
    @Column(name = "seq")
    private int seq;
    @Column(name = "client_platform", length = 32, nullable = false)
    private String clientPlatform;
    @Column(name = "end_reason", length = 32)
    private String endReason;
    @Column(name = "sessions", nullable = false)
    private long sessions;
    /** Of {@link #sessions}, those not ended. */
    @Column(name = "live", nullable = false)
    private long live;

    public String getEndpoint() { return endpoint; }
    public LocalDateTime getHourStart() { return hourStart; }
    public int getSeq() { return seq; }
    public String getClientPlatform() { return clientPlatform; }
    public String getEndReason() { return endReason; }
    public long getSessions() { return sessions; }
    public long getLive() { return live; }
}

package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_rollup_client_hour}: the requests of one endpoint, UTC hour, client platform and
 * client name — the client platform mix of windows over a day. Written by {@link HourlyRollup} with JDBC
 * in the same transaction as the hour's {@link RollupHourEntity} rows; read through JPA
 * ({@link RollupReads}). Read-only mapping. Times are UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_rollup_client_hour")
@IdClass(RollupHourEntity.Key.class)
public class RollupClientHourEntity {

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
    @Column(name = "client_name", length = 255)
    private String clientName;
    @Column(name = "requests", nullable = false)
    private long requests;

    public String getEndpoint() { return endpoint; }
    public LocalDateTime getHourStart() { return hourStart; }
    public int getSeq() { return seq; }
    public String getClientPlatform() { return clientPlatform; }
    public String getClientName() { return clientName; }
    public long getRequests() { return requests; }
}

package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * One row of {@code mcp_rollup_hour}: the exchanges of one endpoint, UTC hour, MCP method and target —
 * calls, errors, tool errors and a {@link LatencyHistogram} of their latencies. Written by
 * {@link HourlyRollup} with JDBC; read through JPA ({@link RollupReads}). Read-only mapping: no
 * setters. Times are UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_rollup_hour")
@IdClass(RollupHourEntity.Key.class)
public class RollupHourEntity {

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
    @Column(name = "mcp_method", length = 100)
    private String mcpMethod;
    @Column(name = "target", length = 500)
    private String target;
    @Column(name = "calls", nullable = false)
    private long calls;
    @Column(name = "errors", nullable = false)
    private long errors;
    @Column(name = "tool_errors", nullable = false)
    private long toolErrors;
    /** {@link LatencyHistogram#toText()}. */
    @Column(name = "histogram", nullable = false, length = 32000)
    private String histogram;
    /** The end of the part of the open hour the row covers; {@code null} for a whole hour. */
    @Column(name = "covered_until")
    private LocalDateTime coveredUntil;

    public String getEndpoint() { return endpoint; }
    public LocalDateTime getHourStart() { return hourStart; }
    public int getSeq() { return seq; }
    public String getMcpMethod() { return mcpMethod; }
    public String getTarget() { return target; }
    public long getCalls() { return calls; }
    public long getErrors() { return errors; }
    public long getToolErrors() { return toolErrors; }
    public String getHistogram() { return histogram; }
    public LocalDateTime getCoveredUntil() { return coveredUntil; }

    /** The primary key: endpoint, hour, row number. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String endpoint;
        private LocalDateTime hourStart;
        private int seq;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && seq == k.seq && Objects.equals(endpoint, k.endpoint)
                    && Objects.equals(hourStart, k.hourStart);
        }

        @Override
        public int hashCode() {
            return Objects.hash(endpoint, hourStart, seq);
        }
    }
}

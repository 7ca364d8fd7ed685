package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_session}: one legacy-era client session, unique per (endpoint, session
 * id). Counters are maintained by {@link BatchWriter}, one UPDATE per session per batch. Times are
 * UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_session",
        uniqueConstraints = @UniqueConstraint(name = "mcp_session_uk", columnNames = {"endpoint", "session_id"}),
        indexes = {@Index(name = "mcp_session_started_ix", columnList = "started_at"),
                @Index(name = "mcp_session_platform_ix", columnList = "client_platform, started_at")})
public class SessionEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "endpoint", nullable = false, length = 200)
    private String endpoint;
    @Column(name = "session_id", nullable = false, length = 200)
    private String sessionId;
    @Column(name = "era", nullable = false, length = 16)
    private String era;
    @Column(name = "protocol_version", length = 32)
    private String protocolVersion;
    @Column(name = "client_name", length = 255)
    private String clientName;
    @Column(name = "client_version", length = 100)
    private String clientVersion;
    @Column(name = "client_platform", nullable = false, length = 32)
    private String clientPlatform;
    @Column(name = "principal", length = 255)
    private String principal;
    @Column(name = "started_at", nullable = false)
    private LocalDateTime startedAt;
    @Column(name = "last_seen")
    private LocalDateTime lastSeen;
    @Column(name = "ended_at")
    private LocalDateTime endedAt;
    @Column(name = "end_reason", length = 32)
    private String endReason;
    @Column(name = "request_count", nullable = false)
    private long requestCount;
    @Column(name = "error_count", nullable = false)
    private long errorCount;

    public String getId() { return id; }
    public String getEndpoint() { return endpoint; }
    public String getSessionId() { return sessionId; }
    public String getEra() { return era; }
    public String getProtocolVersion() { return protocolVersion; }
    public String getClientName() { return clientName; }
    public String getClientVersion() { return clientVersion; }
    public String getClientPlatform() { return clientPlatform; }
    public String getPrincipal() { return principal; }
    public LocalDateTime getStartedAt() { return startedAt; }
    public LocalDateTime getLastSeen() { return lastSeen; }
    public LocalDateTime getEndedAt() { return endedAt; }
    public String getEndReason() { return endReason; }
    public long getRequestCount() { return requestCount; }
    public long getErrorCount() { return errorCount; }
}

package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_schema_seen}: one receiver of one version of a list — a session (legacy era)
 * or a principal and client name (modern era), unique per (endpoint, list, version, receiver).
 * Upserted by {@link StoredCatalogueHistory} with JDBC; read through JPA. Read-only mapping: no setters.
 * Times are UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_schema_seen",
        uniqueConstraints = @UniqueConstraint(name = "mcp_schema_seen_uk",
                columnNames = {"endpoint", "list_method", "version_no", "receiver"}),
        indexes = {@Index(name = "mcp_schema_seen_last_ix", columnList = "last_seen"),
                @Index(name = "mcp_schema_seen_session_ix", columnList = "session_id")})
public class SchemaSeenEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "endpoint", nullable = false, length = 200)
    private String endpoint;
    @Column(name = "list_method", nullable = false, length = 64)
    private String listMethod;
    @Column(name = "version_no", nullable = false)
    private int versionNo;
    @Column(name = "receiver", nullable = false, length = 500)
    private String receiver;
    @Column(name = "session_id", length = 200)
    private String sessionId;
    @Column(name = "principal", length = 255)
    private String principal;
    @Column(name = "client_name", length = 255)
    private String clientName;
    @Column(name = "first_seen", nullable = false)
    private LocalDateTime firstSeen;
    @Column(name = "last_seen", nullable = false)
    private LocalDateTime lastSeen;

    public String getId() { return id; }
    public String getEndpoint() { return endpoint; }
    public String getListMethod() { return listMethod; }
    public int getVersionNo() { return versionNo; }
    public String getReceiver() { return receiver; }
    public String getSessionId() { return sessionId; }
    public String getPrincipal() { return principal; }
    public String getClientName() { return clientName; }
    public LocalDateTime getFirstSeen() { return firstSeen; }
    public LocalDateTime getLastSeen() { return lastSeen; }
}

package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_schema_version}: a distinct content of a list method ({@code tools/list},
 * ...) at an endpoint. Written by {@link JdbcCatalogueHistory} (plain JDBC); {@code item_count} (V2) is
 * not mapped here.
 */
@Entity
@Table(name = "mcp_schema_version",
        uniqueConstraints = @UniqueConstraint(name = "mcp_schema_version_uk",
                columnNames = {"endpoint", "list_method", "version_no"}),
        indexes = @Index(name = "mcp_schema_version_hash_ix", columnList = "endpoint, list_method, content_hash"))
public class SchemaVersionEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "endpoint", nullable = false, length = 200)
    private String endpoint;
    @Column(name = "list_method", nullable = false, length = 64)
    private String listMethod;
    @Column(name = "version_no", nullable = false)
    private int versionNumber;
    @Column(name = "content_hash", nullable = false, length = 128)
    private String contentHash;
    @Column(name = "contract_hash", nullable = false, length = 128)
    private String contractHash;
    @Lob
    @Column(name = "payload", nullable = false)
    private String payload;
    @Column(name = "first_seen", nullable = false)
    private LocalDateTime firstSeen;

    public String getId() { return id; }
    public String getEndpoint() { return endpoint; }
    public String getListMethod() { return listMethod; }
    public int getVersionNumber() { return versionNumber; }
    public String getContentHash() { return contentHash; }
    public String getContractHash() { return contractHash; }
    public String getPayload() { return payload; }
    public LocalDateTime getFirstSeen() { return firstSeen; }
}

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
 * One row of {@code mcp_schema_version}: one distinct content of one list (tools, prompts, resources,
 * templates, the server's identity) of one endpoint, numbered from 1 per (endpoint, list). Written by
 * {@link StoredCatalogueHistory} with its changes in one JDBC transaction; read through JPA. Read-only
 * mapping: no setters. Times are UTC wall-clock times.
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
    private int versionNo;
    @Column(name = "content_hash", nullable = false, length = 128)
    private String contentHash;
    @Column(name = "contract_hash", nullable = false, length = 128)
    private String contractHash;
    @Column(name = "item_count", nullable = false)
    private int itemCount;
    /** The list in canonical JSON: CLOB on Derby, TEXT on PostgreSQL. Queries that do not need it select columns. */
    @Lob
    @Column(name = "payload", nullable = false)
    private String payload;
    @Column(name = "first_seen", nullable = false)
    private LocalDateTime firstSeen;

    public String getId() { return id; }
    public String getEndpoint() { return endpoint; }
    public String getListMethod() { return listMethod; }
    public int getVersionNo() { return versionNo; }
    public String getContentHash() { return contentHash; }
    public String getContractHash() { return contractHash; }
    public int getItemCount() { return itemCount; }
    public String getPayload() { return payload; }
    public LocalDateTime getFirstSeen() { return firstSeen; }
}

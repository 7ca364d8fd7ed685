package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_schema_change}: one item of a list added, removed or modified between two
 * versions ({@code from_version} {@code null} for the first). Written by {@link StoredCatalogueHistory}
 * with its version in one JDBC transaction; read through JPA. Read-only mapping: no setters. Times are
 * UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_schema_change", indexes = {
        @Index(name = "mcp_schema_change_version_ix", columnList = "endpoint, list_method, to_version"),
        @Index(name = "mcp_schema_change_time_ix", columnList = "detected_at")})
public class SchemaChangeEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "endpoint", nullable = false, length = 200)
    private String endpoint;
    @Column(name = "list_method", nullable = false, length = 64)
    private String listMethod;
    @Column(name = "from_version")
    private Integer fromVersion;
    @Column(name = "to_version", nullable = false)
    private int toVersion;
    @Column(name = "item_kind", nullable = false, length = 32)
    private String itemKind;
    @Column(name = "item_name", nullable = false, length = 500)
    private String itemName;
    @Column(name = "change_kind", nullable = false, length = 16)
    private String changeKind;
    /** The changed top-level fields, comma-separated, or {@code null}. */
    @Column(name = "changed_fields", length = 1000)
    private String changedFields;
    @Column(name = "description_only", nullable = false)
    private boolean descriptionOnly;
    @Column(name = "rename_hint", length = 500)
    private String renameHint;
    @Column(name = "detected_at", nullable = false)
    private LocalDateTime detectedAt;

    public String getId() { return id; }
    public String getEndpoint() { return endpoint; }
    public String getListMethod() { return listMethod; }
    public Integer getFromVersion() { return fromVersion; }
    public int getToVersion() { return toVersion; }
    public String getItemKind() { return itemKind; }
    public String getItemName() { return itemName; }
    public String getChangeKind() { return changeKind; }
    public String getChangedFields() { return changedFields; }
    public boolean isDescriptionOnly() { return descriptionOnly; }
    public String getRenameHint() { return renameHint; }
    public LocalDateTime getDetectedAt() { return detectedAt; }
}

package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_catalogue_pin}: an operator's approval of a catalogue version (catalogue pinning).
 * Inserted by {@link StoredPinStore} with JDBC; read through JPA. Read-only mapping: no setters. Times are
 * UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_catalogue_pin", indexes = @Index(name = "mcp_catalogue_pin_list_ix",
        columnList = "endpoint, list_method, decided_at"))
public class CataloguePinEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "endpoint", nullable = false, length = 200)
    private String endpoint;
    @Column(name = "list_method", nullable = false, length = 64)
    private String listMethod;
    @Column(name = "version_no", nullable = false)
    private int versionNo;
    @Column(name = "content_hash", nullable = false, length = 64)
    private String contentHash;
    /** {"name": "sha-256 hex", ...}: CLOB on Derby, TEXT on PostgreSQL. */
    @Lob
    @Column(name = "item_hashes", nullable = false)
    private String itemHashes;
    @Column(name = "decided_by", length = 255)
    private String decidedBy;
    @Column(name = "decided_at", nullable = false)
    private LocalDateTime decidedAt;

    public String getId() { return id; }
    public String getEndpoint() { return endpoint; }
    public String getListMethod() { return listMethod; }
    public int getVersionNo() { return versionNo; }
    public String getContentHash() { return contentHash; }
    public String getItemHashes() { return itemHashes; }
    public String getDecidedBy() { return decidedBy; }
    public LocalDateTime getDecidedAt() { return decidedAt; }
}

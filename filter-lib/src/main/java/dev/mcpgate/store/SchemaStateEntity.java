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
 * One row of {@code mcp_schema_state}: where one list of one endpoint stands — the version of its
 * latest answer and, since a {@code list_changed} notification, when it went stale. Upserted by
 * {@link StoredCatalogueHistory} with JDBC; read through JPA. Read-only mapping: no setters. Times are
 * UTC wall-clock times.
 */
@Entity
@IdClass(SchemaStateEntity.Key.class)
@Table(name = "mcp_schema_state")
public class SchemaStateEntity {

    @Id
    @Column(name = "endpoint", length = 200)
    private String endpoint;
    @Id
    @Column(name = "list_method", length = 64)
    private String listMethod;
    @Column(name = "current_version", nullable = false)
    private int currentVersion;
    @Column(name = "stale_since")
    private LocalDateTime staleSince;
    @Column(name = "updated_at", nullable = false)
    private LocalDateTime updatedAt;

    public String getEndpoint() { return endpoint; }
    public String getListMethod() { return listMethod; }
    public int getCurrentVersion() { return currentVersion; }
    public LocalDateTime getStaleSince() { return staleSince; }
    public LocalDateTime getUpdatedAt() { return updatedAt; }

    /** The primary key (endpoint, list_method), as JPA's {@link IdClass} wants it. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String endpoint;
        private String listMethod;

        public Key() {
        }

        public Key(String endpoint, String listMethod) {
            this.endpoint = endpoint;
            this.listMethod = listMethod;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && Objects.equals(endpoint, k.endpoint)
                    && Objects.equals(listMethod, k.listMethod);
        }

        @Override
        public int hashCode() {
            return Objects.hash(endpoint, listMethod);
        }
    }
}

package dev.mcpgate.store;

import dev.mcpgate.event.SchemaItemChange;
import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.schema.CatalogueChange;
import dev.mcpgate.schema.CatalogueHistory;
import dev.mcpgate.schema.CatalogueVersion;
import dev.mcpgate.schema.ListState;
import dev.mcpgate.schema.Sighting;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The catalogue history in the store's database (tables {@code mcp_schema_version},
 * {@code mcp_schema_change}, {@code mcp_schema_seen}, {@code mcp_schema_state}). Writes are plain
 * JDBC, as the store's other writes (see the package documentation): a version and its changes in one
 * transaction; sightings and states upserted (UPDATE, then INSERT when nothing was updated — one
 * writer, the catalogue tracker's thread). Reads go through JPA ({@link SchemaVersionEntity},
 * {@link SchemaChangeEntity}, {@link SchemaSeenEntity}, {@link SchemaStateEntity}), bounded by a row
 * limit. Every call takes a connection or an entity manager of the store and gives it back. While the
 * store is not open yet (the database not reached), every call throws, and the tracker tries again later.
 */
public final class StoredCatalogueHistory implements CatalogueHistory {

    private static final String VERSION_COLUMNS = "endpoint, list_method, version_no, content_hash, contract_hash, "
            + "item_count, first_seen";
    private static final String CHANGE_COLUMNS = "endpoint, list_method, from_version, to_version, item_kind, "
            + "item_name, change_kind, changed_fields, description_only, rename_hint, detected_at";
    private static final String SEEN_COLUMNS = "endpoint, list_method, version_no, session_id, principal, "
            + "client_name, first_seen, last_seen";

    /** An endpoint has five lists (tools, prompts, resources, templates, server); more is not read. */
    private static final int MAX_LISTS = 100;

    private final Supplier<McpStore> store;
    private final Calendar utc = new GregorianCalendar(TimeZone.getTimeZone("UTC"));

    /** @param store the open store, or {@code null} while it is not open yet */
    public StoredCatalogueHistory(Supplier<McpStore> store) {
        this.store = store;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T inConnection(Work<T> work) {
        McpStore current = store.get();
        if (current == null) {
            throw new CatalogueHistory.NotReady("the McpGate store is not open yet");
        }
        try (Connection c = QueryTimeout.bounded(current.dataSource().getConnection())) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("McpGate catalogue history: " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one transaction on a connection of its own: committed, or rolled back when it fails. */
    private <T> T inTransaction(Work<T> work) {
        return inConnection(c -> {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true); // a pooled connection goes back as it came
            }
        });
    }

    /** Reads through JPA ({@link JpaReads}); a database failure becomes an {@link IllegalStateException}, as a write's does. */
    private <T> T read(Function<EntityManager, T> work) {
        McpStore current = store.get();
        if (current == null) {
            throw new CatalogueHistory.NotReady("the McpGate store is not open yet");
        }
        try {
            return JpaReads.apply(current.entityManagerFactory(), work);
        } catch (PersistenceException e) {
            throw new IllegalStateException("McpGate catalogue history: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<CatalogueVersion> latest(String endpoint, String listMethod) {
        return oneVersion("SELECT v FROM SchemaVersionEntity v WHERE v.endpoint = :endpoint "
                + "AND v.listMethod = :list ORDER BY v.versionNo DESC", endpoint, listMethod, Map.of());
    }

    @Override
    public Optional<CatalogueVersion> withContentHash(String endpoint, String listMethod, String contentHash) {
        return oneVersion("SELECT v FROM SchemaVersionEntity v WHERE v.endpoint = :endpoint AND v.listMethod = :list "
                + "AND v.contentHash = :hash ORDER BY v.versionNo DESC", endpoint, listMethod,
                Map.of("hash", contentHash));
    }

    @Override
    public Optional<CatalogueVersion> version(String endpoint, String listMethod, int version) {
        return oneVersion("SELECT v FROM SchemaVersionEntity v WHERE v.endpoint = :endpoint AND v.listMethod = :list "
                + "AND v.versionNo = :version", endpoint, listMethod, Map.of("version", version));
    }

    /** The first version {@code jpql} finds, with its payload. */
    private Optional<CatalogueVersion> oneVersion(String jpql, String endpoint, String listMethod,
            Map<String, Object> more) {
        return read(em -> {
            TypedQuery<SchemaVersionEntity> query = em.createQuery(jpql, SchemaVersionEntity.class)
                    .setParameter("endpoint", endpoint)
                    .setParameter("list", listMethod)
                    .setMaxResults(1);
            more.forEach(query::setParameter);
            return query.getResultList().stream().findFirst().map(v -> new CatalogueVersion(v.getEndpoint(),
                    v.getListMethod(), v.getVersionNo(), v.getContentHash(), v.getContractHash(), v.getItemCount(),
                    UtcTime.instant(v.getFirstSeen()), v.getPayload()));
        });
    }

    @Override
    public void add(CatalogueVersion version, List<CatalogueChange> changes) {
        inTransaction(c -> {
            insertVersion(c, version);
            insertChanges(c, changes);
            return null;
        });
    }

    private void insertVersion(Connection c, CatalogueVersion v) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mcp_schema_version (id, " + VERSION_COLUMNS
                + ", payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, TimeOrderedIds.next());
            s.setString(2, BatchWriter.cut(v.endpoint(), 200));
            s.setString(3, v.listMethod());
            s.setInt(4, v.version());
            s.setString(5, v.contentHash());
            s.setString(6, v.contractHash());
            s.setInt(7, v.itemCount());
            setTime(s, 8, v.firstSeen());
            s.setString(9, StoredText.clean(v.payload(), Integer.MAX_VALUE));
            s.executeUpdate();
        }
    }

    private void insertChanges(Connection c, List<CatalogueChange> changes) throws SQLException {
        if (changes.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mcp_schema_change (id, " + CHANGE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (CatalogueChange change : changes) {
                SchemaItemChange item = change.item();
                s.setString(1, TimeOrderedIds.next());
                s.setString(2, BatchWriter.cut(change.endpoint(), 200));
                s.setString(3, change.listMethod());
                if (change.fromVersion() == null) {
                    s.setNull(4, Types.INTEGER);
                } else {
                    s.setInt(4, change.fromVersion());
                }
                s.setInt(5, change.toVersion());
                s.setString(6, item.itemKind());
                s.setString(7, BatchWriter.cut(item.name(), 500));
                s.setString(8, item.change());
                setText(s, 9, item.changedFields().isEmpty() ? null : String.join(",", item.changedFields()), 1000);
                s.setBoolean(10, item.descriptionOnly());
                setText(s, 11, item.renameHint(), 500);
                setTime(s, 12, change.detectedAt());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public void seen(Sighting sighting) {
        seen(List.of(sighting));
    }

    /** Upserts the sightings over one connection, in one transaction: a round's new sessions cost one connection. */
    @Override
    public void seen(List<Sighting> sightings) {
        inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE mcp_schema_seen SET last_seen = ? WHERE "
                    + "endpoint = ? AND list_method = ? AND version_no = ? AND receiver = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO mcp_schema_seen (id, receiver, "
                            + SEEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Sighting sighting : sightings) {
                    upsert(update, insert, sighting);
                }
            }
            return null;
        });
    }

    private void upsert(PreparedStatement update, PreparedStatement insert, Sighting sighting)
            throws SQLException {
        String receiver = StoredText.key(sighting.receiverKey(), 500);
        setTime(update, 1, sighting.lastSeen());
        bindFrom(update, 2, BatchWriter.cut(sighting.endpoint(), 200), sighting.listMethod(), sighting.version(),
                receiver);
        if (update.executeUpdate() > 0) {
            return;
        }
        insert.setString(1, TimeOrderedIds.next());
        insert.setString(2, receiver);
        insert.setString(3, BatchWriter.cut(sighting.endpoint(), 200));
        insert.setString(4, sighting.listMethod());
        insert.setInt(5, sighting.version());
        insert.setString(6, StoredText.sessionKey(sighting.sessionId()));
        setText(insert, 7, sighting.principal(), 255);
        setText(insert, 8, sighting.clientName(), 255);
        setTime(insert, 9, sighting.firstSeen());
        setTime(insert, 10, sighting.lastSeen());
        insert.executeUpdate();
    }

    @Override
    public void markStale(String endpoint, String listMethod, Instant since) {
        inConnection(c -> {
            c.setAutoCommit(true);
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE mcp_schema_state SET stale_since = ?, updated_at = ? "
                    + "WHERE endpoint = ? AND list_method = ? AND stale_since IS NULL")) {
                setTime(s, 1, since);
                setTime(s, 2, since);
                bindFrom(s, 3, BatchWriter.cut(endpoint, 200), listMethod);
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                insertStateIfMissing(c, endpoint, listMethod, 0, since, since);
            }
            return null;
        });
    }

    @Override
    public void current(String endpoint, String listMethod, int version, Instant at) {
        inConnection(c -> {
            c.setAutoCommit(true);
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE mcp_schema_state SET current_version = ?, "
                    + "stale_since = NULL, updated_at = ? WHERE endpoint = ? AND list_method = ?")) {
                s.setInt(1, version);
                setTime(s, 2, at);
                bindFrom(s, 3, BatchWriter.cut(endpoint, 200), listMethod);
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                insertStateIfMissing(c, endpoint, listMethod, version, null, at);
            }
            return null;
        });
    }

    private void insertStateIfMissing(Connection c, String endpoint, String listMethod, int version, Instant stale,
            Instant at) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement(
                "SELECT 1 FROM mcp_schema_state WHERE endpoint = ? AND list_method = ?")) {
            bind(exists, BatchWriter.cut(endpoint, 200), listMethod);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return; // stale already
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mcp_schema_state (endpoint, list_method, "
                + "current_version, stale_since, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            bind(s, BatchWriter.cut(endpoint, 200), listMethod, version);
            setTime(s, 4, stale);
            setTime(s, 5, at);
            s.executeUpdate();
        }
    }

    @Override
    public List<ListState> lists(String endpoint) {
        return read(em -> em.createQuery("SELECT s FROM SchemaStateEntity s WHERE s.endpoint = :endpoint "
                        + "ORDER BY s.listMethod", SchemaStateEntity.class)
                .setParameter("endpoint", endpoint)
                .setMaxResults(MAX_LISTS)
                .getResultList().stream()
                .map(s -> new ListState(s.getEndpoint(), s.getListMethod(), s.getCurrentVersion(),
                        UtcTime.instant(s.getStaleSince()), UtcTime.instant(s.getUpdatedAt())))
                .toList());
    }

    /** Without payloads: the columns are selected, so that the payloads (CLOB / TEXT) are never read. */
    @Override
    public List<CatalogueVersion> versions(String endpoint, String listMethod, int limit) {
        return read(em -> em.createQuery("SELECT v.endpoint, v.listMethod, v.versionNo, v.contentHash, "
                        + "v.contractHash, v.itemCount, v.firstSeen FROM SchemaVersionEntity v "
                        + "WHERE v.endpoint = :endpoint AND v.listMethod = :list ORDER BY v.versionNo DESC",
                        Object[].class)
                .setParameter("endpoint", endpoint)
                .setParameter("list", listMethod)
                .setMaxResults(limit)
                .getResultList().stream()
                .map(v -> new CatalogueVersion((String) v[0], (String) v[1], ((Number) v[2]).intValue(),
                        (String) v[3], (String) v[4], ((Number) v[5]).intValue(),
                        UtcTime.instant((LocalDateTime) v[6]), null))
                .toList());
    }

    @Override
    public List<CatalogueChange> changes(String endpoint, Instant from, Instant to, int limit) {
        String jpql = "SELECT c FROM SchemaChangeEntity c WHERE c.detectedAt >= :from AND c.detectedAt < :to"
                + (endpoint == null ? "" : " AND c.endpoint = :endpoint")
                + " ORDER BY c.detectedAt DESC, c.toVersion DESC, c.itemName";
        return read(em -> {
            TypedQuery<SchemaChangeEntity> query = em.createQuery(jpql, SchemaChangeEntity.class)
                    .setParameter("from", UtcTime.local(from))
                    .setParameter("to", UtcTime.local(to))
                    .setMaxResults(limit);
            if (endpoint != null) {
                query.setParameter("endpoint", endpoint);
            }
            return query.getResultList().stream().map(StoredCatalogueHistory::change).toList();
        });
    }

    /**
     * Every change of one version: not cut by a row limit, since a diff must be whole; a version's
     * changes are bounded by its list's items (two per item at most, a removal and an addition), and
     * the list by {@code schema-max-capture}.
     */
    @Override
    public List<CatalogueChange> changesTo(String endpoint, String listMethod, int version) {
        return read(em -> em.createQuery("SELECT c FROM SchemaChangeEntity c WHERE c.endpoint = :endpoint "
                        + "AND c.listMethod = :list AND c.toVersion = :version ORDER BY c.itemName, c.changeKind",
                        SchemaChangeEntity.class)
                .setParameter("endpoint", endpoint)
                .setParameter("list", listMethod)
                .setParameter("version", version)
                .getResultList().stream().map(StoredCatalogueHistory::change).toList());
    }

    private static CatalogueChange change(SchemaChangeEntity c) {
        String fields = c.getChangedFields();
        SchemaItemChange item = new SchemaItemChange(c.getItemKind(), c.getItemName(), c.getChangeKind(),
                fields == null ? List.of() : Arrays.asList(fields.split(",")), c.isDescriptionOnly(),
                c.getRenameHint());
        return new CatalogueChange(c.getEndpoint(), c.getListMethod(), c.getFromVersion(), c.getToVersion(),
                UtcTime.instant(c.getDetectedAt()), item);
    }

    @Override
    public List<Sighting> sightings(String endpoint, String listMethod, int version, int limit) {
        return read(em -> em.createQuery("SELECT s FROM SchemaSeenEntity s WHERE s.endpoint = :endpoint "
                        + "AND s.listMethod = :list AND s.versionNo = :version ORDER BY s.lastSeen DESC, s.id",
                        SchemaSeenEntity.class)
                .setParameter("endpoint", endpoint)
                .setParameter("list", listMethod)
                .setParameter("version", version)
                .setMaxResults(limit)
                .getResultList().stream()
                .map(s -> new Sighting(s.getEndpoint(), s.getListMethod(), s.getVersionNo(), s.getSessionId(),
                        s.getPrincipal(), s.getClientName(), UtcTime.instant(s.getFirstSeen()),
                        UtcTime.instant(s.getLastSeen())))
                .toList());
    }

    private static void bind(PreparedStatement s, Object... parameters) throws SQLException {
        bindFrom(s, 1, parameters);
    }

    private static void bindFrom(PreparedStatement s, int first, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] instanceof Integer number) {
                s.setInt(first + i, number);
            } else {
                s.setString(first + i, (String) parameters[i]);
            }
        }
    }

    private synchronized void setTime(PreparedStatement s, int index, Instant instant) throws SQLException {
        if (instant == null) {
            s.setNull(index, Types.TIMESTAMP);
        } else {
            s.setTimestamp(index, Timestamp.from(instant), utc);
        }
    }

    private static void setText(PreparedStatement s, int index, String value, int max) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, BatchWriter.cut(value, max));
        }
    }
}

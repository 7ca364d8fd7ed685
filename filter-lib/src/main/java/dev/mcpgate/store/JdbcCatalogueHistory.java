package dev.mcpgate.store;

import dev.mcpgate.event.SchemaItemChange;
import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.schema.CatalogueChange;
import dev.mcpgate.schema.CatalogueHistory;
import dev.mcpgate.schema.CatalogueVersion;
import dev.mcpgate.schema.ListState;
import dev.mcpgate.schema.Sighting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * The catalogue history in the store's database (tables {@code mcp_schema_version},
 * {@code mcp_schema_change}, {@code mcp_schema_seen}, {@code mcp_schema_state}), with plain JDBC:
 * a version and its changes in one transaction; sightings and states upserted (UPDATE, then
 * INSERT when nothing was updated — one writer, the catalogue tracker's thread). Every call takes a
 * connection of the store's DataSource and gives it back. While the store is not open yet (the
 * database not reached), every call throws, and the tracker tries again later.
 */
public final class JdbcCatalogueHistory implements CatalogueHistory {

    private static final String VERSION_COLUMNS = "endpoint, list_method, version_no, content_hash, contract_hash, "
            + "item_count, first_seen";
    private static final String CHANGE_COLUMNS = "endpoint, list_method, from_version, to_version, item_kind, "
            + "item_name, change_kind, changed_fields, description_only, rename_hint, detected_at";
    private static final String SEEN_COLUMNS = "endpoint, list_method, version_no, session_id, principal, "
            + "client_name, first_seen, last_seen";

    private final Supplier<McpStore> store;
    private final Calendar utc = new GregorianCalendar(TimeZone.getTimeZone("UTC"));

    /** @param store the open store, or {@code null} while it is not open yet */
    public JdbcCatalogueHistory(Supplier<McpStore> store) {
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
        try (Connection c = current.dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("McpGate catalogue history: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<CatalogueVersion> latest(String endpoint, String listMethod) {
        return inConnection(c -> oneVersion(c, "SELECT " + VERSION_COLUMNS + ", payload FROM mcp_schema_version "
                + "WHERE endpoint = ? AND list_method = ? ORDER BY version_no DESC", endpoint, listMethod));
    }

    @Override
    public Optional<CatalogueVersion> withContentHash(String endpoint, String listMethod, String contentHash) {
        return inConnection(c -> oneVersion(c, "SELECT " + VERSION_COLUMNS + ", payload FROM mcp_schema_version "
                + "WHERE endpoint = ? AND list_method = ? AND content_hash = ? ORDER BY version_no DESC",
                endpoint, listMethod, contentHash));
    }

    @Override
    public Optional<CatalogueVersion> version(String endpoint, String listMethod, int version) {
        return inConnection(c -> oneVersion(c, "SELECT " + VERSION_COLUMNS + ", payload FROM mcp_schema_version "
                + "WHERE endpoint = ? AND list_method = ? AND version_no = ?", endpoint, listMethod, version));
    }

    private Optional<CatalogueVersion> oneVersion(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, parameters);
            s.setMaxRows(1);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(version(rs, true)) : Optional.empty();
            }
        }
    }

    private CatalogueVersion version(ResultSet rs, boolean withPayload) throws SQLException {
        return new CatalogueVersion(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), instant(rs, 7), withPayload ? rs.getString(8) : null);
    }

    @Override
    public void add(CatalogueVersion version, List<CatalogueChange> changes) {
        inConnection(c -> {
            c.setAutoCommit(false);
            try {
                insertVersion(c, version);
                insertChanges(c, changes);
                c.commit();
                return null;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true); // a pooled connection goes back as it came
            }
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
        inConnection(c -> {
            c.setAutoCommit(true);
            String receiver = StoredText.key(sighting.receiverKey(), 500);
            int updated;
            try (PreparedStatement s = c.prepareStatement("UPDATE mcp_schema_seen SET last_seen = ? WHERE endpoint = ? "
                    + "AND list_method = ? AND version_no = ? AND receiver = ?")) {
                setTime(s, 1, sighting.lastSeen());
                bindFrom(s, 2, BatchWriter.cut(sighting.endpoint(), 200), sighting.listMethod(), sighting.version(),
                        receiver);
                updated = s.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO mcp_schema_seen (id, receiver, "
                        + SEEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, TimeOrderedIds.next());
                    s.setString(2, receiver);
                    s.setString(3, BatchWriter.cut(sighting.endpoint(), 200));
                    s.setString(4, sighting.listMethod());
                    s.setInt(5, sighting.version());
                    s.setString(6, StoredText.sessionKey(sighting.sessionId()));
                    setText(s, 7, sighting.principal(), 255);
                    setText(s, 8, sighting.clientName(), 255);
                    setTime(s, 9, sighting.firstSeen());
                    setTime(s, 10, sighting.lastSeen());
                    s.executeUpdate();
                }
            }
            return null;
        });
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
        return inConnection(c -> {
            List<ListState> states = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT endpoint, list_method, current_version, stale_since, "
                    + "updated_at FROM mcp_schema_state WHERE endpoint = ? ORDER BY list_method")) {
                bind(s, endpoint);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        states.add(new ListState(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4),
                                instant(rs, 5)));
                    }
                }
            }
            return states;
        });
    }

    @Override
    public List<CatalogueVersion> versions(String endpoint, String listMethod, int limit) {
        return inConnection(c -> {
            List<CatalogueVersion> versions = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + VERSION_COLUMNS + " FROM mcp_schema_version "
                    + "WHERE endpoint = ? AND list_method = ? ORDER BY version_no DESC")) {
                bind(s, endpoint, listMethod);
                s.setMaxRows(limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        versions.add(version(rs, false));
                    }
                }
            }
            return versions;
        });
    }

    @Override
    public List<CatalogueChange> changes(String endpoint, Instant from, Instant to, int limit) {
        return inConnection(c -> {
            String sql = "SELECT " + CHANGE_COLUMNS + " FROM mcp_schema_change WHERE detected_at >= ? AND detected_at < ?"
                    + (endpoint == null ? "" : " AND endpoint = ?") + " ORDER BY detected_at DESC, to_version DESC, item_name";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                setTime(s, 1, from);
                setTime(s, 2, to);
                if (endpoint != null) {
                    s.setString(3, endpoint);
                }
                s.setMaxRows(limit);
                return changes(s);
            }
        });
    }

    @Override
    public List<CatalogueChange> changesTo(String endpoint, String listMethod, int version) {
        return inConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + CHANGE_COLUMNS + " FROM mcp_schema_change "
                    + "WHERE endpoint = ? AND list_method = ? AND to_version = ? ORDER BY item_name, change_kind")) {
                bind(s, endpoint, listMethod, version);
                return changes(s);
            }
        });
    }

    private List<CatalogueChange> changes(PreparedStatement s) throws SQLException {
        List<CatalogueChange> changes = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                int from = rs.getInt(3);
                Integer fromVersion = rs.wasNull() ? null : from;
                String fields = rs.getString(8);
                SchemaItemChange item = new SchemaItemChange(rs.getString(5), rs.getString(6), rs.getString(7),
                        fields == null ? List.of() : Arrays.asList(fields.split(",")), rs.getBoolean(9),
                        rs.getString(10));
                changes.add(new CatalogueChange(rs.getString(1), rs.getString(2), fromVersion, rs.getInt(4),
                        instant(rs, 11), item));
            }
        }
        return changes;
    }

    @Override
    public List<Sighting> sightings(String endpoint, String listMethod, int version, int limit) {
        return inConnection(c -> {
            List<Sighting> sightings = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + SEEN_COLUMNS + " FROM mcp_schema_seen "
                    + "WHERE endpoint = ? AND list_method = ? AND version_no = ? ORDER BY last_seen DESC, id")) {
                bind(s, endpoint, listMethod, version);
                s.setMaxRows(limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        sightings.add(new Sighting(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), instant(rs, 7), instant(rs, 8)));
                    }
                }
            }
            return sightings;
        });
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

    private synchronized Instant instant(ResultSet rs, int index) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(index, utc);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void setText(PreparedStatement s, int index, String value, int max) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, BatchWriter.cut(value, max));
        }
    }
}

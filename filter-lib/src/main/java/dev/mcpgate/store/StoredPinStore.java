package dev.mcpgate.store;

import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.pin.Pin;
import dev.mcpgate.pin.PinStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.PersistenceException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Supplier;

/**
 * Catalogue pinning's approvals in the store's database (table {@code mcp_catalogue_pin}): each approval
 * inserted with JDBC, the latest per list read through JPA ({@link CataloguePinEntity}). Called at start and
 * on approval, never on a request thread. While the store is not open yet, every call throws; the caller
 * tries again.
 */
public final class StoredPinStore implements PinStore {

    /** More approvals than this per endpoint are not read: the latest of each list come first. */
    private static final int MAX_ROWS = 1000;

    private final Supplier<McpStore> store;

    /** @param store the open store, or {@code null} while it is not open yet */
    public StoredPinStore(Supplier<McpStore> store) {
        this.store = store;
    }

    private McpStore open() {
        McpStore current = store.get();
        if (current == null) {
            throw new IllegalStateException("the McpGate store is not open yet");
        }
        return current;
    }

    @Override
    public List<Pin> inForce(String endpoint) {
        try {
            List<CataloguePinEntity> rows = JpaReads.apply(open().entityManagerFactory(), em -> em.createQuery(
                    "SELECT p FROM CataloguePinEntity p WHERE p.endpoint = :endpoint "
                            + "ORDER BY p.decidedAt DESC, p.id DESC", CataloguePinEntity.class)
                    .setParameter("endpoint", endpoint).setMaxResults(MAX_ROWS).getResultList());
            Map<String, Pin> latest = new LinkedHashMap<>();
            for (CataloguePinEntity row : rows) {
                latest.putIfAbsent(row.getListMethod(), pin(row));
            }
            return new ArrayList<>(latest.values());
        } catch (PersistenceException e) {
            throw new IllegalStateException("McpGate catalogue pins: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(Pin pin) {
        try (Connection c = QueryTimeout.bounded(open().dataSource().getConnection());
             PreparedStatement s = c.prepareStatement("INSERT INTO mcp_catalogue_pin (id, endpoint, list_method, "
                     + "version_no, content_hash, item_hashes, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, TimeOrderedIds.next());
            s.setString(2, pin.endpoint());
            s.setString(3, pin.listMethod());
            s.setInt(4, pin.version());
            s.setString(5, pin.contentHash());
            s.setString(6, hashesJson(pin.itemHashes()));
            s.setString(7, pin.decidedBy() == null ? null : BatchWriter.cut(pin.decidedBy(), 255));
            s.setTimestamp(8, java.sql.Timestamp.from(pin.decidedAt()), new GregorianCalendar(TimeZone.getTimeZone("UTC")));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("McpGate catalogue pins: " + e.getMessage(), e);
        }
    }

    private static Pin pin(CataloguePinEntity row) {
        Map<String, String> hashes = new LinkedHashMap<>();
        try (var reader = Json.createReader(new StringReader(row.getItemHashes()))) {
            JsonObject object = reader.readObject();
            object.forEach((name, hash) -> hashes.put(name, ((JsonString) hash).getString()));
        }
        return new Pin(row.getEndpoint(), row.getListMethod(), row.getVersionNo(), row.getContentHash(), hashes,
                row.getDecidedBy(), UtcTime.instant(row.getDecidedAt()));
    }

    private static String hashesJson(Map<String, String> hashes) {
        var object = Json.createObjectBuilder();
        hashes.forEach(object::add);
        return object.build().toString();
    }
}

package dev.mcpgate.schema;

import dev.mcpgate.event.SchemaItemChange;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.TreeSet;

/**
 * The item-by-item differences between two versions of a catalogue. Items are matched by name
 * (the URI for resources): an item only in the newer version is {@code added}, only in the older
 * {@code removed}, in both with different content {@code modified}, with the top-level fields that
 * differ. A rename is therefore a removal plus an addition; when the two have the same contract
 * apart from the name, each carries the other's name as a {@link SchemaItemChange#renameHint()}.
 *
 * <p>Rename detection is bounded: each removed and added item's contract is canonicalised once and
 * matched by equality (linear, not a comparison of every pair), and only while there are at most
 * {@value #MAX_RENAME_CANDIDATES} removed and added items together; beyond that the diff carries
 * no rename hints and says so ({@link Result#renameHintsSkipped()}).
 */
final class CatalogueDiff {

    private static final Comparator<SchemaItemChange> ORDER = Comparator.comparing(SchemaItemChange::name)
            .thenComparing(SchemaItemChange::change);

    /** Most removed plus added items among which renames are looked for. */
    static final int MAX_RENAME_CANDIDATES = 10_000;

    /**
     * The changes, sorted by name, and whether rename hints were left out because too many items
     * were removed and added.
     */
    record Result(List<SchemaItemChange> changes, boolean renameHintsSkipped) {
    }

    private CatalogueDiff() {
    }

    /** Changes from {@code older} (or nothing, for a first version) to {@code newer}. */
    static Result between(CatalogueSnapshot older, CatalogueSnapshot newer) {
        ListKind kind = newer.kind();
        Map<String, CatalogueSnapshot.Item> before = older == null ? Map.of() : older.byName();
        Map<String, CatalogueSnapshot.Item> after = newer.byName();
        List<CatalogueSnapshot.Item> removed = new ArrayList<>();
        List<CatalogueSnapshot.Item> added = new ArrayList<>();
        List<SchemaItemChange> changes = new ArrayList<>();
        for (CatalogueSnapshot.Item old : before.values()) {
            CatalogueSnapshot.Item now = after.get(old.name());
            if (now == null) {
                removed.add(old);
            } else if (!old.canonical().equals(now.canonical())) {
                List<String> fields = changedFields(old.value(), now.value());
                changes.add(new SchemaItemChange(kind.itemKind(), old.name(), SchemaItemChange.MODIFIED, fields,
                        fields.equals(List.of("description")), null));
            }
        }
        for (CatalogueSnapshot.Item now : after.values()) {
            if (!before.containsKey(now.name())) {
                added.add(now);
            }
        }
        boolean hints = !removed.isEmpty() && !added.isEmpty()
                && removed.size() + added.size() <= MAX_RENAME_CANDIDATES;
        Map<String, String> removedByShape = hints ? byShape(kind, removed) : Map.of();
        Map<String, String> addedByShape = hints ? byShape(kind, added) : Map.of();
        for (CatalogueSnapshot.Item old : removed) {
            changes.add(new SchemaItemChange(kind.itemKind(), old.name(), SchemaItemChange.REMOVED, List.of(), false,
                    hints ? addedByShape.get(shape(kind, old.value())) : null));
        }
        for (CatalogueSnapshot.Item now : added) {
            changes.add(new SchemaItemChange(kind.itemKind(), now.name(), SchemaItemChange.ADDED, List.of(), false,
                    hints ? removedByShape.get(shape(kind, now.value())) : null));
        }
        changes.sort(ORDER);
        boolean skipped = !removed.isEmpty() && !added.isEmpty() && !hints;
        return new Result(changes, skipped);
    }

    /** The first item's name (in name order) per contract-without-name. */
    private static Map<String, String> byShape(ListKind kind, List<CatalogueSnapshot.Item> items) {
        Map<String, String> names = new HashMap<>();
        for (CatalogueSnapshot.Item item : items) {
            names.putIfAbsent(shape(kind, item.value()), item.name());
        }
        return names;
    }

    /** The top-level fields whose canonical value differs, appeared or disappeared; sorted. */
    static List<String> changedFields(JsonObject older, JsonObject newer) {
        TreeSet<String> fields = new TreeSet<>();
        for (String field : older.keySet()) {
            if (!same(older.get(field), newer.get(field))) {
                fields.add(field);
            }
        }
        for (String field : newer.keySet()) {
            if (!older.containsKey(field)) {
                fields.add(field);
            }
        }
        return List.copyOf(fields);
    }

    private static boolean same(JsonValue a, JsonValue b) {
        return a != null && b != null && CanonicalJson.of(a).equals(CanonicalJson.of(b));
    }

    private static String shape(ListKind kind, JsonObject value) {
        JsonObject contract = CatalogueSnapshot.contract(kind, value);
        var withoutName = CatalogueSnapshot.JSON.createObjectBuilder(contract);
        withoutName.remove("name");
        if (kind.keyField() != null) {
            withoutName.remove(kind.keyField());
        }
        return CanonicalJson.of(withoutName.build());
    }
}

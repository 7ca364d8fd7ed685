package dev.mcpgate.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One complete catalogue (all pages merged) in canonical form: its items sorted by name, the
 * canonical JSON of the whole list (the stored payload), and its two hashes.
 *
 * <p>The content hash covers every field of every item, descriptions, titles, annotations, icons
 * and item {@code _meta} included; the contract hash covers only the {@link ListKind#contractFields()
 * contract fields} (for prompts, each argument's name and {@code required} flag). Neither covers the
 * answer's envelope ({@code nextCursor}, the result's {@code _meta}) nor the order of the items, so
 * a server that varies those per request does not create versions.
 */
final class CatalogueSnapshot {

    static final JsonProvider JSON = JsonProvider.provider();

    private final ListKind kind;
    private final List<Item> items;
    private final String payload;
    private final String contentHash;
    private final String contractHash;

    /** One item of a catalogue: its name, its value, and the canonical texts of both. */
    record Item(String name, JsonObject value, String canonical, String contract) {
    }

    private CatalogueSnapshot(ListKind kind, List<Item> items) {
        this.kind = kind;
        this.items = List.copyOf(items);
        this.payload = join(items, Item::canonical);
        this.contentHash = CanonicalJson.sha256(payload);
        this.contractHash = CanonicalJson.sha256(join(items, Item::contract));
    }

    /** The snapshot of a merged list of items (JSON objects; anything else in the list is ignored). */
    static CatalogueSnapshot of(ListKind kind, List<? extends JsonValue> values) {
        List<Item> items = new ArrayList<>(values.size());
        for (JsonValue value : values) {
            if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                items.add(item(kind, value.asJsonObject()));
            }
        }
        items.sort(Comparator.comparing(Item::name).thenComparing(Item::canonical));
        return new CatalogueSnapshot(kind, items);
    }

    /** The snapshot of a server's {@code initialize} or {@code server/discover} result. */
    static CatalogueSnapshot ofServer(JsonObject result) {
        JsonObjectBuilder kept = JSON.createObjectBuilder();
        result.forEach((field, value) -> {
            if (!ListKind.VOLATILE_RESULT_FIELDS.contains(field)) {
                kept.add(field, value);
            }
        });
        return new CatalogueSnapshot(ListKind.SERVER, List.of(item(ListKind.SERVER, kept.build())));
    }

    /** A stored payload read back. */
    static CatalogueSnapshot ofPayload(ListKind kind, String payload) {
        try (var reader = JSON.createReader(new StringReader(payload))) {
            JsonArray array = reader.readArray();
            return kind == ListKind.SERVER && array.size() == 1
                    ? new CatalogueSnapshot(kind, List.of(item(kind, array.getJsonObject(0))))
                    : of(kind, array);
        }
    }

    private static Item item(ListKind kind, JsonObject value) {
        return new Item(nameOf(kind, value), value, CanonicalJson.of(value), CanonicalJson.of(contract(kind, value)));
    }

    static String nameOf(ListKind kind, JsonObject value) {
        if (kind == ListKind.SERVER) {
            JsonValue info = value.get("serverInfo");
            if (info instanceof JsonObject serverInfo && serverInfo.get("name") instanceof JsonString name) {
                return name.getString();
            }
            return "server";
        }
        JsonValue key = value.get(kind.keyField());
        return key instanceof JsonString text ? text.getString() : CanonicalJson.of(key == null ? JsonValue.NULL : key);
    }

    /** The contract fields of an item (prompt arguments reduced to name and {@code required}). */
    static JsonObject contract(ListKind kind, JsonObject value) {
        JsonObjectBuilder contract = JSON.createObjectBuilder();
        for (String field : kind.contractFields()) {
            JsonValue v = value.get(field);
            if (v == null) {
                continue;
            }
            if (kind == ListKind.PROMPTS && "arguments".equals(field) && v instanceof JsonArray arguments) {
                v = promptArgumentContract(arguments);
            }
            contract.add(field, v);
        }
        return contract.build();
    }

    private static JsonArray promptArgumentContract(JsonArray arguments) {
        var reduced = JSON.createArrayBuilder();
        for (JsonValue argument : arguments) {
            if (argument instanceof JsonObject a) {
                var kept = JSON.createObjectBuilder();
                if (a.containsKey("name")) {
                    kept.add("name", a.get("name"));
                }
                if (a.containsKey("required")) {
                    kept.add("required", a.get("required"));
                }
                reduced.add(kept);
            } else {
                reduced.add(argument);
            }
        }
        return reduced.build();
    }

    private static String join(List<Item> items, java.util.function.Function<Item, String> part) {
        StringBuilder json = new StringBuilder(items.size() * 128 + 2).append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(part.apply(items.get(i)));
        }
        return json.append(']').toString();
    }

    ListKind kind() {
        return kind;
    }

    List<Item> items() {
        return items;
    }

    /** The items by name (the last one when a server lists a name twice). */
    Map<String, Item> byName() {
        Map<String, Item> map = new LinkedHashMap<>();
        for (Item item : items) {
            map.put(item.name(), item);
        }
        return map;
    }

    /** The canonical JSON array of the items, as stored. */
    String payload() {
        return payload;
    }

    String contentHash() {
        return contentHash;
    }

    String contractHash() {
        return contractHash;
    }
}

package dev.mcpgate.rules;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads a YAML rules file into JSON-P values, so that one reader checks both forms. SnakeYAML Engine
 * reads YAML 1.2 with its core schema ({@code yes} and {@code no} stay strings) and builds only maps, lists
 * and scalars (no classes named by the file). This is the only class that names it: a JSON rules file
 * never loads it.
 */
final class YamlDocument {

    private YamlDocument() {
    }

    /**
     * The file's single document as JSON.
     *
     * @throws IllegalArgumentException with the parser's message (line and column) when it is not YAML,
     *                                  or holds what JSON cannot (a non-string key, a date)
     */
    static JsonValue read(String text) {
        LoadSettings settings = LoadSettings.builder().setAllowDuplicateKeys(false).setMaxAliasesForCollections(50)
                .setLabel("rules").setSchema(new CoreSchema()).build();
        Object document;
        try {
            document = new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        return toJson(document, "");
    }

    private static JsonValue toJson(Object value, String where) {
        if (value == null) {
            return JsonValue.NULL;
        } else if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = Json.createObjectBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("key " + e.getKey() + " at " + pointer(where)
                            + " is not a string");
                }
                object.add(key, toJson(e.getValue(), where + "/" + key));
            }
            return object.build();
        } else if (value instanceof List<?> list) {
            JsonArrayBuilder array = Json.createArrayBuilder();
            for (int i = 0; i < list.size(); i++) {
                array.add(toJson(list.get(i), where + "/" + i));
            }
            return array.build();
        }
        return scalar(value, where);
    }

    private static JsonValue scalar(Object value, String where) {
        if (value instanceof String s) {
            return Json.createValue(s);
        } else if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (value instanceof Integer || value instanceof Long) {
            return Json.createValue(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            return Json.createValue(big);
        } else if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            return Json.createValue(BigDecimal.valueOf(d));
        }
        throw new IllegalArgumentException("the value at " + pointer(where) + " (" + value.getClass().getSimpleName()
                + ") has no JSON form");
    }

    private static String pointer(String where) {
        return where.isEmpty() ? "the top" : where;
    }
}

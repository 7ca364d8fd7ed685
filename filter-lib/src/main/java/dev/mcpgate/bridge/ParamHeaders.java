package dev.mcpgate.bridge;

import dev.mcpgate.protocol.HeaderValues;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code x-mcp-header} annotations of a 2026-07-28 server's tools (SEP-2243), learned from the
 * {@code tools/list} results the bridge relays, so that a legacy client's {@code tools/call} gets the
 * {@code Mcp-Param-*} headers the server checks against the arguments. A legacy client knows nothing of them.
 */
final class ParamHeaders {

    /** The deepest property path followed in an input schema. */
    private static final int MAX_DEPTH = 8;

    /** One annotated argument: where it is in the arguments, and its header name (without the prefix). */
    record Annotated(List<String> path, String header) {
    }

    private final Map<String, List<Annotated>> byTool = new ConcurrentHashMap<>();

    /** Learns the annotations of every tool of a {@code tools/list} result page. */
    void learn(JsonObject listResult) {
        if (!(listResult.get("tools") instanceof JsonArray tools)) {
            return;
        }
        for (JsonValue tool : tools) {
            if (tool instanceof JsonObject t && t.get("name") instanceof JsonString name) {
                List<Annotated> found = new ArrayList<>();
                if (t.get("inputSchema") instanceof JsonObject schema) {
                    collect(schema, new ArrayList<>(), found);
                }
                byTool.put(name.getString(), List.copyOf(found));
            }
        }
    }

    /** The {@code Mcp-Param-*} headers of a call of that tool with those arguments (none for an unknown tool). */
    Map<String, String> headers(String tool, JsonObject arguments) {
        List<Annotated> annotated = tool == null ? null : byTool.get(tool);
        if (annotated == null || annotated.isEmpty() || arguments == null) {
            return Map.of();
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Annotated a : annotated) {
            String value = text(valueAt(arguments, a.path()));
            if (value != null) {
                headers.put("Mcp-Param-" + a.header(), HeaderValues.encode(value));
            }
        }
        return headers;
    }

    private static void collect(JsonObject schema, List<String> path, List<Annotated> found) {
        if (path.size() > MAX_DEPTH || !(schema.get("properties") instanceof JsonObject properties)) {
            return;
        }
        for (Map.Entry<String, JsonValue> property : properties.entrySet()) {
            if (!(property.getValue() instanceof JsonObject child)) {
                continue;
            }
            path.add(property.getKey());
            if (child.get("x-mcp-header") instanceof JsonString header && !header.getString().isEmpty()) {
                found.add(new Annotated(List.copyOf(path), header.getString()));
            }
            collect(child, path, found);
            path.remove(path.size() - 1);
        }
    }

    private static JsonValue valueAt(JsonObject arguments, List<String> path) {
        JsonValue value = arguments;
        for (String step : path) {
            if (!(value instanceof JsonObject object)) {
                return null;
            }
            value = object.get(step);
        }
        return value;
    }

    /** A primitive's header text: a string as it is, an integer in decimal, a boolean in lower case. */
    private static String text(JsonValue value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.isIntegral() ? n.bigIntegerValue().toString() : n.toString();
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value.toString().toLowerCase(Locale.ROOT);
        }
        return null;
    }
}

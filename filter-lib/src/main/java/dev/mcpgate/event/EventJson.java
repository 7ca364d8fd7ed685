package dev.mcpgate.event;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;

/**
 * Renders an event record as one line of JSON: {@code {"type":"request_completed", ...}} with the
 * record's components as fields, enums in lower case, lists as arrays and nested records (the client
 * identity, schema changes) as objects. Off the request path only: it reflects over the record.
 */
public final class EventJson {

    private EventJson() {
    }

    /** The event as a single-line JSON object. */
    public static String toJson(McpEvent event) {
        StringBuilder json = new StringBuilder(256).append("{\"type\":\"").append(typeName(event)).append('"');
        appendComponents((Record) event, json); // every McpEvent is a record
        return json.append('}').toString();
    }

    /** The event's type as its JSON names it, e.g. {@code request_completed}. */
    public static String typeName(McpEvent event) {
        return event.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static void appendComponents(Record record, StringBuilder json) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = valueOf(component, record);
            if (value != null) {
                json.append(",\"").append(component.getName()).append("\":");
                appendValue(value, json);
            }
        }
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static void appendValue(Object value, StringBuilder json) {
        if (value instanceof Number || value instanceof Boolean) {
            json.append(value);
        } else if (value instanceof Enum<?> constant) {
            quote(constant.name().toLowerCase(Locale.ROOT), json);
        } else if (value instanceof java.util.List<?> list) {
            json.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                appendValue(list.get(i), json);
            }
            json.append(']');
        } else if (value instanceof Record nested) {
            json.append('{');
            int start = json.length();
            appendComponents(nested, json);
            if (json.length() > start) {
                json.deleteCharAt(start); // the leading comma of the first field
            }
            json.append('}');
        } else {
            quote(value.toString(), json);
        }
    }

    /** Appends a JSON string literal, escaping what RFC 8259 requires. */
    static void quote(String text, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}

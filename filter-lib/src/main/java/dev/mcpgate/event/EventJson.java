package dev.mcpgate.event;

import dev.mcpgate.redact.LogText;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Renders an event record as one line of JSON: {@code {"type":"request_completed", ...}} with the
 * record's components as fields, enums in lower case, lists as arrays and nested records (the client
 * identity, schema changes) as objects. Off the request path only: it reflects over the record.
 *
 * <p>One line whatever the event holds: besides what JSON requires, DEL, the C1 controls and
 * U+2028/U+2029 are escaped too, since log viewers may take them for line ends
 * ({@link LogText#unsafe}).
 */
public final class EventJson {

    private EventJson() {
    }

    /** The event as a single-line JSON object, session ids in full. */
    public static String toJson(McpEvent event) {
        return toJson(event, UnaryOperator.identity());
    }

    /**
     * The event as a single-line JSON object, every session id (a component named {@code sessionId}
     * or ending in {@code SessionId}) shown as {@code sessionIds} makes it, e.g. a fingerprint.
     */
    public static String toJson(McpEvent event, UnaryOperator<String> sessionIds) {
        StringBuilder json = new StringBuilder(256).append("{\"type\":\"").append(typeName(event)).append('"');
        appendComponents((Record) event, json, sessionIds); // every McpEvent is a record
        return json.append('}').toString();
    }

    /** The event's type as its JSON names it, e.g. {@code request_completed}. */
    public static String typeName(McpEvent event) {
        return event.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    private static void appendComponents(Record record, StringBuilder json, UnaryOperator<String> sessionIds) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = valueOf(component, record);
            if (value instanceof String id && isSessionId(component.getName())) {
                value = sessionIds.apply(id);
            }
            if (value != null) {
                json.append(",\"").append(component.getName()).append("\":");
                appendValue(value, json, sessionIds);
            }
        }
    }

    private static boolean isSessionId(String name) {
        return name.equals("sessionId") || name.endsWith("SessionId");
    }

    private static Object valueOf(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    private static void appendValue(Object value, StringBuilder json, UnaryOperator<String> sessionIds) {
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
                appendValue(list.get(i), json, sessionIds);
            }
            json.append(']');
        } else if (value instanceof Record nested) {
            json.append('{');
            int start = json.length();
            appendComponents(nested, json, sessionIds);
            if (json.length() > start) {
                json.deleteCharAt(start); // the leading comma of the first field
            }
            json.append('}');
        } else {
            quote(value.toString(), json);
        }
    }

    /** Appends a JSON string literal, escaping what RFC 8259 requires and what a log line must not hold. */
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
                    if (LogText.unsafe(c)) {
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

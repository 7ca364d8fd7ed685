package dev.mcpgate.it;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * One event as {@code /test-events} reports it: the record's components by name, plus
 * {@code type}, {@code observedOn} (the observer's thread) and {@code inBatch}.
 */
public record RecordedEvent(JsonObject json) {

    public static final String REQUEST_COMPLETED = "RequestCompleted";
    public static final String SESSION_STARTED = "SessionStarted";
    public static final String SESSION_ENDED = "SessionEnded";
    public static final String HEARTBEAT = "Heartbeat";

    public String type() {
        return json.getString("type");
    }

    public boolean is(String type) {
        return type().equals(type);
    }

    /** A text component, or {@code null} when it is null or absent. */
    public String text(String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString s ? s.getString() : null;
    }

    /** A number component, or {@code null} when it is null or absent. */
    public Long number(String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonNumber n ? n.longValue() : null;
    }

    public boolean flag(String name) {
        return json.getBoolean(name, false);
    }

    public String sessionId() {
        return text("sessionId");
    }

    public String mcpMethod() {
        return text("mcpMethod");
    }

    public String httpMethod() {
        return text("httpMethod");
    }

    public String jsonRpcId() {
        return text("jsonRpcId");
    }

    /** The client identity's name, or {@code null}. */
    public String clientName() {
        return clientField("name");
    }

    public String clientVersion() {
        return clientField("version");
    }

    private String clientField(String field) {
        JsonValue client = json.get("client");
        if (client instanceof JsonObject object && object.get(field) instanceof JsonString s) {
            return s.getString();
        }
        return null;
    }

    @Override
    public String toString() {
        return json.toString();
    }
}

package dev.mcpgate.launcher;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonPatch;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * The difference between the answer a tape recorded and the one a replay got: both as
 * {@code {"status": <HTTP status>, "result": ...}} or {@code {"status": ..., "error": ...}}, compared with
 * JSON-P's {@link Json#createDiff} (RFC 6902: what turns the recorded answer into the replayed one).
 */
final class AnswerDiff {

    private AnswerDiff() {
    }

    /** The answer a tape line recorded. */
    static JsonObject recorded(JsonObject line) {
        return answer(line.getInt("status", 0), line.getJsonObject("result"), line.getJsonObject("error"));
    }

    /** An answer as compared: the HTTP status and the result or the error. */
    static JsonObject answer(int status, JsonObject result, JsonObject error) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("status", status);
        if (error != null) {
            b.add("error", error);
        } else if (result != null) {
            b.add("result", result);
        }
        return b.build();
    }

    /** The patch from the recorded answer to the replayed one; empty when they are equal. */
    static JsonPatch diff(JsonObject recorded, JsonObject replayed) {
        return Json.createDiff(recorded, replayed);
    }

    /**
     * The patch as lines a person reads: {@code replace /result/content/0/text: "a" -> "b"},
     * {@code add /result/x: 1}, {@code remove /error: {"code":...}}.
     */
    static List<String> describe(JsonPatch patch, JsonObject recorded) {
        List<String> lines = new ArrayList<>();
        for (JsonValue value : patch.toJsonArray()) {
            JsonObject op = value.asJsonObject();
            String path = op.getString("path");
            String kind = op.getString("op");
            String was = kind.equals("add") ? null : String.valueOf(valueAt(recorded, path));
            lines.add(switch (kind) {
                case "replace" -> "replace " + path + ": " + was + " -> " + op.get("value");
                case "add" -> "add " + path + ": " + op.get("value");
                case "remove" -> "remove " + path + ": " + was;
                default -> op.toString();
            });
        }
        return lines;
    }

    private static JsonValue valueAt(JsonObject document, String path) {
        try {
            return Json.createPointer(path).getValue(document);
        } catch (RuntimeException e) {
            return null;
        }
    }
}

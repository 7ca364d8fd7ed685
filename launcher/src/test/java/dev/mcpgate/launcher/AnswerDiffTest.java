package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerDiffTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void equalAnswersHaveAnEmptyPatch() {
        JsonObject line = json("{\"status\":200,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}}");
        JsonObject replayed = AnswerDiff.answer(200, json("{\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}"), null);
        assertTrue(AnswerDiff.diff(AnswerDiff.recorded(line), replayed).toJsonArray().isEmpty());
    }

    @Test
    void aChangedValueAndAnErrorInsteadOfAResultAreDescribedByPointer() {
        JsonObject recorded = AnswerDiff.recorded(json("{\"status\":200,\"result\":{\"text\":\"a\",\"n\":1}}"));
        JsonObject replayed = AnswerDiff.answer(200, json("{\"text\":\"b\",\"n\":1,\"extra\":true}"), null);
        List<String> changes = AnswerDiff.describe(AnswerDiff.diff(recorded, replayed), recorded);
        assertTrue(changes.contains("replace /result/text: \"a\" -> \"b\""), changes.toString());
        assertTrue(changes.contains("add /result/extra: true"), changes.toString());

        JsonObject failed = AnswerDiff.answer(403, null, json("{\"code\":-32001,\"message\":\"denied\"}"));
        List<String> other = AnswerDiff.describe(AnswerDiff.diff(recorded, failed), recorded);
        assertTrue(other.contains("replace /status: 200 -> 403"), other.toString());
        assertTrue(other.contains("remove /result: {\"text\":\"a\",\"n\":1}"), other.toString());
        assertTrue(other.stream().anyMatch(c -> c.startsWith("add /error: ")), other.toString());
        assertEquals(3, other.size(), other.toString());
    }
}

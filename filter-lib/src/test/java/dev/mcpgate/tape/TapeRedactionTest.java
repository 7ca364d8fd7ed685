package dev.mcpgate.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class TapeRedactionTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void authorizationAndCookieAreAlwaysRedactedAndHeaderNamesIgnoreCase() {
        TapeRedaction redaction = TapeRedaction.parse("X-Api-Key");
        assertTrue(redaction.redactsHeader("AUTHORIZATION"));
        assertTrue(redaction.redactsHeader("cookie"));
        assertTrue(redaction.redactsHeader("x-api-key"));
        assertFalse(redaction.redactsHeader("Mcp-Method"));
        assertTrue(TapeRedaction.defaults().redactsHeader("Authorization"));
    }

    @Test
    void pointersReplaceTheValuesTheyFindAndIgnoreAbsentOnes() {
        TapeRedaction redaction = TapeRedaction.parse(
                "/params/arguments/password, /result/structuredContent/token,/error/data/secret");
        JsonObject line = json("""
                {"method":"tools/call","params":{"name":"login","arguments":{"user":"ann","password":"s3cret"}},\
                "result":{"content":[],"structuredContent":{"token":{"value":"abc"}}}}""");
        JsonObject out = redaction.apply(line);
        assertEquals("[redacted]", out.getValue("/params/arguments/password").toString().replace("\"", ""));
        assertEquals("ann", out.getValue("/params/arguments/user").toString().replace("\"", ""));
        assertEquals(Json.createValue("[redacted]"), out.getValue("/result/structuredContent/token"));
        assertFalse(out.containsKey("error"));
    }

    @Test
    void aLineWithoutTheRedactedMembersIsReturnedUnchanged() {
        JsonObject line = json("{\"method\":\"ping\",\"params\":{}}");
        assertSame(line, TapeRedaction.parse("/params/arguments/password").apply(line));
    }

    @Test
    void everyInvalidEntryIsNamedInOneMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TapeRedaction.parse("/method,Bad Header,/params/ok,/result/a~2b"));
        assertTrue(e.getMessage().contains("'/method' must point into /params/, /result/ or /error/"), e.getMessage());
        assertTrue(e.getMessage().contains("'Bad Header' is neither a header name nor a JSON Pointer"), e.getMessage());
        assertTrue(e.getMessage().contains("'/result/a~2b' is not a JSON Pointer"), e.getMessage());
        assertFalse(e.getMessage().contains("/params/ok"), e.getMessage());
    }
}

package dev.mcpgate.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RFC 8785 (JCS) canonical JSON: the RFC's own examples, with hashes computed outside Java
 * ({@code printf '%s' '<canonical text>' | sha256sum}).
 */
class CanonicalJsonTest {

    private static final JsonProvider JSON = JsonProvider.provider();

    private static JsonValue parse(String json) {
        try (var reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private static String canonical(String json) {
        return CanonicalJson.of(parse(json));
    }

    @Test
    void rfc8785SampleIsCanonicalisedAndHashedAsKnown() {
        String input = "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]}";
        String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";
        assertEquals(expected, canonical(input));
        assertEquals("2d5e01a318d0f0879ab568c4be289c8b1f64ef8921a53c6277d5e069978baacb",
                CanonicalJson.sha256(canonical(input)));
    }

    @Test
    void keyOrderAndWhitespaceDoNotChangeTheHash() {
        String a = "[{\"name\":\"echo\",\"description\":\"Returns the text.\",\"inputSchema\":{\"type\":\"object\","
                + "\"properties\":{\"text\":{\"type\":\"string\"}}}}]";
        String b = "[ { \"inputSchema\" : { \"properties\" : { \"text\" : { \"type\" : \"string\" } }, "
                + "\"type\" : \"object\" }, \"name\" : \"echo\", \"description\" : \"Returns the text.\" } ]";
        assertEquals(canonical(a), canonical(b));
        assertEquals("4f7b7a56120dd11e4798a823867cc17f869aa3c250334f12400adc201bdde130", CanonicalJson.sha256(canonical(a)));
    }

    @Test
    void numberSpellingsAndUnicodeEscapesAreOneValue() {
        String plain = "{\"b\":[1,2.5,1e21],\"a\":\"\u00e9\"}";
        String spelled = "{\"a\":\"\\u00e9\",\"b\":[1.0,25e-1,1000000000000000000000]}";
        assertEquals("{\"a\":\"\u00e9\",\"b\":[1,2.5,1e+21]}", canonical(plain));
        assertEquals(canonical(plain), canonical(spelled));
        assertEquals("3eb2ecc4b115d02e446c64148899e44f962f5be0d09248649699584240c32b4d",
                CanonicalJson.sha256(canonical(spelled)));
    }

    @Test
    void keysSortByUtf16CodeUnitsAndNoUnicodeNormalisationHappens() {
        // RFC 8785 3.2.3: "\r" < "1" < "\u0080" < "\u00f6" < "\u20ac" < "\ud83d\ude00" < "\ufb33"
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        String canonical = canonical(input);
        String[] order = {"\\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"};
        int position = -1;
        for (String key : order) {
            int at = canonical.indexOf("\"" + key + "\"");
            assertEquals(true, at > position, key + " in order in " + canonical);
            position = at;
        }
        // NFC "é" and NFD "e" + combining acute stay different strings, as in JCS
        assertNotEquals(canonical("\"\u00e9\""), canonical("\"e\u0301\""));
    }

    @Test
    void controlCharactersAreEscapedInLowerCaseAndSolidusIsNot() {
        assertEquals("\"\\u001f\\b\\f\\t/\u2028\"", canonical("\"\\u001F\\b\\f\\t\\/\\u2028\""));
    }

    /** RFC 8785 Appendix B: IEEE-754 bit patterns and their ECMAScript text. */
    @ParameterizedTest
    @CsvSource({
            "0000000000000000, 0",
            "8000000000000000, 0",
            "0000000000000001, 5e-324",
            "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308",
            "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992",
            "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000",
            "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23",
            "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000",
            "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21",
            "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
            "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332",
            "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333",
            "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343",
            "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2"})
    void numbersAreWrittenAsEcmaScriptDoes(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertEquals(expected, CanonicalJson.number(value));
    }

    @Test
    void nanAndInfinityAreNotJson() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.number(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.number(Double.POSITIVE_INFINITY));
    }
}

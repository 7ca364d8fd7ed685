package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BracketsTest {

    private static boolean closedAsBytes(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return Brackets.allClosed(bytes, 0, bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":[1,{\"b\":[]}]}", "{\"a\":\"{[\"}", "{\"a\":\"\\\"}\"}", "{\"a\":\"\\\\\"}",
        "{\"\u00e9\u5929\":[\"\uD83D\uDE00\"]}", "x", ""})
    void closedTextIsClosed(String json) {
        assertTrue(closedAsBytes(json));
        assertTrue(Brackets.allClosed(json, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":[1,2}", "{\"a\":\"}\"", "{\"a\":\"x", "{\"a\":\"x\\", "{\"a\":\"\\\"}",
        "{}}", "{]", "[", "{\"a\":{}}]"})
    void textThatEndsInsideAValueOrOverclosesIsNot(String json) {
        assertFalse(closedAsBytes(json));
        assertFalse(Brackets.allClosed(json, 0));
    }

    @Test
    void onlyTheGivenRangeIsScanned() {
        byte[] bytes = "[[{}]]".getBytes(StandardCharsets.US_ASCII);
        assertTrue(Brackets.allClosed(bytes, 2, 4));
        assertFalse(Brackets.allClosed(bytes, 0, 4));
        assertTrue(Brackets.allClosed("xx{}", 2));
        assertFalse(Brackets.allClosed("{x}", 1));
    }

    @Test
    void bytesAboveAsciiNeverCount() {
        byte[] bytes = new byte[256];
        for (int b = 0x80; b < 0x100; b++) {
            bytes[b] = (byte) b; // masked to seven bits, 0xFB would be '{' and 0xDD ']'
        }
        assertTrue(Brackets.allClosed(bytes, 0x80, 0x100));
    }

    @Test
    void bytesAndCharsAgree() {
        Random random = new Random(5L);
        char[] alphabet = "{}[]\"\\a\u00e9".toCharArray();
        for (int i = 0; i < 10_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(20);
            for (int c = 0; c < length; c++) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String json = text.toString();
            assertEquals(Brackets.allClosed(json, 0), closedAsBytes(json), json);
        }
    }
}

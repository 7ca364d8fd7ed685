package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Brackets#matchingClose}: where the value {@link JsonCursor} steps over ends. */
class BracketsTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theCloseIsFoundOutsideStrings() {
        byte[] bytes = utf8("{\"a\":\"}]\\\"{[\\\\\",\"b\":[1,{\"c\":\"\u00e9\"}]} tail");
        int close = Brackets.matchingClose(bytes, 0, bytes.length, 10);
        assertEquals('}', bytes[close]);
        assertEquals(" tail", new String(bytes, close + 1, bytes.length - close - 1, StandardCharsets.UTF_8));
        assertEquals(7, Brackets.matchingClose(utf8("[1,[2],3]"), 3, 9, 10) + 2);
    }

    @Test
    void noCloseIsMinusOne() {
        assertEquals(-1, Brackets.matchingClose(utf8("{\"a\":[1,2}"), 0, 10, 10)); // wrong kind
        assertEquals(-1, Brackets.matchingClose(utf8("{\"a\":[1,2]"), 0, 10, 10)); // cut short
        assertEquals(-1, Brackets.matchingClose(utf8("{\"a\":\"}"), 0, 7, 10)); // inside a string
        assertEquals(-1, Brackets.matchingClose(utf8("{\"a\":\"\\\"}"), 0, 9, 10)); // escaped quote
        assertEquals(-1, Brackets.matchingClose(utf8("[[[[]]]]"), 0, 8, 3)); // too deep
        assertEquals(7, Brackets.matchingClose(utf8("[[[[]]]]"), 0, 8, 4));
        String deep = "[".repeat(100) + "]".repeat(100);
        assertEquals(199, Brackets.matchingClose(utf8(deep), 0, 200, 500));
        assertEquals(-1, Brackets.matchingClose(utf8("[".repeat(100) + "]".repeat(99) + "}"), 0, 200, 500));
    }

    @Test
    void longStringsAreFollowedWhereverTheirQuotesAndEscapesFall() {
        for (int at = 0; at < 24; at++) {
            for (String special : new String[] {"\\\"", "\\\\", "]", "\u00e9\uD83D\uDE00", "}"}) {
                String inside = "a".repeat(at) + special + "b".repeat(24 - at);
                String json = "[\"" + inside + "\",{\"k\":\"" + inside + "\"}]";
                byte[] bytes = utf8(json);
                assertEquals(bytes.length - 1, Brackets.matchingClose(bytes, 0, bytes.length, 10), json);
                assertEquals(-1, Brackets.matchingClose(bytes, 0, bytes.length - 1, 10), json);
            }
        }
    }

    @Test
    void bytesAboveAsciiNeverCount() {
        byte[] bytes = new byte[0x82];
        bytes[0] = '[';
        for (int b = 0x80; b < 0x100; b++) {
            bytes[b - 0x7F] = (byte) b; // masked to seven bits, 0xFB would be '{' and 0xDD ']'
        }
        bytes[0x81] = ']';
        assertEquals(0x81, Brackets.matchingClose(bytes, 0, bytes.length, 10));
    }
}

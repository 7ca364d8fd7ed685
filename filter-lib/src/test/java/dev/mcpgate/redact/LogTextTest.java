package dev.mcpgate.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void lineBreaksOfEveryKindAreEscaped() {
        assertEquals("x\\n12:00 SEVERE forged", LogText.escape("x\n12:00 SEVERE forged"));
        assertEquals("a\\rb\\tc", LogText.escape("a\rb\tc"));
        assertEquals("a\\u2028b\\u2029c", LogText.escape("a\u2028b\u2029c"));
        assertEquals("next\\u0085line", LogText.escape("next\u0085line"));
        assertEquals("\\u000b\\u000c\\u0000\\u001b[31m\\u007f\\u009b", LogText.escape("\u000b\u000c\u0000\u001b[31m\u007f\u009b"));
    }

    @Test
    void aBackslashIsDoubledSoThatEscapesCannotBeForged() {
        assertEquals("a\\\\nb", LogText.escape("a\\nb"));
    }

    @Test
    void ordinaryTextIsTheSameString() {
        String text = "tools/call échec 東京 🚀";
        assertSame(text, LogText.escape(text));
        assertEquals("null", LogText.escape(null));
        assertEquals("42", LogText.escape(42));
    }

    @Test
    void everyUnsafeCharacterLeavesNoRawControlBehind() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        String escaped = LogText.escape(all.toString());
        assertTrue(escaped.chars().noneMatch(c -> LogText.unsafe((char) c)), "no control character left");
        assertEquals(1, escaped.lines().count());
    }
}

package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoredTextTest {

    @Test
    void cleanTextIsReturnedAsItIs() {
        String value = "tools/call café 😀";
        assertSame(value, StoredText.clean(value, 100));
        assertNull(StoredText.clean(null, 10));
    }

    @Test
    void nulLoneSurrogatesAndNoncharactersBecomeTheReplacementCharacter() {
        assertEquals("x\uFFFD", StoredText.clean("x\u0000", 100));
        assertEquals("\uFFFDa\uFFFD", StoredText.clean("\uD800a\uDC00", 100), "lone high and low surrogates");
        assertEquals("a\uFFFD", StoredText.clean("a\uD83D", 100), "a high surrogate at the end");
        assertEquals("\uFFFD\uFFFD\uFFFD", StoredText.clean("\uFFFE\uFFFF\uFDD0", 100), "BMP noncharacters");
        assertEquals("\uFFFD", StoredText.clean(new String(Character.toChars(0x10FFFF)), 100),
                "a supplementary-plane noncharacter (two UTF-16 units) becomes one");
        assertEquals("\t\n\u007f\uFFFD", StoredText.clean("\t\n\u007f\u0000", 100),
                "other control characters are valid text and stay");
    }

    @Test
    void valuesAreCutToTheWidthAtACodePointBoundary() {
        assertEquals("abc", StoredText.clean("abcdef", 3));
        String emoji = "😀"; // two UTF-16 units
        assertEquals("a", StoredText.clean("a" + emoji, 2), "a pair that does not fit is left out whole");
        assertEquals("a" + emoji, StoredText.clean("a" + emoji + "b", 3));
        assertEquals("\uFFFD\uFFFD", StoredText.clean("\u0000\u0000\u0000", 2));
        String cut = StoredText.clean("é".repeat(300), 200);
        assertEquals(200, cut.length());
    }

    @Test
    void sessionIdsTheSpecificationAllowsAreStoredAsTheyAre() {
        String id = "!~".repeat(100); // 200 visible ASCII characters
        assertSame(id, StoredText.sessionKey(id));
        assertNull(StoredText.sessionKey(null));
    }

    @Test
    void longOrOddSessionIdsGetADistinctKeyThatFitsTheColumn() {
        String common = "s".repeat(200);
        String a = StoredText.sessionKey(common + "a");
        String b = StoredText.sessionKey(common + "b");
        assertNotEquals(a, b, "ids sharing their first 200 characters stay apart");
        assertTrue(a.length() <= StoredText.SESSION_ID_WIDTH, a);
        assertTrue(a.startsWith("s".repeat(100)), "a readable prefix");
        assertEquals(a, StoredText.sessionKey(common + "a"), "the same id, the same key");
        assertTrue(a.contains(" "), "no stored-as-is id contains a space");
        // ids that clean to the same text stay apart too
        assertNotEquals(StoredText.sessionKey("x\u0000"), StoredText.sessionKey("x\uFFFD"));
        assertNotEquals(StoredText.sessionKey("x\uD800"), StoredText.sessionKey("x\uD801"),
                "lone surrogates are hashed as UTF-16, not as lossy UTF-8");
        assertEquals(-1, StoredText.sessionKey("x\u0000").indexOf('\u0000'));
    }

    @Test
    void otherKeysKeepCleanValuesThatFitAndHashTheRest() {
        assertSame("p:alice|café", StoredText.key("p:alice|café", 500));
        String longKey = StoredText.key("p:" + "x".repeat(600), 500);
        assertTrue(longKey.length() <= 500);
        assertNotEquals(longKey, StoredText.key("p:" + "x".repeat(601), 500));
    }
}

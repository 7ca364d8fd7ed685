package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonValueEndTest {

    private static final String BODY =
            " \n{\"jsonrpc\":\"2.0\",\"id\":\"a}\\\"]\",\"error\":{\"code\":-1,\"message\":\"{[ \\\\\"},\"x\":[1,{\"y\":[]}]}";

    @Test
    void findsTheCloseOfTheTopLevelObjectFedOneByteAtATimeIgnoringBracketsInStrings() {
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        JsonValueEnd end = new JsonValueEnd();
        for (int i = 0; i < bytes.length; i++) {
            assertFalse(end.closed(), "closed early at byte " + i);
            end.feed(bytes, i, 1);
        }
        assertTrue(end.closed());
        assertFalse(end.notContainer());
    }

    @Test
    void charactersAndBytesAgreeAndWhatFollowsTheCloseIsNotRead() {
        JsonValueEnd chars = new JsonValueEnd();
        chars.feed(BODY + " trailing {", 0, BODY.length() + 11);
        assertTrue(chars.closed());
        JsonValueEnd array = new JsonValueEnd();
        char[] start = "\uFEFF[{\"a\":\"]\"}".toCharArray();
        array.feed(start, 0, start.length);
        assertFalse(array.closed());
        array.feed("]", 0, 1);
        assertTrue(array.closed());
    }

    @Test
    void aScalarOrTextIsNoContainerAtItsFirstCharacter() {
        for (String text : new String[] {"<html>", "\"text\"", "42", "Session not found", "null"}) {
            JsonValueEnd end = new JsonValueEnd();
            end.feed(text, 0, 1);
            assertTrue(end.notContainer(), text);
            assertTrue(end.decided());
        }
        JsonValueEnd blank = new JsonValueEnd();
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, ' ', '\r', '\n'};
        blank.feed(bom, 0, bom.length);
        assertFalse(blank.started());
        assertEquals(false, blank.decided());
    }
}

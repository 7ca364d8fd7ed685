package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ArrayReaderTest {

    /** Reads everything, asking for between 1 and {@code maxRead} chars at a time. */
    private static String readAll(byte[] bytes, int offset, int length, Random random, int maxRead) {
        Utf8ArrayReader reader = new Utf8ArrayReader(bytes, offset, length);
        StringBuilder text = new StringBuilder();
        char[] buffer = new char[maxRead + 2];
        int count;
        while ((count = reader.read(buffer, 1, 1 + random.nextInt(maxRead))) != -1) {
            text.append(buffer, 1, count);
        }
        return text.toString();
    }

    @Test
    void decodesLikeTheJdkForValidText() {
        String text = "plain ASCII, \u00e9t\u00e9, \u5929\u6c14, \uD83D\uDE00\uD83C\uDF89 and \u0000";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(text, readAll(bytes, 0, bytes.length, new Random(1L), 4096));
        assertEquals(text, readAll(bytes, 0, bytes.length, new Random(2L), 1));
    }

    @Test
    void surrogatePairIsHandedOverOneCharAtATime() {
        byte[] bytes = "\uD83D\uDE00".getBytes(StandardCharsets.UTF_8);
        Utf8ArrayReader reader = new Utf8ArrayReader(bytes, 0, bytes.length);
        char[] one = new char[1];
        assertEquals(1, reader.read(one, 0, 1));
        assertEquals('\uD83D', one[0]);
        assertEquals(1, reader.read(one, 0, 1));
        assertEquals('\uDE00', one[0]);
        assertEquals(-1, reader.read(one, 0, 1));
    }

    @Test
    void emptyInputEndsAtOnce() {
        assertEquals(-1, new Utf8ArrayReader(new byte[0], 0, 0).read(new char[4], 0, 4));
        assertEquals(0, new Utf8ArrayReader(new byte[1], 0, 1).read(new char[4], 0, 0));
    }

    @Test
    void malformedBytesBecomeTheSameReplacementCharsAsInTheJdk() {
        Random random = new Random(17L);
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                for (int b = 0; b < bytes.length; b++) {
                    bytes[b] = (byte) (0x80 | bytes[b]); // mostly lead and continuation bytes
                }
            }
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = bytes.length - offset;
            String expected = new String(bytes, offset, length, StandardCharsets.UTF_8);
            assertEquals(expected, readAll(bytes, offset, length, random, 1 + random.nextInt(8)));
        }
    }
}

package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    private static String encoded(CopyText text) {
        return new String(text.bytes(), 0, text.length(), StandardCharsets.UTF_8);
    }

    @Test
    void columnsAreTabSeparatedRowsNewlineEndedAndNullIsBackslashN() {
        CopyText text = new CopyText();
        text.text("a");
        text.text(null);
        text.number(42L);
        text.number((Integer) null);
        text.bool(true);
        text.bool(false);
        text.endRow();
        text.text("b");
        text.endRow();
        assertEquals("a\t\\N\t42\t\\N\tt\tf\nb\n", encoded(text));
    }

    @Test
    void backslashTabNewlineAndCarriageReturnAreEscapedAndNothingElse() {
        CopyText text = new CopyText();
        text.text("a\\b\tc\nd\re \\N \\. 'q' \"d\" ,;|");
        text.endRow();
        assertEquals("a\\\\b\\tc\\nd\\re \\\\N \\\\. 'q' \"d\" ,;|\n", encoded(text));
    }

    @Test
    void textIsUtf8IncludingSupplementaryCharacters() {
        CopyText text = new CopyText();
        String value = "é東😀\uFFFD";
        text.text(value);
        assertEquals(value, encoded(text));
        assertEquals(value.getBytes(StandardCharsets.UTF_8).length, text.length());
    }

    @Test
    void numbersAtTheirLimits() {
        CopyText text = new CopyText();
        text.number(Long.MIN_VALUE);
        text.number(Long.MAX_VALUE);
        text.number(0L);
        text.number(-7L);
        text.number(Integer.valueOf(-32601));
        assertEquals(Long.MIN_VALUE + "\t" + Long.MAX_VALUE + "\t0\t-7\t-32601", encoded(text));
    }

    @Test
    void timestampsAreUtcWallClockRoundedHalfUpToTheMicrosecond() {
        CopyText text = new CopyText();
        text.timestamp(Instant.parse("2026-12-01T23:59:59.999999500Z"));
        text.timestamp(Instant.parse("2026-12-01T23:59:59.999999499Z"));
        text.timestamp(Instant.parse("0999-01-02T03:04:05Z"));
        text.timestamp(null);
        assertEquals("2026-12-02 00:00:00.000000\t2026-12-01 23:59:59.999999\t0999-01-02 03:04:05.000000\t\\N",
                encoded(text));
    }

    @Test
    void theBufferGrowsPastItsFirstCapacityAndResetEmptiesIt() {
        CopyText text = new CopyText();
        String big = "x".repeat(100_000);
        text.text(big);
        text.text(big);
        assertEquals(big + "\t" + big, encoded(text));
        text.reset();
        text.text("y");
        assertEquals("y", encoded(text));
    }
}

package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpreadTest {

    @Test
    void medianOfAnOddNumberOfValuesIsTheMiddleOne() {
        Spread s = Spread.of(List.of(9.0, 1.0, 5.0));
        assertEquals(5.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(9.0, s.max());
    }

    @Test
    void medianOfAnEvenNumberOfValuesIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Spread.of(List.of(4.0, 1.0, 3.0, 2.0)).median());
    }

    @Test
    void quartilesInterpolateBetweenNeighboursLikeRType7() {
        // sorted 1..7: q1 at position 1.5 -> 2.5, q3 at position 4.5 -> 5.5
        Spread s = Spread.of(List.of(7.0, 1.0, 6.0, 2.0, 5.0, 3.0, 4.0));
        assertEquals(2.5, s.q1(), 1e-12);
        assertEquals(5.5, s.q3(), 1e-12);
        assertEquals(4.0, s.median(), 1e-12);
    }

    @Test
    void oneValueIsItsOwnSpreadAndPrintsWithoutBrackets() {
        Spread s = Spread.of(List.of(42.25));
        assertEquals(42.25, s.q1());
        assertEquals(42.25, s.q3());
        assertEquals("42.3", s.format(1));
    }

    @Test
    void formatPutsMinAndMaxNextToTheMedian() {
        assertEquals("2.0 [1.0..9.5]", Spread.of(List.of(1.0, 2.0, 9.5)).format(1));
    }

    @Test
    void failedProbesAreLeftOutAndNoneLeftIsNaNAndNullInJson() {
        assertEquals(3.0, Spread.of(List.of(Double.NaN, 3.0)).median());
        Spread none = Spread.of(List.of(Double.NaN));
        assertEquals(0, none.n());
        assertEquals(Double.NaN, none.median());
        assertNull(none.json(1).get("min"));
    }
}

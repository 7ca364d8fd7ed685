package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionCheckTest {

    @Test
    void passesWhenTheMedianRatioStaysWithinTheBound() {
        RegressionCheck.Verdict v = RegressionCheck.judge(List.of(1.2, 1.9, 1.3), 1.6, "test");
        assertTrue(v.passed()); // one outlier above the bound does not fail it: the median is 1.3
        assertEquals(1.3, v.spread().median());
    }

    @Test
    void failsWhenTheMedianRatioExceedsTheBound() {
        RegressionCheck.Verdict v = RegressionCheck.judge(List.of(1.7, 1.9, 1.3), 1.6, "test");
        assertFalse(v.passed());
        assertTrue(v.line().contains("EXCEEDED"), v.line());
        assertTrue(v.line().contains("bench.check.cpu-ratio"), v.line());
    }

    @Test
    void failsWhenThereIsNoRatioToJudge() {
        assertFalse(RegressionCheck.judge(List.of(), 1.6, "test").passed());
        assertFalse(RegressionCheck.judge(List.of(Double.NaN), 1.6, "test").passed());
    }

    @Test
    void theBoundMustBeAPositiveNumberAndTheErrorNamesTheProperty() {
        assertEquals(1.25, RegressionCheck.bound("1.25"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RegressionCheck.bound("x")).getMessage()
                .contains(RegressionCheck.PROPERTY));
        assertThrows(IllegalArgumentException.class, () -> RegressionCheck.bound("0"));
    }

    @Test
    void resultsJsonCarriesTheCommandTheBoundAndEveryRatio() {
        var json = RegressionCheck.judge(List.of(1.21, 1.3), 1.6, "test").json("mvn ...");
        assertEquals("mvn ...", json.get("command"));
        assertEquals(1.6, json.get("bound"));
        assertEquals(List.of(1.21, 1.3), json.get("ratios_per_rep"));
        assertEquals(true, json.get("passed"));
    }
}

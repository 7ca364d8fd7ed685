package dev.mcpgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenLoopTest {

    private static Map<String, Double> closed() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("floor", 21_320.0);
        m.put("bare", 12_244.0);
        m.put("gateway-proxied", 2_687.0);
        return m;
    }

    @Test
    void autoRateIsTheFractionOfTheSlowestConfigurationsThroughput() {
        OpenLoop.Rate r = OpenLoop.choose("auto", "0.5", closed());
        assertEquals(1343, r.perSecond());
        assertTrue(r.source().contains("gateway-proxied"), r.source());
    }

    @Test
    void anExplicitRateWins() {
        OpenLoop.Rate r = OpenLoop.choose("2000", "0.5", closed());
        assertEquals(2000, r.perSecond());
        assertEquals("bench.rate=2000", r.source());
    }

    @Test
    void aConfigurationWithoutThroughputDoesNotSetTheRate() {
        Map<String, Double> m = closed();
        m.put("broken", Double.NaN);
        m.put("none", 0.0);
        assertEquals(1343, OpenLoop.choose("auto", "0.5", m).perSecond());
    }

    @Test
    void invalidSettingsNameTheProperty() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OpenLoop.choose("fast", "0.5", closed()))
                .getMessage().contains("bench.rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OpenLoop.choose("-5", "0.5", closed()))
                .getMessage().contains("bench.rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OpenLoop.choose("auto", "1.5", closed()))
                .getMessage().contains("bench.rate.fraction"));
        assertThrows(IllegalArgumentException.class, () -> OpenLoop.choose("auto", "0.5", Map.of()));
    }

    @Test
    void aRunKeptTheRateWhenItAchievedAtLeast95Percent() {
        assertTrue(OpenLoop.keptRate(950, 1000));
        assertFalse(OpenLoop.keptRate(949, 1000));
    }
}

package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    private static final double[] QS = {0.0, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1.0};

    /** SQL's percentile_cont over sorted values. */
    private static double percentileCont(long[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    private static long[] lognormal(Random random, int n, double medianMicros, double sigma) {
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.round(medianMicros * Math.exp(sigma * random.nextGaussian()));
        }
        return values;
    }

    @Test
    void everyLatencyIsWithinTwoPercentOfTheValueItsBucketStandsFor() {
        for (long v = 2; v < 100_000_000_000L; v = v + 1 + v / 97) {
            double value = LatencyHistogram.value(LatencyHistogram.bucket(v));
            assertTrue(Math.abs(value - v) <= LatencyHistogram.RELATIVE_ERROR * v * (1 + 1e-9),
                    v + " stands as " + value);
        }
        assertEquals(0, LatencyHistogram.bucket(0));
        assertEquals(0, LatencyHistogram.bucket(1));
    }

    @Test
    void percentilesAreWithinTwoPercentOfPercentileCont() {
        Random random = new Random(15);
        for (int round = 0; round < 20; round++) {
            long[] values = lognormal(random, 1 + random.nextInt(20_000), 2_000 + random.nextInt(200_000),
                    0.2 + random.nextDouble() * 2);
            LatencyHistogram h = new LatencyHistogram();
            for (long v : values) {
                h.record(v);
            }
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            for (double q : QS) {
                double exact = percentileCont(sorted, q);
                double estimate = h.percentile(q);
                assertTrue(Math.abs(estimate - exact) <= LatencyHistogram.RELATIVE_ERROR * exact + 1,
                        "q=" + q + " exact " + exact + " estimate " + estimate + " n=" + values.length);
            }
        }
    }

    @Test
    void mergedHoursGiveTheHistogramOfAllTheirLatencies() {
        Random random = new Random(7);
        LatencyHistogram all = new LatencyHistogram();
        LatencyHistogram merged = new LatencyHistogram();
        for (int hour = 0; hour < 24; hour++) {
            LatencyHistogram one = new LatencyHistogram();
            for (long v : lognormal(random, 500, 5_000 * (1 + hour % 3), 1.0)) {
                one.record(v);
                all.record(v);
            }
            // as the rollups do: through the stored text
            merged.mergeText(one.toText());
        }
        assertEquals(all.toText(), merged.toText());
        assertEquals(all.count(), merged.count());
        for (double q : QS) {
            assertEquals(all.percentile(q), merged.percentile(q));
        }
        LatencyHistogram copy = new LatencyHistogram();
        copy.merge(all);
        assertEquals(all.toText(), copy.toText());
    }

    @Test
    void emptyHistogramHasNoPercentileAndEmptyText() {
        LatencyHistogram h = new LatencyHistogram();
        assertNull(h.percentile(0.5));
        assertEquals("", h.toText());
        h.mergeText("");
        h.mergeText(null);
        assertEquals(0, h.count());
    }

    @Test
    void textIsTheFirstBucketAndTheCountsUpToTheLastWithEmptyForZero() {
        LatencyHistogram h = new LatencyHistogram();
        int b = LatencyHistogram.bucket(1000);
        h.add(b, 2);
        h.add(b + 2, 1);
        h.add(b + 3, 5);
        assertEquals(b + ":2,,1,5", h.toText());
        LatencyHistogram read = new LatencyHistogram();
        read.mergeText(h.toText());
        read.mergeText(h.toText());
        assertEquals(b + ":4,,2,10", read.toText());
        assertEquals(16, read.count());
        LatencyHistogram zero = new LatencyHistogram();
        zero.record(0);
        zero.record(1);
        assertEquals("0:2", zero.toText());
        assertEquals(1.0, zero.percentile(0.5));
        assertEquals(LatencyHistogram.value(b + 3), h.percentile(1.0));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram().mergeText("12,3"));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram().mergeText("12:3;4"));
    }
}

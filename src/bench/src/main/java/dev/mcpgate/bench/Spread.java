package dev.mcpgate.bench;

import java.util.List;
import java.util.Locale;

/**
 * One figure over the repetitions: the median, which the harness reports, and the spread next to
 * it, min..max and the interquartile range (quartiles by linear interpolation between the sorted
 * values, as R's default type 7), so that a reader sees at once whether two medians differ by more
 * than their runs do. NaN values (a failed probe) are left out; with none left every field is NaN.
 */
record Spread(double median, double min, double max, double q1, double q3, int n) {

    static Spread of(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        return new Spread(quantile(v, 0.5), v[0], v[v.length - 1], quantile(v, 0.25), quantile(v, 0.75), v.length);
    }

    /** The {@code p} quantile (0..1) of sorted values, interpolated linearly between neighbours. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** {@code median [min..max]} with {@code decimals} decimals; the bracket is left out for one value. */
    String format(int decimals) {
        String f = "%." + decimals + "f";
        if (n <= 1) {
            return String.format(Locale.ROOT, f, median);
        }
        return String.format(Locale.ROOT, f + " [" + f + ".." + f + "]", median, min, max);
    }

    /** {@code {"min","q1","q3","max","n"}} for results.json, rounded to {@code decimals}. */
    java.util.Map<String, Object> json(int decimals) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("min", round(min, decimals));
        m.put("q1", round(q1, decimals));
        m.put("q3", round(q3, decimals));
        m.put("max", round(max, decimals));
        m.put("n", n);
        return m;
    }

    static Double round(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(v * scale) / scale;
    }
}

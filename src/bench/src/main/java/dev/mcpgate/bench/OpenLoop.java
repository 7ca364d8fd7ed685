package dev.mcpgate.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The open loop's rate: one rate for every configuration, so that latencies and CPU per request
 * compare pair by pair at the same offered load. {@code bench.rate=<req/s>} sets it; by default it is
 * {@code bench.rate.fraction} (0.5) of the closed-loop throughput (median over the repetitions) of the
 * slowest configuration measured, so that every configuration runs below its saturation.
 */
final class OpenLoop {

    static final String RATE = "bench.rate";
    static final String FRACTION = "bench.rate.fraction";
    static final double DEFAULT_FRACTION = 0.5;

    /** The rate and a sentence saying where it came from. */
    record Rate(double perSecond, String source) {
    }

    private OpenLoop() {
    }

    /**
     * @param rate      {@code bench.rate}: a number of requests per second, or {@code auto}
     * @param fraction  {@code bench.rate.fraction}, used when {@code rate} is {@code auto}: 0 &lt; f ≤ 1
     * @param closedRps closed-loop median throughput per configuration
     */
    static Rate choose(String rate, String fraction, Map<String, Double> closedRps) {
        if (!rate.equals("auto")) {
            double r = parse(RATE, rate);
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException(RATE + " must be a positive number of requests per second or auto: "
                        + rate);
            }
            return new Rate(r, RATE + "=" + rate);
        }
        double f = parse(FRACTION, fraction);
        if (!(f > 0 && f <= 1)) {
            throw new IllegalArgumentException(FRACTION + " must be in (0, 1]: " + fraction);
        }
        Map.Entry<String, Double> slowest = closedRps.entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue() > 0)
                .min(Map.Entry.comparingByValue())
                .orElseThrow(() -> new IllegalArgumentException("no closed-loop throughput to choose "
                        + RATE + " from: set it"));
        // whole requests per second: the figure is quoted, and a round number reads as chosen
        double r = Math.max(1, Math.floor(f * slowest.getValue()));
        return new Rate(r, String.format(Locale.ROOT, "%s x closed-loop median throughput of the slowest "
                + "configuration (%s, %.0f req/s)", fraction, slowest.getKey(), slowest.getValue()));
    }

    private static double parse(String property, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " is not a number: " + value, e);
        }
    }

    /** Whether a run kept the schedule: achieved at least 95% of the rate. */
    static boolean keptRate(double achieved, double rate) {
        return achieved >= 0.95 * rate;
    }

    static List<String> properties() {
        return List.of(RATE, FRACTION);
    }
}

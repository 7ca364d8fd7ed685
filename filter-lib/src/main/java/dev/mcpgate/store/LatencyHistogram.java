package dev.mcpgate.store;

import java.util.Arrays;

/**
 * A mergeable latency histogram with fixed logarithmic buckets, the form in which hourly rollups keep
 * latencies ({@code mcp_rollup_hour.histogram}): percentiles over any window are those of the merged
 * buckets of its hours, so that a month answers without reading a month of rows.
 *
 * <p>Bucket {@code i > 0} holds the latencies (in µs) in {@code (γ^(i-1), γ^i]} with
 * {@code γ = (1 + α) / (1 - α)}, {@code α} = {@value #RELATIVE_ERROR}; bucket 0 holds 0 and 1 µs. A
 * bucket stands for {@code 2γ^i / (γ + 1)}, which is within {@code α} (2 %) of every latency in it.
 * {@link #percentile} interpolates between the two nearest ranks as SQL's {@code percentile_cont}
 * does, so its answer is within 2 % of {@code percentile_cont} over the same rows (within 1 µs for
 * latencies under 2 µs). The bucket of a latency is computed in SQL ({@link #SQL_BUCKET}) by the
 * rollup, and here by {@link #bucket} with the same formula.
 *
 * <p>Stored as text: the index of the first non-empty bucket, a colon, and the counts from there to the
 * last non-empty bucket, separated by commas, an empty count meaning 0 ({@code 120:3,,1,5} = 3 in bucket
 * 120, 1 in 122, 5 in 123); the empty histogram is the empty text. Dense, because latencies fill a run of
 * neighbouring buckets: a month of rollups is read and parsed in a few tens of milliseconds. Not thread-safe:
 * one per query or rollup.
 */
final class LatencyHistogram {

    /** The bound on the relative error of a bucket's value, α. */
    static final double RELATIVE_ERROR = 0.02;
    /** {@code ln γ}, written out so that SQL and Java use the same constant. */
    static final String LN_GAMMA_TEXT = "0.040005334613699206";
    private static final double LN_GAMMA = Double.parseDouble(LN_GAMMA_TEXT);
    private static final double GAMMA = Math.exp(LN_GAMMA);
    /** The bucket index of a latency column {@code latency_us}, in SQL that Derby and PostgreSQL both run. */
    static final String SQL_BUCKET = "CASE WHEN latency_us <= 1 THEN 0 ELSE CAST(CEIL(LN(CAST(latency_us AS DOUBLE "
            + "PRECISION)) / " + LN_GAMMA_TEXT + ") AS INTEGER) END";

    private long[] counts = new long[0];
    private long total;

    /** The bucket of a latency in µs. */
    static int bucket(long micros) {
        return micros <= 1 ? 0 : (int) Math.ceil(Math.log(micros) / LN_GAMMA);
    }

    /** The latency (µs) a bucket stands for. */
    static double value(int bucket) {
        return bucket == 0 ? 1 : 2 * Math.exp(bucket * LN_GAMMA) / (GAMMA + 1);
    }

    /** Counts one latency. */
    void record(long micros) {
        add(bucket(micros), 1);
    }

    /** Adds {@code count} latencies to a bucket. */
    void add(int bucket, long count) {
        if (bucket < 0) {
            throw new IllegalArgumentException("bucket " + bucket);
        }
        if (bucket >= counts.length) {
            counts = Arrays.copyOf(counts, Math.max(bucket + 1, counts.length * 2));
        }
        counts[bucket] += count;
        total += count;
    }

    /** Adds every latency of {@code other}. */
    void merge(LatencyHistogram other) {
        for (int i = other.counts.length - 1; i >= 0; i--) {
            if (other.counts[i] > 0) {
                add(i, other.counts[i]);
            }
        }
    }

    /**
     * Adds the latencies of a stored histogram ({@link #toText}), read in one pass.
     *
     * @throws IllegalArgumentException when it is not one
     */
    void mergeText(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        int colon = text.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a latency histogram: " + text);
        }
        int bucket = Integer.parseInt(text, 0, colon, 10);
        long count = 0;
        for (int i = colon + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',') {
                addIfAny(bucket++, count);
                count = 0;
            } else if (c >= '0' && c <= '9') {
                count = count * 10 + (c - '0');
            } else {
                throw new IllegalArgumentException("not a latency histogram: " + text);
            }
        }
        addIfAny(bucket, count);
    }

    private void addIfAny(int bucket, long count) {
        if (count > 0) {
            add(bucket, count);
        }
    }

    /** The number of latencies counted. */
    long count() {
        return total;
    }

    /**
     * The {@code q} percentile (0 to 1) in µs, interpolated between the nearest ranks as
     * {@code percentile_cont}; {@code null} when empty.
     */
    Double percentile(double q) {
        if (total == 0) {
            return null;
        }
        double position = q * (total - 1);
        long lower = (long) Math.floor(position);
        double low = value(bucketAtRank(lower));
        double high = value(bucketAtRank((long) Math.ceil(position)));
        return low + (high - low) * (position - lower);
    }

    /** The bucket of the latency at a 0-based rank in ascending order. */
    private int bucketAtRank(long rank) {
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                return i;
            }
        }
        throw new IllegalStateException("rank " + rank + " of " + total);
    }

    /** The stored form: the first non-empty bucket's index, a colon, the counts up to the last non-empty one. */
    String toText() {
        int first = 0;
        while (first < counts.length && counts[first] == 0) {
            first++;
        }
        int last = counts.length - 1;
        while (last >= first && counts[last] == 0) {
            last--;
        }
        if (first > last) {
            return "";
        }
        StringBuilder text = new StringBuilder(8 + 4 * (last - first)).append(first).append(':');
        for (int i = first; i <= last; i++) {
            if (i > first) {
                text.append(',');
            }
            if (counts[i] > 0) {
                text.append(counts[i]);
            }
        }
        return text.toString();
    }
}

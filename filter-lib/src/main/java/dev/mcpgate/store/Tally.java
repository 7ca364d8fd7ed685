package dev.mcpgate.store;

/**
 * Counts of a group of exchanges (an hour of one method and target, a point of a series, a tool over a
 * window): calls, errors, tool errors and their latencies; what one {@code mcp_rollup_hour} row holds.
 * "Error" as {@link McpAnalytics} says it.
 */
final class Tally {

    private long calls;
    private long errors;
    private long toolErrors;
    private final LatencyHistogram latency = new LatencyHistogram();

    /** Adds the {@code count} exchanges of one latency bucket, {@code errors} and {@code toolErrors} of them. */
    void add(int bucket, long count, long errors, long toolErrors) {
        this.calls += count;
        this.errors += errors;
        this.toolErrors += toolErrors;
        latency.add(bucket, count);
    }

    /** Adds a stored rollup row's counts. */
    void add(long calls, long errors, long toolErrors, String histogram) {
        this.calls += calls;
        this.errors += errors;
        this.toolErrors += toolErrors;
        latency.mergeText(histogram);
    }

    void merge(Tally other) {
        calls += other.calls;
        errors += other.errors;
        toolErrors += other.toolErrors;
        latency.merge(other.latency);
    }

    long calls() {
        return calls;
    }

    long errors() {
        return errors;
    }

    long toolErrors() {
        return toolErrors;
    }

    LatencyHistogram latency() {
        return latency;
    }
}

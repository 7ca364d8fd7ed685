package dev.mcpgate.resume;

import java.time.Duration;

/**
 * The settings of SSE resumability at one endpoint.
 *
 * @param retry            the {@code retry:} of each priming event ({@code sse-retry})
 * @param maxEvents        events kept per stream ({@code replay-max-events})
 * @param maxStreamBytes   bytes kept per stream ({@code replay-max-stream-bytes})
 * @param maxBytes         bytes kept across all streams ({@code replay-max-bytes})
 * @param maxEventBytes    the largest event rewritten ({@code max-sse-line}): a stream with a larger
 *                         one passes through unchanged from that event on
 * @param heartbeat        a comment on a stream idle that long ({@code sse-heartbeat}); {@code null} for none
 * @param closeAfter       a POST stream's connection closed after that long ({@code sse-close-after});
 *                         {@code null} for never
 * @param detachedTimeout  how long an answer whose client went away is still read ({@code resume-detached-timeout})
 */
public record ResumeOptions(Duration retry, int maxEvents, long maxStreamBytes, long maxBytes, int maxEventBytes,
                            Duration heartbeat, Duration closeAfter, Duration detachedTimeout) {

    /** The shortest pause between two sweeps of the live streams. */
    static final Duration MIN_SWEEP = Duration.ofMillis(20);
    /** The longest pause between two sweeps of the live streams. */
    static final Duration MAX_SWEEP = Duration.ofSeconds(1);

    /** How often the live streams are looked at: a quarter of the shortest timing, within bounds. */
    Duration sweepInterval() {
        Duration shortest = detachedTimeout;
        if (heartbeat != null && heartbeat.compareTo(shortest) < 0) {
            shortest = heartbeat;
        }
        if (closeAfter != null && closeAfter.compareTo(shortest) < 0) {
            shortest = closeAfter;
        }
        Duration quarter = shortest.dividedBy(4);
        return quarter.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : quarter.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : quarter;
    }
}

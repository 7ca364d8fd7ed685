package dev.mcpgate.store;

import java.time.Duration;
import java.time.Instant;

/**
 * The spacing of a time series' points, chosen by the window's length: a minute up to three hours, five
 * minutes up to a day, an hour beyond (the hours of the rollups). A series' first point is its window's
 * start rounded down to a whole step (UTC), so that points fall on whole minutes and hours.
 */
enum TimeStep {
    MINUTE(Duration.ofMinutes(1), Duration.ofHours(3)),
    FIVE_MINUTES(Duration.ofMinutes(5), Duration.ofDays(1)),
    HOUR(Duration.ofHours(1), null);

    private final Duration length;
    private final Duration upTo;

    TimeStep(Duration length, Duration upTo) {
        this.length = length;
        this.upTo = upTo;
    }

    /** The step of a window {@code [from, to)}. */
    static TimeStep of(Instant from, Instant to) {
        Duration window = Duration.between(from, to);
        for (TimeStep step : values()) {
            if (step.upTo == null || window.compareTo(step.upTo) <= 0) {
                return step;
            }
        }
        throw new AssertionError(window);
    }

    Duration length() {
        return length;
    }

    long seconds() {
        return length.getSeconds();
    }

    /** {@code time} rounded down to a whole step since the epoch (UTC). */
    Instant floor(Instant time) {
        long s = time.getEpochSecond();
        return Instant.ofEpochSecond(s - Math.floorMod(s, seconds()));
    }
}

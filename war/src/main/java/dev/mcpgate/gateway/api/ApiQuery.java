package dev.mcpgate.gateway.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of one analytics API call, checked: unknown names and unusable values are
 * refused with a {@link BadParameterException} that names the parameter.
 *
 * <p>Times ({@code since}, {@code until}) are ISO-8601 instants ({@code 2026-11-22T08:00:00Z}) or
 * durations back from now ({@code PT1H} = an hour ago); {@code window} is a duration back from now.
 */
final class ApiQuery {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    /** The widest window any call may cover. */
    static final Duration MAX_WINDOW = Duration.ofDays(366);

    private final Map<String, String[]> parameters;
    private final Instant now;

    ApiQuery(Map<String, String[]> parameters, Set<String> allowed, Instant now) {
        this.parameters = parameters;
        this.now = now;
        for (Map.Entry<String, String[]> p : parameters.entrySet()) {
            if (!allowed.contains(p.getKey())) {
                throw new BadParameterException(p.getKey(), "unknown parameter; this call takes " + allowed);
            }
            if (p.getValue().length > 1) {
                throw new BadParameterException(p.getKey(), "given more than once");
            }
        }
    }

    String text(String name) {
        String[] values = parameters.get(name);
        return values == null || values[0].isBlank() ? null : values[0].trim();
    }

    int limit() {
        String value = text("limit");
        return value == null ? DEFAULT_LIMIT : wholeNumber("limit", value, 1, MAX_LIMIT);
    }

    /** A whole number parameter, at least {@code min}; required. */
    int number(String name, int min) {
        String value = text(name);
        if (value == null) {
            throw new BadParameterException(name, "required");
        }
        return wholeNumber(name, value, min, Integer.MAX_VALUE);
    }

    private static int wholeNumber(String name, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new BadParameterException(name, (max == Integer.MAX_VALUE ? "must be at least " + min
                        : "must be between " + min + " and " + max) + ", was " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new BadParameterException(name, "not a whole number: " + value);
        }
    }

    /** A time window {@code [since, until)}. */
    record Window(Instant since, Instant until) {
    }

    /** {@code since} and {@code until}, checked as a window ({@link #checkWindow}). */
    Window window() {
        Instant since = since();
        Instant until = until();
        checkWindow(since, until);
        return new Window(since, until);
    }

    /**
     * The window of {@code since} and {@code until}, or of their other names {@code from} and {@code to}
     * (one name of each pair, not both), checked as a window.
     */
    Window windowOrFromTo() {
        Instant since = either("since", "from", now.minus(DEFAULT_WINDOW));
        Instant until = either("until", "to", now.plusMillis(1));
        checkWindow(since, until);
        return new Window(since, until);
    }

    private Instant either(String name, String otherName, Instant otherwise) {
        String value = text(name);
        String other = text(otherName);
        if (value != null && other != null) {
            throw new BadParameterException(otherName, "the same as " + name + ": give one of them");
        }
        return value != null ? time(name, value) : other != null ? time(otherName, other) : otherwise;
    }

    /** {@code since}, or the start of the default window. */
    Instant since() {
        String value = text("since");
        return value == null ? now.minus(DEFAULT_WINDOW) : time("since", value);
    }

    /** {@code until}, or now (exclusive, so a moment later than now). */
    Instant until() {
        String value = text("until");
        return value == null ? now.plusMillis(1) : time("until", value);
    }

    /** The window back from now named by {@code window} (default 24 hours). */
    Instant windowStart() {
        String value = text("window");
        return value == null ? now.minus(DEFAULT_WINDOW) : now.minus(duration("window", value));
    }

    /** Checks that {@code [from, to)} is a usable window. */
    static void checkWindow(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new BadParameterException("since", "must be before until (" + from + " >= " + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
            throw new BadParameterException("since", "the window may cover at most " + MAX_WINDOW);
        }
    }

    private Instant time(String name, String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return now.minus(duration(name, value));
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, "neither an ISO-8601 instant (2026-11-22T08:00:00Z) nor a "
                    + "duration back from now (PT1H): " + value);
        }
    }

    private static Duration duration(String name, String value) {
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_WINDOW) > 0) {
                throw new BadParameterException(name, "must be positive and at most " + MAX_WINDOW + ", was " + value);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, "not an ISO-8601 duration (PT1H, P7D): " + value);
        }
    }
}

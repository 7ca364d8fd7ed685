package dev.mcpgate.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/**
 * The value forms every McpGate component shares, text to type. Each throws an
 * {@link IllegalArgumentException} whose message says what the value must be; the setting's name and
 * the value are added by {@link ResolvedSettings#parse}.
 */
public final class SettingValues {

    private SettingValues() {
    }

    /** {@code true} or {@code false}, nothing else. */
    public static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    /** A whole number greater than 0. */
    public static int positiveInt(String value) {
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number greater than 0");
        }
        if (number <= 0) {
            throw new IllegalArgumentException("must be greater than 0");
        }
        return number;
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Function<String, Integer> intBetween(int min, int max) {
        return value -> {
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // the same message as out of range
            }
            throw new IllegalArgumentException("must be a whole number from " + min + " to " + max);
        };
    }

    /** Bytes, with an optional {@code KiB} or {@code MiB} suffix, from 1 byte to 2047 MiB. */
    public static int size(String value) {
        long unit = 1;
        String number = value;
        if (value.endsWith("KiB")) {
            number = value.substring(0, value.length() - 3).trim();
            unit = 1024L;
        } else if (value.endsWith("MiB")) {
            number = value.substring(0, value.length() - 3).trim();
            unit = 1024L * 1024L;
        }
        long bytes;
        try {
            bytes = Long.parseLong(number) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a size in bytes, optionally with KiB or MiB (e.g. 512KiB)");
        }
        if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("must be between 1 byte and 2047MiB");
        }
        return (int) bytes;
    }

    /** A positive ISO-8601 duration ({@code PT30M}). */
    public static Duration duration(String value) {
        Duration duration;
        try {
            duration = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be an ISO-8601 duration (e.g. PT30M)");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return duration;
    }

    /** A positive ISO-8601 duration, or {@code null} for an empty value. */
    public static Duration optionalDuration(String value) {
        return value.isEmpty() ? null : duration(value);
    }
}

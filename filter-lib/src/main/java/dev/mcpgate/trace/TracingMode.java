package dev.mcpgate.trace;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The setting {@code tracing}: whether the filter makes a span per exchange. */
public enum TracingMode {

    /** Spans when the OpenTelemetry API is on the class path, none otherwise (the default). */
    AUTO,
    /** Spans; a deployment without the OpenTelemetry API fails, naming the setting. */
    ON,
    /** No spans, and no class of the OpenTelemetry API is touched. */
    OFF;

    /** The setting value, e.g. {@code auto}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a setting value; throws with the allowed values named. */
    public static TracingMode parse(String value) {
        for (TracingMode mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be one of "
                + Arrays.stream(values()).map(TracingMode::wireName).collect(Collectors.joining(", ")));
    }
}

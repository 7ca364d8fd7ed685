package dev.mcpgate;

import java.util.Locale;

/** The {@code metrics} setting: whether the filter records Micrometer meters. */
public enum MetricsMode {
    /** When Micrometer is on the class path and a {@code MeterRegistry} is found; else none, said once in the log. */
    AUTO,
    /** As {@link #AUTO}, but a deployment without Micrometer or a registry fails. */
    ON,
    /** No meters; no Micrometer class is loaded. */
    OFF;

    /** The setting's text form. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MetricsMode parse(String value) {
        for (MetricsMode mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be auto, on or off");
    }
}

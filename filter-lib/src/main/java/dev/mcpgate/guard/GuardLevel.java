package dev.mcpgate.guard;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How hard a guard check acts on what it finds. */
public enum GuardLevel {
    /** The check does not run. */
    OFF,
    /**
     * The check runs and the exchange goes on untouched; the row names the violation that
     * {@link #ENFORCE} would have refused (like a Content-Security-Policy in report-only mode), so
     * that an operator can look at real traffic before switching enforcement on.
     */
    REPORT,
    /** A request that fails the check is answered with the status and JSON-RPC error the spec prescribes. */
    ENFORCE;

    /** The setting value, e.g. {@code report}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a setting value; throws with the allowed values named. */
    public static GuardLevel parse(String value) {
        for (GuardLevel level : values()) {
            if (level.wireName().equals(value)) {
                return level;
            }
        }
        throw new IllegalArgumentException("must be one of "
                + Arrays.stream(values()).map(GuardLevel::wireName).collect(Collectors.joining(", ")));
    }
}

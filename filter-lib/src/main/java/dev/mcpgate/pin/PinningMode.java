package dev.mcpgate.pin;

import java.util.Locale;

/** The {@code catalogue-pinning} setting. */
public enum PinningMode {
    /** No pinning: the catalogue history only records and reports changes. */
    OFF,
    /** Tools that drifted from the approved catalogue version are hidden and their calls refused. */
    ENFORCE;

    /** The setting's text form. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code off} or {@code enforce} */
    public static PinningMode parse(String value) {
        for (PinningMode mode : values()) {
            if (mode.wireName().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be off or enforce");
    }
}

package dev.mcpgate.pin;

import java.util.Locale;

/** The {@code pinning-new-items} setting: what pinning does with a tool the approved version lacks. */
public enum NewItems {
    /** Hidden from the list and refused, like a changed tool, until a version with it is approved. */
    HIDE,
    /** Listed and callable; only changed tools are held back. */
    SHOW;

    /** The setting's text form. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but {@code hide} or {@code show} */
    public static NewItems parse(String value) {
        for (NewItems choice : values()) {
            if (choice.wireName().equals(value)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("must be hide or show");
    }
}

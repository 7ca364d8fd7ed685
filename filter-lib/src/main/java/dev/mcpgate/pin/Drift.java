package dev.mcpgate.pin;

/** How one tool stands against the approved catalogue version. */
public enum Drift {
    /** No version is approved for the list: pinning lets everything pass. */
    UNPINNED,
    /** Its definition is the approved one (or, for a call, the last one seen was). */
    SAME,
    /** Its definition differs from the approved one: some field changed, a description alone included. */
    CHANGED,
    /** The approved version has no item of this name. */
    NEW,
    /** The approved pins are not read yet (database not reached): held back until they are. */
    UNVERIFIED
}

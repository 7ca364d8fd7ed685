package dev.mcpgate.event;

import java.util.Locale;

/** How a held call (the rules' {@code hold} action) was decided. */
public enum ApprovalDecision {
    /** An operator approved it: the call went on to the server. */
    APPROVED,
    /** An operator denied it: the client got an error. */
    DENIED,
    /** Nobody decided within the hold's timeout: the client got an error. */
    TIMED_OUT;

    /** The lower-case name used in rows and the admin API. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

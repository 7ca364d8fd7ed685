package dev.mcpgate.event;

import java.util.Locale;

/** Why a session ended. */
public enum EndReason {
    /** The client sent DELETE and the server accepted it. */
    CLIENT_DELETE,
    /** The server answered 404 for the session: it no longer knows it. */
    UPSTREAM_NOT_FOUND,
    /** No request for longer than the idle timeout. */
    IDLE_TIMEOUT,
    /** Older than the absolute timeout. */
    ABSOLUTE_TIMEOUT;

    /** The lower-case name used in rows and log lines. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

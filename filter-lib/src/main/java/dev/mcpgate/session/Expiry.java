package dev.mcpgate.session;

import java.time.Duration;

/** Whether a session has outlived the idle or the absolute timeout, and which. */
public enum Expiry {
    ALIVE,
    /** No request for longer than the idle timeout. */
    IDLE,
    /** Older than the absolute timeout, however busy. */
    ABSOLUTE;

    /** The expiry of a session at a moment, the absolute timeout taking precedence. */
    public static Expiry of(TrackedSession session, long nowMillis, Duration idleTimeout, Duration absoluteTimeout) {
        if (nowMillis - session.startedMillis() >= absoluteTimeout.toMillis()) {
            return ABSOLUTE;
        }
        if (nowMillis - session.lastSeenMillis() >= idleTimeout.toMillis()) {
            return IDLE;
        }
        return ALIVE;
    }
}

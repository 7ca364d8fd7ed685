package dev.mcpgate.schema;

import java.time.Instant;

/**
 * Where a catalogue stands now.
 *
 * @param endpoint       the endpoint name
 * @param listMethod     the list method (or {@code server})
 * @param currentVersion the version the latest complete answer carried
 * @param staleSince     when a {@code notifications/.../list_changed} announced a change that no
 *                       answer has shown yet, else {@code null}
 * @param updatedAt      when this state last changed
 */
public record ListState(
        String endpoint,
        String listMethod,
        int currentVersion,
        Instant staleSince,
        Instant updatedAt) {

    /** Whether the server announced a change that no list answer has shown yet. */
    public boolean stale() {
        return staleSince != null;
    }
}

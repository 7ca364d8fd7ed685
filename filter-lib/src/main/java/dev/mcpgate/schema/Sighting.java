package dev.mcpgate.schema;

import java.time.Instant;

/**
 * Who received a version of a catalogue: a client session (legacy era), or a client identity and
 * principal (modern era, which has no session). Servers may show different lists to different
 * users; sightings tell which user saw which version.
 *
 * @param endpoint   the endpoint name
 * @param listMethod the list method (or {@code server})
 * @param version    the version received
 * @param sessionId  the client session, or {@code null}
 * @param principal  the authenticated user's name, or {@code null}
 * @param clientName the client's {@code clientInfo.name}, or {@code null}
 * @param firstSeen  the first answer with this version to this client
 * @param lastSeen   the latest one recorded (updated at most once a minute)
 */
public record Sighting(
        String endpoint,
        String listMethod,
        int version,
        String sessionId,
        String principal,
        String clientName,
        Instant firstSeen,
        Instant lastSeen) {

    /** What identifies the receiver: the session, else principal and client name. */
    public String receiverKey() {
        return sessionId != null ? "session:" + sessionId : "client:" + principal + "|" + clientName;
    }
}

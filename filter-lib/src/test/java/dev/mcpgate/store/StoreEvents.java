package dev.mcpgate.store;

import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.SessionStarted;
import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.time.Instant;

/** Generated events for the store tests. */
final class StoreEvents {

    private StoreEvents() {
    }

    static SessionStarted started(String endpoint, String sessionId, Instant at, String clientName) {
        return new SessionStarted(at, endpoint, sessionId, Era.LEGACY, "2025-06-18",
                ClientIdentity.of(clientName, "1.2.3"), "alice");
    }

    static SessionEnded ended(String endpoint, String sessionId, Instant at, EndReason reason) {
        return new SessionEnded(at, endpoint, sessionId, reason, at.minusSeconds(60), at, 0, 0);
    }

    static RequestCompleted call(String endpoint, String sessionId, Instant at, String tool, Outcome outcome,
            long latencyMicros, String clientName) {
        return new RequestCompleted(TimeOrderedIds.next(), at, endpoint, sessionId, Era.LEGACY, "2025-06-18", "POST",
                200, "tools/call", "7", tool, outcome, outcome == Outcome.ERROR ? -32603 : null,
                outcome == Outcome.OK ? null : "it failed", latencyMicros, 120, 300,
                ClientIdentity.of(clientName, "1.2.3"), "alice", true, 1);
    }

    /** A request whose text fields are all given: for values a database may refuse. */
    static RequestCompleted request(String id, String endpoint, String sessionId, Instant at, String method,
            String jsonRpcId, String target, String clientName) {
        return new RequestCompleted(id, at, endpoint, sessionId, Era.LEGACY, "2025-06-18", "POST", 200, method,
                jsonRpcId, target, Outcome.OK, null, null, 10, 120, 300, ClientIdentity.of(clientName, "1.2.3"),
                "alice", false, 1);
    }
}

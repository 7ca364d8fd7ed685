package dev.mcpgate.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class TrackedSessionTest {

    /** A clustered SessionStore may keep sessions serialized: nothing of a session may be lost on the way. */
    @Test
    void sessionSurvivesSerializationForAClusteredStore() throws IOException, ClassNotFoundException {
        TrackedSession session = new TrackedSession("abc", "/mcp", Era.LEGACY, "2025-11-25",
                ClientIdentity.of("claude-code", "2.1"), "alice", 1000);
        session.touch(5000);
        session.countRequest(false);
        session.countRequest(true);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(session);
        }
        TrackedSession copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (TrackedSession) in.readObject();
        }
        assertEquals("abc", copy.id());
        assertEquals("/mcp", copy.path());
        assertEquals(Era.LEGACY, copy.era());
        assertEquals("2025-11-25", copy.protocolVersion());
        assertEquals(ClientIdentity.of("claude-code", "2.1"), copy.client());
        assertEquals("alice", copy.principal());
        assertEquals(1000, copy.startedMillis());
        assertEquals(5000, copy.lastSeenMillis());
        assertEquals(2, copy.requestCount());
        assertEquals(1, copy.errorCount());
    }
}

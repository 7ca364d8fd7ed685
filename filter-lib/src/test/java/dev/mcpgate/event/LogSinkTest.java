package dev.mcpgate.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.LogCapture;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.redact.SessionIdDisplay;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The {@code log-exchanges} sink through the JDK's logging, as a server's console handler formats it. */
class LogSinkTest {

    private static final String SESSION = "3f2a8b1e-5c4d-4e6f-9a0b-1c2d3e4f5a6b";

    private static List<String> logged(LogSink sink, McpEvent event) {
        try (LogCapture log = LogCapture.of(LogSink.LOGGER_NAME, Level.ALL)) {
            sink.accept(new EventBatch(List.of(event)));
            return log.lines();
        }
    }

    private static RequestCompleted call(String tool) {
        return new RequestCompleted("id-1", Instant.parse("2026-11-22T10:00:00Z"), "mcp", SESSION, Era.LEGACY,
                "2025-11-25", "POST", 200, "tools/call", "7", tool, Outcome.OK, null, null, 1, 1, 1,
                ClientIdentity.of("claude-code", "2.0"), null, false, 0);
    }

    @Test
    void aHostileToolNameIsOneLineAndTheSessionAFingerprint() {
        List<String> lines = logged(new LogSink(), call("x\n12:00:00 SEVERE forged\u2028line"));
        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertEquals(1, line.lines().count(), line);
        assertFalse(line.contains("\u2028") || line.contains(SESSION), line);
        assertTrue(line.contains("\"sessionId\":\"" + SessionIdDisplay.fingerprint(SESSION) + "\""), line);
    }

    @Test
    void fullSessionIdsWhenAskedFor() {
        String line = logged(new LogSink(SessionIdDisplay.FULL), call("echo")).get(0);
        assertTrue(line.contains("\"sessionId\":\"" + SESSION + "\""), line);
    }
}

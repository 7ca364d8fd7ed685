package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.LogCapture;
import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's writer when its database cannot be opened: one WARNING line per reason, not one per
 * retry, and the reason in its health until a connection works.
 */
class StoreSinkOpenFailureTest {

    private LogCapture log;

    @BeforeEach
    void listen() {
        log = LogCapture.of(StoreSink.class.getName(), Level.WARNING);
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    @Test
    void aDatabaseThatCannotBeReachedIsSaidOnceNotOncePerRetry() throws Exception {
        StoreSink sink = sink(() -> {
            throw new StoreOpenException("jdbc:postgresql://db:5432/mcpgate",
                    new SQLException("Connection to db:5432 refused.", "08001", new ConnectException("Connection refused")));
        });
        try {
            await(() -> sink.health().writeFailures() >= 45, "45 failed attempts");

            assertEquals("unreachable", sink.health().failure());
            assertEquals(1, log.records().size(), messages());
            assertEquals("McpGate store it: the database jdbc:postgresql://db:5432/mcpgate cannot be reached "
                    + "(ConnectException: Connection refused); check that it runs and that the URL names its host and "
                    + "port. MCP calls are served meanwhile; their events are held (up to store-max-pending=100) and "
                    + "the store retries with back-off [unreachable]", log.records().get(0).getMessage());
        } finally {
            sink.close();
        }
    }

    @Test
    void aNewReasonIsSaidAgainAndAWorkingConnectionClearsIt(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ClassLoader loader = StoreSinkOpenFailureTest.class.getClassLoader();
        StoreSink sink = sink(() -> {
            int attempt = attempts.incrementAndGet();
            if (attempt <= 25) {
                throw new SQLException("Connection refused", "08001"); // not diagnosed by an opener of StoreSinks
            }
            if (attempt <= 50) {
                throw new SQLException("FATAL: password authentication failed for user \"mcpgate\"", "28P01");
            }
            return StoreSinks.openEmbeddedDerby(dir.resolve("store"), loader); // creates the directory
        });
        try {
            await(() -> sink.health().reachable(), "the store reached at last");

            assertNull(sink.health().failure());
            assertEquals(2, log.records().size(), messages());
            assertTrue(log.records().get(0).getMessage().endsWith("[unreachable]"), messages());
            assertTrue(log.records().get(1).getMessage().contains("refused the login"), messages());
            assertTrue(log.records().get(1).getMessage().endsWith("[authentication]"), messages());
        } finally {
            sink.close();
        }
    }

    private static StoreSink sink(StoreSink.StoreOpener opener) {
        return new StoreSink("it", opener, 10, 100, Duration.ofDays(1), Duration.ofSeconds(5),
                Duration.ofMillis(1), Duration.ofMillis(2));
    }

    private String messages() {
        return log.records().stream().map(LogRecord::getMessage).toList().toString();
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " never came");
            }
            Thread.sleep(5);
        }
    }
}

package dev.mcpgate.store;

import static dev.mcpgate.store.StoreEvents.call;
import static dev.mcpgate.store.StoreEvents.ended;
import static dev.mcpgate.store.StoreEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.McpGateConfig;
import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.EventSink;
import dev.mcpgate.event.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sink the filter creates for {@code store=jpa} without a URL: embedded Derby in
 * {@code store-data-dir}, migrated at start, shut down at close, and found again (same rows) when
 * the store is opened anew.
 */
class EmbeddedDerbyStoreIT {

    @Test
    void defaultStoreIsEmbeddedDerbyInTheDataDirectoryAndSurvivesARestart() throws Exception {
        Path directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "derby-default-it");
        McpGateConfig config = StoreSettingsTest.config(Map.of("dev.mcpgate.store", "jpa",
                "dev.mcpgate.store-data-dir", directory.toString(),
                "dev.mcpgate.endpoint-name", "derby-default"));
        Instant t0 = Instant.now().minusSeconds(10);
        EventSink created = StoreSinks.create(config.storeSettings());
        assertTrue(created instanceof StoreSink);
        StoreSink sink = (StoreSink) created;
        try {
            sink.accept(new EventBatch(List.of(started("derby-default", "s", t0, "claude-code"),
                    call("derby-default", "s", t0.plusMillis(1), "echo", Outcome.OK, 10, "claude-code"),
                    call("derby-default", "s", t0.plusMillis(2), "echo", Outcome.TOOL_ERROR, 20, "claude-code"),
                    ended("derby-default", "s", t0.plusSeconds(1), EndReason.CLIENT_DELETE))));
            assertTrue(sink.awaitDrained(Duration.ofSeconds(60)), sink.health().toString());
            assertNotNull(sink.store());
            assertEquals("14", sink.health().schemaVersion());
        } finally {
            sink.close();
        }
        assertTrue(Files.isDirectory(directory.resolve("db")), "the database is in the data directory");
        McpStore reopened = StoreSinks.openEmbeddedDerby(directory, getClass().getClassLoader());
        try {
            McpAnalytics.SessionSummary session = reopened.analytics().session("derby-default", "s").orElseThrow();
            assertEquals(2, session.requests());
            assertEquals(1, session.errors());
            assertEquals("claude", session.clientPlatform());
            assertEquals("client_delete", session.endReason());
        } finally {
            reopened.close();
        }
    }

    @Test
    void embeddedDerbyGetsALargerTransactionLogUnlessTheUserSetItsSize() throws Exception {
        String buffer = "derby.storage.logBufferSize";
        String saved = System.getProperty(buffer);
        Path directory = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "derby-log-it");
        try {
            System.clearProperty(buffer);
            StoreSinks.openEmbeddedDerby(directory, getClass().getClassLoader()).close();
            assertEquals(String.valueOf(1 << 20), System.getProperty(buffer));

            System.setProperty(buffer, "65536"); // the user's own choice
            StoreSinks.openEmbeddedDerby(directory, getClass().getClassLoader()).close();
            assertEquals("65536", System.getProperty(buffer));
        } finally {
            if (saved == null) {
                System.clearProperty(buffer);
            } else {
                System.setProperty(buffer, saved);
            }
        }
    }
}

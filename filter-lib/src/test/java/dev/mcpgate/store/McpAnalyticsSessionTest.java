package dev.mcpgate.store;

import static dev.mcpgate.store.StoreEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code McpAnalytics.session}: {@code null} as the endpoint means every endpoint, as documented (review finding 8). */
class McpAnalyticsSessionTest {

    /** Failed before the fix: the query compared the endpoint with NULL and found nothing. */
    @Test
    void aNullEndpointFindsTheSessionOfAnyEndpoint(@TempDir Path dir) throws Exception {
        McpStore store = StoreSinks.openEmbeddedDerby(dir.resolve("store"), getClass().getClassLoader());
        try {
            try (Connection c = store.dataSource().getConnection()) {
                c.setAutoCommit(false);
                new BatchWriter().write(c, List.of(started("ep-a", "sess-1", Instant.now(), "c")), false, null);
                c.commit();
            }
            McpAnalytics analytics = store.analytics();
            assertTrue(analytics.session(null, "sess-1").isPresent(), "null: every endpoint");
            assertEquals("sess-1", analytics.session("ep-a", "sess-1").orElseThrow().sessionId());
            assertTrue(analytics.session("ep-b", "sess-1").isEmpty(), "another endpoint's");
        } finally {
            store.close();
        }
    }
}

package dev.mcpgate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's reads on a DataSource that does not pool (McpGate's own) keep their connections: the analytics
 * API's queries do not each open one. Failed before: twenty reads of the dashboard opened a connection per query.
 */
class ReadConnectionsTest {

    @Test
    void readsOnADataSourceThatDoesNotPoolReuseAFewConnections(@TempDir Path dir) throws Exception {
        // Derby's engine may have been stopped by another test's last store: an embedded store starts it again
        McpStore engine = StoreSinks.openEmbeddedDerby(dir.resolve("engine"), getClass().getClassLoader());
        try {
            readsReuseConnections(dir);
        } finally {
            engine.close();
        }
    }

    private void readsReuseConnections(Path dir) throws Exception {
        SwitchableDataSource counting = new SwitchableDataSource(new DriverDataSource("jdbc:derby:" + dir.resolve("db") + ";create=true",
                null, null, getClass().getClassLoader()));
        McpStore store = McpStore.open(counting, getClass().getClassLoader(), () -> {
            try {
                new DriverDataSource("jdbc:derby:" + dir.resolve("db") + ";shutdown=true", null, null,
                        getClass().getClassLoader()).getConnection().close();
            } catch (SQLException expected) {
                // 08006: Derby reports its clean shutdown as an exception
            }
        });
        try {
            McpAnalytics analytics = store.analytics();
            Instant now = Instant.now();
            analytics.toolStats(null, now.minus(Duration.ofHours(1)), now, 10); // the pool's first connection
            int opened = counting.connectionsOpened();
            for (int i = 0; i < 20; i++) {
                analytics.toolStats(null, now.minus(Duration.ofHours(1)), now, 10);
                analytics.sessions(null, now.minus(Duration.ofHours(1)), now, 10);
                analytics.timeseries(null, now.minus(Duration.ofHours(1)), now);
            }
            assertTrue(counting.connectionsOpened() - opened <= HikariReads.MAX_CONNECTIONS,
                    "sixty reads opened " + (counting.connectionsOpened() - opened) + " connections");
        } finally {
            store.close();
        }
        assertEquals(counting.connectionsOpened(), counting.connectionsClosed(), "closing the store closed every connection");
    }
}

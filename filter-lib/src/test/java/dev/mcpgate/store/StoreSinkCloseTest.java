package dev.mcpgate.store;

import static dev.mcpgate.store.StoreEvents.call;
import static dev.mcpgate.store.StoreEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.Outcome;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's close: what it holds is written, and the last health row says so. */
class StoreSinkCloseTest {

    private static final ClassLoader LOADER = StoreSinkCloseTest.class.getClassLoader();

    /**
     * Closed while the writer still opens the database: every chunk is written after close began,
     * and the last health row, written after the last chunk, reports nothing pending (the row
     * written when the database opened said 50). Failed before the fix: the round that wrote the
     * last chunk ended the writer, so the last row was never written and the table kept 50 pending.
     */
    @Test
    void closeWritesWhatItHoldsAndALastHealthRowWithNothingPending(@TempDir Path dir) throws Exception {
        Path directory = dir.resolve("store");
        StoreSink sink = new StoreSink("closing", () -> StoreSinks.openEmbeddedDerby(directory, LOADER), 10, 1000,
                Duration.ofDays(1), Duration.ofSeconds(60));
        Instant t0 = Instant.now();
        List<McpEvent> events = new ArrayList<>(List.of(started("closing", "s1", t0, "c")));
        for (int i = 1; i < 50; i++) {
            events.add(call("closing", "s1", t0.plusMillis(i), "echo", Outcome.OK, 5, "c"));
        }
        sink.accept(new EventBatch(events));
        sink.close();

        assertEquals(0, sink.eventsDropped(), sink.health().toString());
        McpStore reopened = StoreSinks.openEmbeddedDerby(directory, LOADER);
        try (Connection c = reopened.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertEquals(49, count(s, "SELECT COUNT(*) FROM mcp_request"));
            assertEquals(0, count(s, "SELECT events_pending FROM mcp_store_health WHERE endpoint = 'closing'"),
                    "the last health row");
            assertEquals(0, count(s, "SELECT events_dropped FROM mcp_store_health WHERE endpoint = 'closing'"));
        } finally {
            reopened.close();
        }
    }

    /**
     * The server shut its executor down before the filter's destroy: the wake of the last events is
     * refused. Failed before the fix: the worker ended at the refusal and close() dropped the hold.
     */
    @Test
    void closeWritesTheHoldWhenTheExecutorRefusesRounds(@TempDir Path dir) throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        Path directory = dir.resolve("store");
        StoreSink sink = new StoreSink(settings(), () -> StoreSinks.openEmbeddedDerby(directory, LOADER), executor);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sink.store() == null) { // the first round opened the database
            assertTrue(System.nanoTime() < deadline, "the store opened");
            Thread.onSpinWait();
        }
        executor.shutdown();
        sink.accept(new EventBatch(events()));
        sink.close();
        assertWritten(directory, sink);
    }

    /** An executor that never runs the rounds: close() writes the hold itself. Failed before the fix: dropped. */
    @Test
    void closeWritesTheHoldWhenTheExecutorRunsNoRounds(@TempDir Path dir) throws Exception {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1) {
            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                return super.schedule(() -> { }, 1, TimeUnit.DAYS); // accepted, never run
            }
        };
        Path directory = dir.resolve("store");
        StoreSink sink = new StoreSink(settings(), () -> StoreSinks.openEmbeddedDerby(directory, LOADER), executor);
        try {
            sink.accept(new EventBatch(events()));
            sink.close();
        } finally {
            executor.shutdownNow();
        }
        assertWritten(directory, sink);
    }

    private static StoreSettings settings() {
        return new StoreSettings(true, "closing", "", "", "", "", "", 10, 1000, Duration.ofDays(1),
                Duration.ofSeconds(60), Duration.ofMillis(50), Duration.ofMillis(100), 100, Duration.ofDays(400));
    }

    private static List<McpEvent> events() {
        Instant t0 = Instant.now();
        List<McpEvent> events = new ArrayList<>(List.of(started("closing", "s1", t0, "c")));
        for (int i = 1; i < 50; i++) {
            events.add(call("closing", "s1", t0.plusMillis(i), "echo", Outcome.OK, 5, "c"));
        }
        return events;
    }

    private static void assertWritten(Path directory, StoreSink sink) throws Exception {
        assertEquals(0, sink.eventsDropped(), sink.health().toString());
        McpStore reopened = StoreSinks.openEmbeddedDerby(directory, LOADER);
        try (Connection c = reopened.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertEquals(49, count(s, "SELECT COUNT(*) FROM mcp_request"));
        } finally {
            reopened.close();
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}

package dev.mcpgate.bench;

import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.EventBatch;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.SessionStarted;
import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.store.McpStore;
import dev.mcpgate.store.StoreSink;
import dev.mcpgate.store.StoreSinks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Writer capacity, in its own JVM: how many {@code mcp_request} rows per second the store's writer
 * ({@link StoreSink}, its {@code BatchWriter}, default batch size 500) commits into embedded Derby
 * and into an embedded PostgreSQL, without HTTP in the way. Events are generated as the filter
 * produces them (sessions of 1 {@code SessionStarted}, N {@code RequestCompleted}, 1
 * {@code SessionEnded}), fed with {@link StoreSink#accept} in batches of 100 as fast as it takes
 * them (the hold is big enough: nothing is dropped), and timed from the first batch until
 * {@link StoreSink#awaitDrained} (everything committed). Each database first gets a discarded
 * warm-up run (which also migrates the schema); PostgreSQL is measured with the plain URL and with
 * {@code reWriteBatchedInserts=true}. Prints {@code WRITER <name> <rows> <seconds> <rows/s>} lines;
 * the rows are verified with {@code SELECT COUNT(*)}.
 *
 * <p>Arguments: request rows per measured run.
 */
public final class WriterBench {

    private static final int FEED_BATCH = 100;
    private static final int REQUESTS_PER_SESSION = 22;

    private static final java.util.logging.Logger QUIET_FLYWAY = java.util.logging.Logger.getLogger("org.flywaydb");
    private static final java.util.logging.Logger QUIET_ZONKY = java.util.logging.Logger.getLogger("io.zonky");

    public static void main(String[] args) throws Exception {
        QUIET_FLYWAY.setLevel(java.util.logging.Level.WARNING);
        QUIET_ZONKY.setLevel(java.util.logging.Level.WARNING);
        int rows = Integer.parseInt(args[0]);
        int warmupRows = Math.max(2000, rows / 5);
        ClassLoader loader = WriterBench.class.getClassLoader();

        Path derbyDir = Files.createTempDirectory("mcpgate-bench-writer-derby");
        try {
            StoreSink.StoreOpener derby = () -> StoreSinks.openEmbeddedDerby(derbyDir, loader);
            run("derby-warmup", derby, warmupRows, false);
            run("derby", derby, rows, true);
        } finally {
            deleteQuietly(derbyDir);
        }

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            StoreSink.StoreOpener plain = () -> McpStore.open(pgDataSource(url), loader, null);
            String rewriteUrl = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
            StoreSink.StoreOpener rewrite = () -> McpStore.open(pgDataSource(rewriteUrl), loader, null);
            run("postgres-warmup", plain, warmupRows, false);
            run("postgres", plain, rows, true);
            run("postgres-rewrite", rewrite, rows, true);
        }
        System.exit(0);
    }

    private static DataSource pgDataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        return ds;
    }

    private static void run(String name, StoreSink.StoreOpener opener, int rows, boolean report) throws Exception {
        String endpoint = "writer-" + name;
        List<EventBatch> batches = events(endpoint, rows);
        int events = batches.stream().mapToInt(b -> b.events().size()).sum();
        StoreSink sink = new StoreSink(endpoint, opener, 500, events + 1000, Duration.ofDays(30),
                Duration.ofSeconds(60));
        try {
            // connect + migrate before the clock starts: an empty batch
            sink.accept(new EventBatch(List.of()));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (sink.store() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            if (sink.store() == null) {
                throw new IllegalStateException(name + ": store did not open: " + sink.health().lastError());
            }
            long start = System.nanoTime();
            for (EventBatch b : batches) {
                sink.accept(b);
            }
            if (!sink.awaitDrained(Duration.ofMinutes(5))) {
                throw new IllegalStateException(name + ": not drained within 5 min: " + sink.health());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            StoreSink.Health h = sink.health();
            long stored = count(sink.store().dataSource(), endpoint);
            if (stored != rows || h.eventsDropped() != 0 || h.writeFailures() != 0) {
                throw new IllegalStateException(name + ": " + stored + " rows stored for " + rows + " requests, "
                        + h.eventsDropped() + " dropped, " + h.writeFailures() + " write failures (" + h.lastError() + ")");
            }
            if (report) {
                System.out.printf(Locale.ROOT, "WRITER %s %d %.3f %.0f%n", name, rows, seconds, rows / seconds);
            }
        } finally {
            sink.close();
        }
    }

    private static long count(DataSource ds, String endpoint) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM mcp_request WHERE endpoint = ?")) {
            s.setString(1, endpoint);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** {@code rows} requests in sessions of {@value #REQUESTS_PER_SESSION}, in dispatcher-sized batches. */
    private static List<EventBatch> events(String endpoint, int rows) {
        List<EventBatch> batches = new ArrayList<>();
        List<McpEvent> current = new ArrayList<>(FEED_BATCH);
        ClientIdentity client = ClientIdentity.of("mcpgate-bench", "1.0.0");
        Instant t = Instant.now();
        int made = 0;
        while (made < rows) {
            String session = UUID.randomUUID().toString();
            Instant started = t;
            current = add(batches, current, new SessionStarted(t, endpoint, session, Era.LEGACY, "2025-06-18", client,
                    null));
            int n = Math.min(REQUESTS_PER_SESSION, rows - made);
            for (int i = 0; i < n; i++) {
                t = t.plusNanos(50_000);
                current = add(batches, current, new RequestCompleted(TimeOrderedIds.next(), t, endpoint, session,
                        Era.LEGACY, "2025-06-18", "POST", 200, "tools/call", String.valueOf(i + 2), "echo",
                        Outcome.OK, null, null, 180 + i, 140, 260, client, null, true, 1));
            }
            made += n;
            current = add(batches, current, new SessionEnded(t, endpoint, session, EndReason.CLIENT_DELETE, started,
                    t, n, 0));
        }
        if (!current.isEmpty()) {
            batches.add(new EventBatch(current));
        }
        return batches;
    }

    private static List<McpEvent> add(List<EventBatch> batches, List<McpEvent> current, McpEvent event) {
        current.add(event);
        if (current.size() == FEED_BATCH) {
            batches.add(new EventBatch(current));
            return new ArrayList<>(FEED_BATCH);
        }
        return current;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp directory: left behind
        }
    }
}

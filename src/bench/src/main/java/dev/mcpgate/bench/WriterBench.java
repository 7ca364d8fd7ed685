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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
 * {@link StoreSink#awaitDrained} (everything committed). Each run first writes half as many warm-up
 * rows (at least 5,000, under an endpoint of their own) through the same open store, untimed: Derby
 * compiles its statements into classes of its own each time a database is booted, so a warm-up on a
 * store closed before the measured run left the JIT's work on the new classes in the measured CPU
 * (2026-12-02: a measured Derby run on a just-reopened database used 220 µs of CPU per row, one on a
 * database kept open 70). PostgreSQL runs twice, on a server with zonky's test
 * defaults ({@code fsync} and {@code synchronous_commit} off) and on one with production durability
 * (both on), each time the store as shipped (request rows through COPY), INSERT batches (plain URL)
 * and INSERT batches with {@code reWriteBatchedInserts=true}. Prints
 * {@code WRITER <name> <rows> <seconds> <rows/s> <JVM CPU µs/row> <database CPU µs/row> <writer thread CPU µs/row>}
 * lines (the JVM's process CPU, which holds Derby; PostgreSQL's processes from {@code /proc}, {@code -} for
 * Derby; the store's writer thread alone); the rows are verified with {@code SELECT COUNT(*)}.
 *
 * <p>Arguments: request rows per measured run; {@code derby} as a second argument runs only Derby's pair
 * (as migrated, and with the indexes V7 dropped put back), twice; {@code postgres} (or {@code postgres-durable})
 * runs only the store's COPY path on that server, a third argument's number of times (2).
 */
public final class WriterBench {

    private static final int FEED_BATCH = 100;
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    private static final int REQUESTS_PER_SESSION = 22;

    private static final java.util.logging.Logger QUIET_FLYWAY = java.util.logging.Logger.getLogger("org.flywaydb");
    private static final java.util.logging.Logger QUIET_ZONKY = java.util.logging.Logger.getLogger("io.zonky");

    public static void main(String[] args) throws Exception {
        QUIET_FLYWAY.setLevel(java.util.logging.Level.WARNING);
        QUIET_ZONKY.setLevel(java.util.logging.Level.WARNING);
        int rows = Integer.parseInt(args[0]);
        int warmupRows = Math.max(5000, rows / 2);
        ClassLoader loader = WriterBench.class.getClassLoader();

        if (args.length > 1 && args[1].startsWith("postgres")) { // PostgreSQL's COPY path alone, repeated
            postgresOnly(args[1], loader, rows, warmupRows, args.length > 2 ? Integer.parseInt(args[2]) : 2);
            System.exit(0);
        }
        // the schema as migrated, and with the three indexes V7 dropped put back (what they cost the writer),
        // in the same JVM; as migrated first: the JVM's first run is the coldest (JIT), so that any bias is
        // against V7; the second pair of an ABAB run is the one to compare
        derbyRun("derby", loader, rows, warmupRows, List.of());
        derbyRun("derby-before-v7", loader, rows, warmupRows, BEFORE_V7);
        if (args.length == 1) { // the harness's run: the writer again once the JVM has compiled its code
            derbyRun("derby-warm", loader, rows, warmupRows, List.of());
        }
        if (args.length > 1 && "derby".equals(args[1])) { // Derby alone, the pair twice (ABAB)
            derbyRun("derby-2", loader, rows, warmupRows, List.of());
            derbyRun("derby-before-v7-2", loader, rows, warmupRows, BEFORE_V7);
            System.exit(0);
        }

        // zonky's test defaults: fsync and synchronous_commit off (a commit returns before its WAL is on disk)
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            postgresRuns(postgres, "postgres", loader, rows, warmupRows);
        }
        // production durability: every commit waits for its WAL to be flushed to disk, as Derby's does
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("full_page_writes", "on").start()) {
            postgresRuns(postgres, "postgres-durable", loader, rows, warmupRows);
        }
        System.exit(0);
    }

    /**
     * The store's COPY path alone, {@code repeats} runs on one server ({@code postgres}: zonky's test defaults;
     * {@code postgres-durable}: fsync and synchronous_commit on), each with its warm-up: for profiling and A/B runs.
     */
    private static void postgresOnly(String which, ClassLoader loader, int rows, int warmupRows, int repeats)
            throws Exception {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if ("postgres-durable".equals(which)) {
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        try (EmbeddedPostgres postgres = builder.start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            DatabaseCpu cpu = DatabaseCpu.of(pgDataSource(url));
            System.out.println("POSTGRES " + which + ": " + settings(pgDataSource(url)));
            for (int i = 1; i <= repeats; i++) {
                run(which + "-" + i, () -> McpStore.open(pgDataSource(url), loader, null), warmupRows, rows, cpu);
            }
        }
    }

    /** The indexes of mcp_request that V7 dropped, as V1 and V5 created them. */
    private static final List<String> BEFORE_V7 = List.of(
            "CREATE INDEX mcp_request_target_ts_ix ON mcp_request (target, ts)",
            "CREATE INDEX mcp_request_outcome_ts_ix ON mcp_request (outcome, ts)",
            "CREATE INDEX mcp_request_violation_ts_ix ON mcp_request (violation, ts)");

    /** Embedded Derby in a fresh temp directory, migrated, then {@code extraIndexes} created; one run with its warm-up. */
    private static void derbyRun(String name, ClassLoader loader, int rows, int warmupRows, List<String> extraIndexes)
            throws Exception {
        // deleted at exit, not here: Derby's log file (a JVM-wide setting) stays where the first store put it
        Path derbyDir = Files.createTempDirectory("mcpgate-bench-writer-derby");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(derbyDir)));
        StoreSink.StoreOpener derby = () -> withIndexes(StoreSinks.openEmbeddedDerby(derbyDir, loader), extraIndexes);
        run(name, derby, warmupRows, rows, DatabaseCpu.NONE);
    }

    private static McpStore withIndexes(McpStore store, List<String> indexes) throws SQLException {
        try (Connection c = store.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            for (String index : indexes) {
                try {
                    s.executeUpdate(index);
                } catch (SQLException e) {
                    if (!"X0Y32".equals(e.getSQLState())) { // already there (the measured run reopens the store)
                        throw e;
                    }
                }
            }
        }
        return store;
    }

    /**
     * On one server: the store as shipped (request rows through COPY, plain URL), then INSERT batches
     * (connections that do not unwrap to pgjdbc's, which makes the store fall back to INSERT) with the
     * plain URL and with {@code reWriteBatchedInserts=true} (what the store used before COPY).
     */
    private static void postgresRuns(EmbeddedPostgres postgres, String name, ClassLoader loader, int rows,
            int warmupRows) throws Exception {
        String url = postgres.getJdbcUrl("postgres", "postgres");
        String rewriteUrl = url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        DatabaseCpu cpu = DatabaseCpu.of(pgDataSource(url));
        System.out.println("POSTGRES " + name + ": " + settings(pgDataSource(url)));
        StoreSink.StoreOpener copy = () -> McpStore.open(pgDataSource(url), loader, null);
        StoreSink.StoreOpener insert = () -> McpStore.open(withoutCopy(pgDataSource(url)), loader, null);
        StoreSink.StoreOpener rewrite = () -> McpStore.open(withoutCopy(pgDataSource(rewriteUrl)), loader, null);
        run(name, copy, warmupRows, rows, cpu);
        run(name + "-insert", insert, warmupRows, rows, cpu);
        run(name + "-rewrite", rewrite, warmupRows, rows, cpu);
        // the store's path again, in a JVM that has compiled it: a JVM's first runs carry C2's compilation on
        // the second core (8-20 us of JVM CPU per row against 2-6 later; lab notes, "PostgreSQL writer, session 12")
        run(name + "-warm", copy, warmupRows, rows, cpu);
    }

    private static String settings(DataSource ds) throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes", "server_version")) {
                try (ResultSet r = s.executeQuery("SHOW " + setting)) {
                    r.next();
                    out.append(setting).append('=').append(r.getString(1)).append(' ');
                }
            }
        }
        return out.toString().trim();
    }

    /**
     * The DataSource with connections that do not unwrap to the driver's: the store then writes
     * request rows with INSERT batches, its fallback path, through the same code otherwise.
     */
    private static DataSource withoutCopy(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(WriterBench.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    if (result instanceof Connection c) {
                        return Proxy.newProxyInstance(WriterBench.class.getClassLoader(), new Class<?>[] {Connection.class},
                                (p2, m2, a2) -> switch (m2.getName()) {
                                    case "isWrapperFor" -> false;
                                    case "unwrap" -> throw new SQLException("not unwrapped here");
                                    default -> invoke(c, m2, a2);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static DataSource pgDataSource(String url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser("postgres");
        return ds;
    }

    /** Warm-up rows, then the measured rows, through one open store; prints the measured run's figures. */
    private static void run(String name, StoreSink.StoreOpener opener, int warmupRows, int rows, DatabaseCpu dbCpu)
            throws Exception {
        String endpoint = "writer-" + name;
        List<EventBatch> warmup = events(endpoint + "-warmup", warmupRows);
        List<EventBatch> batches = events(endpoint, rows);
        int events = Math.max(count(warmup), count(batches));
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
            feed(sink, name + " warm-up", warmup);
            long start = System.nanoTime();
            long jvmCpuStart = PROCESS.getProcessCpuTime();
            long dbCpuStart = dbCpu.nanos();
            long writerCpuStart = writerThreadCpu(endpoint);
            feed(sink, name, batches);
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvmCpuPerRow = (PROCESS.getProcessCpuTime() - jvmCpuStart) / 1e3 / rows;
            double dbCpuPerRow = (dbCpu.nanos() - dbCpuStart) / 1e3 / rows;
            double writerCpuPerRow = (writerThreadCpu(endpoint) - writerCpuStart) / 1e3 / rows;
            StoreSink.Health h = sink.health();
            long stored = count(sink.store().dataSource(), endpoint);
            if (stored != rows || h.eventsDropped() != 0 || h.writeFailures() != 0) {
                throw new IllegalStateException(name + ": " + stored + " rows stored for " + rows + " requests, "
                        + h.eventsDropped() + " dropped, " + h.writeFailures() + " write failures (" + h.lastError() + ")");
            }
            System.out.printf(Locale.ROOT, "WRITER %s %d %.3f %.0f %.1f %s %.1f%n", name, rows, seconds, rows / seconds,
                    jvmCpuPerRow, dbCpu == DatabaseCpu.NONE ? "-" : String.format(Locale.ROOT, "%.1f", dbCpuPerRow),
                    writerCpuPerRow);
        } finally {
            sink.close();
        }
    }

    /** CPU nanoseconds of the sink's own writer thread ({@code mcpgate-store-<endpoint>}), 0 when not found. */
    private static long writerThreadCpu(String endpoint) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("mcpgate-store-" + endpoint)) {
                return Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return 0;
    }

    private static int count(List<EventBatch> batches) {
        return batches.stream().mapToInt(b -> b.events().size()).sum();
    }

    /** Every batch accepted, then waits until all are committed. */
    private static void feed(StoreSink sink, String what, List<EventBatch> batches) throws InterruptedException {
        for (EventBatch b : batches) {
            sink.accept(b);
        }
        if (!sink.awaitDrained(Duration.ofMinutes(5))) {
            throw new IllegalStateException(what + ": not drained within 5 min: " + sink.health());
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

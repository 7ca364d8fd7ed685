package dev.mcpgate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The harness (this JVM is the load client): starts {@link BenchServer} in a second JVM, replays
 * MCP sessions against every configuration round-robin for {@code bench.reps} repetitions in a
 * closed loop and {@code bench.open.reps} at a fixed rate in an open loop ({@link OpenLoop}), judges
 * the filter's server CPU per request against a bound ({@link RegressionCheck}), then
 * measures the session heap ({@link SessionHeap}, a third JVM) and runs the JMH benchmarks
 * ({@link JmhRunner}, forked JVMs). Prints a table and writes {@code results.json} to
 * {@code bench.out}. Exits non-zero when a configuration did not run or any request failed.
 */
public final class BenchMain {

    static String prop(String name, String def) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() || v.startsWith("${") ? def : v;
    }

    public static void main(String[] args) throws Exception {
        boolean smoke = Boolean.parseBoolean(prop("bench.smoke", "false"));
        int sessions = Integer.parseInt(prop("bench.sessions", "4"));
        int calls = Integer.parseInt(prop("bench.calls", "20"));
        long requests = Long.parseLong(prop("bench.requests", smoke ? "600" : "20000"));
        long warmup = Long.parseLong(prop("bench.warmup", smoke ? "200" : "4000"));
        long prewarm = Long.parseLong(prop("bench.prewarm", smoke ? "0" : "30000"));
        int reps = Integer.parseInt(prop("bench.reps", smoke ? "1" : "7"));
        int heapSessions = Integer.parseInt(prop("bench.heap.sessions", smoke ? "10000" : "100000"));
        int writerRows = Integer.parseInt(prop("bench.writer.rows", smoke ? "5000" : "100000"));
        boolean jmh = Boolean.parseBoolean(prop("bench.jmh", "true"));
        String jfrSetting = prop("bench.jfr", "false");
        boolean jfr = !jfrSetting.equals("false");
        String jfrSettings = jfrSetting.equals("true") ? "profile" : jfrSetting; // or a .jfc file
        boolean open = Boolean.parseBoolean(prop("bench.open", "true"));
        long openRequests = Long.parseLong(prop("bench.open.requests", smoke ? "300" : "6000"));
        long openWarmup = Long.parseLong(prop("bench.open.warmup", smoke ? "100" : "1000"));
        int openReps = Integer.parseInt(prop("bench.open.reps", smoke ? "1" : "3"));
        String rateProp = prop(OpenLoop.RATE, "auto");
        String fractionProp = prop(OpenLoop.FRACTION, String.valueOf(OpenLoop.DEFAULT_FRACTION));
        double checkBound = RegressionCheck.bound(prop(RegressionCheck.PROPERTY, String.valueOf(RegressionCheck.DEFAULT_BOUND)));
        if (smoke) {
            requests = Math.min(requests, 600);
            warmup = Math.min(warmup, 200);
            reps = 1;
            prewarm = 0;
            heapSessions = Math.min(heapSessions, 10000);
            writerRows = Math.min(writerRows, 5000);
            openRequests = Math.min(openRequests, 300);
            openWarmup = Math.min(openWarmup, 100);
            openReps = 1;
        }
        String configsProp = prop("bench.configs", "all");
        List<Configuration> configs = new ArrayList<>();
        if (configsProp.equals("all")) {
            configs.addAll(Arrays.asList(Configuration.values()));
        } else {
            for (String name : configsProp.split(",")) {
                configs.add(Configuration.byName(name.trim()));
            }
        }
        Path out = Path.of(prop("bench.out", "target/bench")).toAbsolutePath();
        Files.createDirectories(out);
        String command = prop("bench.command", "mvn -B -Pbench -pl src/bench -am verify -DskipTests")
                + (smoke ? " -Dbench.smoke=true" : "") + extraFlags();

        List<String> failures = new ArrayList<>();
        double loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cpus = Runtime.getRuntime().availableProcessors();
        if (loadBefore > 0.5 * cpus) {
            System.out.printf(Locale.ROOT, "WARNING: system load average %.1f on %d CPUs before the run: other work "
                    + "competes with client and server; figures will be noisy%n", loadBefore, cpus);
        }
        Map<Configuration, List<LoadRun.Result>> results = new LinkedHashMap<>();
        PairFigures pairs = new PairFigures();
        Map<Configuration, List<LoadRun.Result>> openResults = new LinkedHashMap<>();
        PairFigures openPairs = new PairFigures();
        OpenLoop.Rate rate = null;
        List<Double> checkRatios = new ArrayList<>();
        String checkSource;
        Map<String, Map<String, Long>> stats;
        Map<Configuration, List<long[]>> storeRuns = new LinkedHashMap<>(); // {rows, drain ms} per measured run
        Map<Configuration, List<long[]>> openStoreRuns = new LinkedHashMap<>();
        Map<Configuration, long[]> storeSeen = new LinkedHashMap<>(); // {request events, rows} at the last drain

        String cp = System.getProperty("java.class.path");
        List<String> serverCmd = new ArrayList<>(List.of(javaBin(), "-Xms1g", "-Xmx1g", "-XX:+UseG1GC"));
        if (jfr) {
            serverCmd.add("-XX:StartFlightRecording=filename=" + out.resolve("server.jfr") + ",settings=" + jfrSettings);
        }
        serverCmd.addAll(List.of("-cp", cp, BenchServer.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(serverCmd);
        pb.redirectError(out.resolve("server.log").toFile());
        Process server = pb.start();
        try {
            int port = awaitPort(server);
            System.out.printf(Locale.ROOT, "bench server on 127.0.0.1:%d (log %s)%n", port, out.resolve("server.log"));
            System.out.printf(Locale.ROOT, "%d sessions in parallel (closed loop), %d requests per session "
                    + "(initialize, notifications/initialized, tools/list, %d x tools/call, DELETE), "
                    + "%d measured + %d warm-up requests per run, %d repetition(s), %d pre-warm-up requests per configuration%n",
                    sessions, calls + 4, calls, requests, warmup, reps, prewarm);
            for (Configuration c : configs) {
                results.put(c, new ArrayList<>());
            }
            // JIT warm-up of client and server, discarded: the SDK path needs tens of thousands of requests
            for (int round = 0; round < 2 && prewarm > 0; round++) {
                for (Configuration c : configs) {
                    LoadRun load = new LoadRun(port, c, sessions, calls);
                    LoadRun.Result r = load.run(prewarm / 2, 0, null);
                    System.out.printf(Locale.ROOT, "  warm-up %-16s %10.0f req/s%n", c.wireName, r.rps());
                    if (r.errors() > 0) {
                        failures.add(c.wireName + ": errors in warm-up: " + r.errorSamples());
                    }
                    if (c.stores()) {
                        long sent = load.totalRequests(prewarm / 2, 0);
                        long[] rowsAndMs = awaitStored(port, c, sent, storeSeen, failures);
                        if (r.errors() == 0 && rowsAndMs[0] != sent) {
                            failures.add(c.wireName + ": " + rowsAndMs[0] + " rows written for " + sent
                                    + " requests sent in warm-up");
                        }
                    }
                }
            }
            for (int rep = 1; rep <= reps; rep++) {
                Map<Configuration, LoadRun.Result> thisRep = new LinkedHashMap<>();
                for (Configuration c : configs) {
                    LoadRun.Result r = measure(port, c, sessions, calls, Double.NaN, warmup, requests, "rep " + rep,
                            storeSeen, storeRuns, failures);
                    results.get(c).add(r);
                    thisRep.put(c, r);
                }
                pairs.add(thisRep);
            }
            if (open) {
                // one rate for all, below the slowest configuration's saturation; the same round-robin
                Map<String, Double> closedRps = new LinkedHashMap<>();
                for (Configuration c : configs) {
                    closedRps.put(c.wireName, median(results.get(c).stream().map(LoadRun.Result::rps).toList()));
                }
                rate = OpenLoop.choose(rateProp, fractionProp, closedRps);
                System.out.printf(Locale.ROOT, "open loop at %.0f req/s (%s): %d measured + %d warm-up requests "
                        + "per run, %d repetition(s)%n", rate.perSecond(), rate.source(), openRequests, openWarmup,
                        openReps);
                for (Configuration c : configs) {
                    openResults.put(c, new ArrayList<>());
                }
                for (int rep = 1; rep <= openReps; rep++) {
                    Map<Configuration, LoadRun.Result> thisRep = new LinkedHashMap<>();
                    for (Configuration c : configs) {
                        LoadRun.Result r = measure(port, c, sessions, calls, rate.perSecond(), openWarmup, openRequests,
                                "open rep " + rep, storeSeen, openStoreRuns, failures);
                        openResults.get(c).add(r);
                        thisRep.put(c, r);
                    }
                    openPairs.add(thisRep);
                }
            }
            if (!configs.contains(RegressionCheck.BASE) || !configs.contains(RegressionCheck.SUBJECT)) {
                checkSource = null;
            } else if (smoke) {
                checkSource = smokeCheck(port, sessions, calls, storeSeen, failures, checkRatios);
            } else {
                checkRatios.addAll(pairs.values(RegressionCheck.PAIR, PairFigures.SERVER_CPU_RATIO));
                checkSource = "the closed-loop repetitions (" + reps + ")";
            }
            Thread.sleep(1200); // two heartbeats after the last request, then one dispatch
            stats = stats(port, true);
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }

        double loadAfterRuns = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        // session heap, own JVM
        Long sessionHeap = sessionHeap(cp, heapSessions, failures);

        // replay memory against replay-max-bytes, own JVM
        Map<String, Long> replay = replayMemory(cp, smoke, failures);

        // writer capacity, own JVM
        Map<String, Double> writerFigures = writerBench(cp, writerRows, failures);

        // JMH
        List<JmhRunner.Figure> jmhFigures = new ArrayList<>();
        if (jmh) {
            try {
                jmhFigures = JmhRunner.run(smoke);
            } catch (Exception | LinkageError e) {
                failures.add("JMH failed: " + e);
            }
            if (jmhFigures.isEmpty()) {
                failures.add("JMH produced no results");
            }
        }

        // report
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%nclosed loop (%d session(s) each sending its next request when the "
                + "answer is in), median [min..max] of %d; CPU in us per request, from process CPU time over the "
                + "measured phase%n", sessions, reps));
        table.append(String.format(Locale.ROOT, "%-18s %-24s %-24s %-24s %8s %8s %8s %8s %9s %6s %7s %6s %5s%n",
                "configuration", "srvCPU/r", "cliCPU/r", "req/s", "p50 us", "p90 us", "p99 us", "p99.9 us",
                "requests", "errors", "drops", "rows", "GCs"));
        List<Map<String, Object>> runsJson = new ArrayList<>();
        StringBuilder accounting = accountingHeader(reps);
        for (Configuration c : configs) {
            List<LoadRun.Result> rs = results.get(c);
            if (rs.size() != reps) {
                failures.add(c.wireName + " did not run " + reps + " time(s)");
                continue;
            }
            long req = rs.stream().mapToLong(LoadRun.Result::requests).sum();
            long err = rs.stream().mapToLong(LoadRun.Result::errors).sum();
            if (err > 0) {
                failures.add(c.wireName + ": " + err + " error(s)");
            }
            if (req == 0) {
                failures.add(c.wireName + ": no request completed");
            }
            Spread rpsSpread = Spread.of(rs.stream().map(LoadRun.Result::rps).toList());
            Spread serverCpuSpread = Spread.of(rs.stream().map(LoadRun.Result::serverCpuUsPerRequest).toList());
            Spread clientCpuSpread = Spread.of(rs.stream().map(LoadRun.Result::clientCpuUsPerRequest).toList());
            Spread p50Spread = Spread.of(rs.stream().map(r -> us(r.latencyNanos(), 50)).toList());
            Spread p99Spread = Spread.of(rs.stream().map(r -> us(r.latencyNanos(), 99)).toList());
            double rps = rpsSpread.median();
            double p50 = median(rs.stream().map(r -> us(r.latencyNanos(), 50)).toList());
            double p90 = median(rs.stream().map(r -> us(r.latencyNanos(), 90)).toList());
            double p99 = median(rs.stream().map(r -> us(r.latencyNanos(), 99)).toList());
            double p999 = median(rs.stream().map(r -> us(r.latencyNanos(), 99.9)).toList());
            double serverCpu = serverCpuSpread.median();
            double clientCpu = clientCpuSpread.median();
            double gcs = median(rs.stream().map(r -> (double) r.serverGcs()).toList());
            Long drops = null;
            long rows = 0;
            List<long[]> storeRun = storeRuns.getOrDefault(c, List.of());
            if (c.stores()) {
                rows = (long) median(storeRun.stream().map(x -> (double) x[0]).toList());
            }
            if (c.filtered) {
                Map<String, Long> s = stats.get(c.wireName);
                if (s == null || !s.containsKey("eventsDropped")) {
                    failures.add(c.wireName + ": no heartbeat from the filter (events not dispatched?)");
                } else {
                    // the filter's event queue + the store's hold (Heartbeat.sinkEventsDropped)
                    drops = s.get("eventsDropped") + s.getOrDefault("sinkEventsDropped", 0L);
                    if (c.stores()) {
                        long stored = s.getOrDefault("rows", -1L);
                        long events = s.getOrDefault("requestEvents", 0L);
                        long sinkDrops = s.getOrDefault("sinkEventsDropped", 0L);
                        if (stored + sinkDrops != events) {
                            failures.add(c.wireName + ": " + stored + " mcp_request rows + " + sinkDrops
                                    + " store drops for " + events + " request events (silent loss)");
                        }
                    }
                    if (s.getOrDefault("observerFailures", 0L) > 0 || s.getOrDefault("unparsableBodies", 0L) > 0) {
                        failures.add(c.wireName + ": filter counted observer failures or unparsable bodies: " + s);
                    }
                    long expected = (long) reps * requests(rs); // measured only; warm-up adds more
                    if (s.getOrDefault("requestEvents", 0L) + drops < expected) {
                        failures.add(c.wireName + ": " + s.get("requestEvents") + " request events + " + drops
                                + " drops for at least " + expected + " requests");
                    }
                }
            }
            table.append(String.format(Locale.ROOT, "%-18s %-24s %-24s %-24s %8.0f %8.0f %8.0f %8.0f %9d %6d %7s %6d %5.0f%n",
                    c.wireName, serverCpuSpread.format(1), clientCpuSpread.format(1), rpsSpread.format(0), p50, p90,
                    p99, p999, req, err, drops == null ? "-" : drops.toString(), rows, gcs));
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("name", c.wireName);
            run.put("requests", req);
            run.put("errors", err);
            run.put("rps", round(rps));
            run.put("p50_us", round(p50));
            run.put("p90_us", round(p90));
            run.put("p99_us", round(p99));
            run.put("p999_us", round(p999));
            run.put("drops", drops);
            run.put("rows", rows);
            if (c.stores()) {
                Map<String, Long> s = stats.get(c.wireName);
                run.put("rows_total", s == null ? null : s.get("rows"));
                run.put("request_events_total", s == null ? null : s.get("requestEvents"));
                run.put("store_drops", s == null ? null : s.get("sinkEventsDropped"));
            }
            run.put("server_cpu_us_per_request", round(serverCpu));
            run.put("client_cpu_us_per_request", round(clientCpu));
            run.put("server_gcs_per_run", gcs);
            run.put("filtered", c.filtered);
            Map<String, Object> spread = new LinkedHashMap<>();
            spread.put("server_cpu_us_per_request", serverCpuSpread.json(1));
            spread.put("client_cpu_us_per_request", clientCpuSpread.json(1));
            spread.put("rps", rpsSpread.json(1));
            spread.put("p50_us", p50Spread.json(1));
            spread.put("p99_us", p99Spread.json(1));
            putCpuAccount(rs, run, spread, cpus);
            accounting.append(accountingLine(c, rs, cpus));
            run.put("spread", spread);
            int[] repIndex = {0};
            run.put("repetitions", rs.stream().map(r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                int i = repIndex[0]++;
                if (i < storeRun.size()) {
                    m.put("rows", storeRun.get(i)[0]);
                    m.put("drain_ms", storeRun.get(i)[1]);
                }
                m.put("requests", r.requests());
                m.put("errors", r.errors());
                m.put("rps", round(r.rps()));
                m.put("p50_us", round(us(r.latencyNanos(), 50)));
                m.put("p99_us", round(us(r.latencyNanos(), 99)));
                m.put("server_cpu_us_per_request", round(r.serverCpuUsPerRequest()));
                m.put("client_cpu_us_per_request", round(r.clientCpuUsPerRequest()));
                putCpuAccount(r, m, cpus);
                return (Object) m;
            }).toList());
            runsJson.add(run);
        }
        for (String[] na : Configuration.NOT_YET_AVAILABLE) {
            table.append(String.format(Locale.ROOT, "%-18s not yet available (%s)%n", na[0], na[1]));
        }
        table.append(accounting);
        table.append(String.format(Locale.ROOT, "%nclosed-loop ratios%n"));
        Map<String, Object> ratiosJson = ratios(pairs, table, true);
        pairAccounting(pairs, table, cpus);
        Map<String, Object> openJson = null;
        if (rate != null) {
            openJson = openLoopReport(configs, openResults, openPairs, rate, openRequests, openWarmup, openReps,
                    sessions, command, table, failures);
        }
        RegressionCheck.Verdict check = null;
        if (checkSource == null) {
            table.append(String.format(Locale.ROOT, "%nregression check: skipped (%s and %s not both in bench.configs)%n",
                    RegressionCheck.BASE.wireName, RegressionCheck.SUBJECT.wireName));
        } else {
            check = RegressionCheck.judge(checkRatios, checkBound, checkSource);
            table.append('\n').append(check.line()).append('\n');
            if (!check.passed()) {
                failures.add(check.line());
            }
        }
        table.append(String.format(Locale.ROOT, "%nsession heap: %s bytes per idle tracked session (%d sessions, "
                + "InMemorySessionStore + TrackedSession driven in-process; budget <= 1024)%n",
                sessionHeap == null ? "n/a" : sessionHeap.toString(), heapSessions));
        table.append(replay.isEmpty() ? "replay memory: n/a\n" : String.format(Locale.ROOT, "replay memory (%d sessions x "
                + "%d events of %d B on a resume=true endpoint, kept open): %,d B sent, %,d B held by the filter "
                + "(replay-max-bytes %,d), %,d events evicted, %,d B heap for the logs (after GC, against the same "
                + "sessions with resume off)%n", replay.get("sessions"), replay.get("events"), replay.get("size"),
                replay.get("received"), replay.get("held"), replay.get("bound"), replay.get("evicted"),
                replay.get("heap")));
        table.append(String.format(Locale.ROOT, "writer capacity (%d mcp_request rows per run, StoreSink fed directly, "
                + "batches of 500; budget >= 25,000 Derby, >= 60,000 PostgreSQL): derby %s rows/s, postgres %s rows/s, "
                + "postgres with reWriteBatchedInserts=true %s rows/s%n", writerRows,
                fmt(writerFigures.get("derby")), fmt(writerFigures.get("postgres")),
                fmt(writerFigures.get("postgres-rewrite"))));
        table.append(String.format(Locale.ROOT, "  postgres = COPY (the store's path), insert = INSERT batches; "
                + "fsync/synchronous_commit off (zonky) | on (durable): copy %s | %s, insert %s | %s, rewrite %s | %s "
                + "rows/s%n", fmt(writerFigures.get("postgres")), fmt(writerFigures.get("postgres-durable")),
                fmt(writerFigures.get("postgres-insert")), fmt(writerFigures.get("postgres-durable-insert")),
                fmt(writerFigures.get("postgres-rewrite")), fmt(writerFigures.get("postgres-durable-rewrite"))));
        table.append(String.format(Locale.ROOT, "  warm (the same again, last in the writer's JVM, after the JIT has "
                + "compiled the path): derby %s, postgres copy %s | durable %s rows/s%n", fmt(writerFigures.get("derby-warm")),
                fmt(writerFigures.get("postgres-warm")), fmt(writerFigures.get("postgres-durable-warm"))));
        if (!jmhFigures.isEmpty()) {
            table.append(String.format(Locale.ROOT, "%n%-48s %14s %12s%n", "JMH benchmark", "ops/s", "B/op"));
            for (JmhRunner.Figure f : jmhFigures) {
                table.append(String.format(Locale.ROOT, "%-48s %14.0f %12.0f%n", f.name(), f.opsPerSecond(), f.bytesPerOp()));
            }
        }
        if (smoke) {
            table.append("\nsmoke run: checks that every configuration runs without error (closed and open loop); its "
                    + "figures mean nothing, except the regression check's, which has its own warmed-up runs\n");
        }
        table.append(String.format(Locale.ROOT, "%nsystem load average (1 min): %.1f before, %.1f after the load runs "
                + "(%d CPUs; client + server alone make about 2)%n", loadBefore, loadAfterRuns, cpus));
        table.append("\ncommand: ").append(command).append('\n');
        System.out.print(table);

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("timestamp", Instant.now().toString());
        json.put("smoke", smoke);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("sessions", sessions);
        setup.put("requests_per_session", calls + 4);
        setup.put("measured_requests_per_run", requests);
        setup.put("warmup_requests_per_run", warmup);
        setup.put("repetitions", reps);
        setup.put("prewarm_requests_per_configuration", prewarm);
        setup.put("client", (LoadRun.CLIENT.equals("jdk") ? "java.net.http.HttpClient" : "plain-socket")
                + " HTTP/1.1 keep-alive, separate JVM from the server");
        setup.put("cpus", cpus);
        double loadAfter = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        setup.put("load_average_before", round(loadBefore));
        setup.put("load_average_after_load_runs", round(loadAfterRuns));
        setup.put("load_average_at_end", round(loadAfter));
        setup.put("java", System.getProperty("java.version"));
        json.put("setup", setup);
        json.put("runs", runsJson);
        json.put("not_yet_available", Configuration.NOT_YET_AVAILABLE.stream().map(a -> a[0]).toList());
        json.put("ratios", ratiosJson);
        json.put("open_loop", openJson);
        json.put("regression_check", check == null ? null : check.json(command));
        Map<String, Object> writer = new LinkedHashMap<>();
        writer.put("derby_rows_per_s", writerFigures.get("derby"));
        writer.put("postgres_rows_per_s", writerFigures.get("postgres"));
        writer.put("postgres_rewrite_batched_inserts_rows_per_s", writerFigures.get("postgres-rewrite"));
        // issue 16: "postgres" is the store as shipped (COPY); the INSERT paths and a durable server beside it
        writer.put("postgres_insert_rows_per_s", writerFigures.get("postgres-insert"));
        writer.put("postgres_durable_rows_per_s", writerFigures.get("postgres-durable"));
        // the first runs of a fresh JVM carry its JIT compilation on the second core; these ran last
        writer.put("derby_warm_rows_per_s", writerFigures.get("derby-warm"));
        writer.put("postgres_warm_rows_per_s", writerFigures.get("postgres-warm"));
        writer.put("postgres_durable_warm_rows_per_s", writerFigures.get("postgres-durable-warm"));
        writer.put("postgres_durable_insert_rows_per_s", writerFigures.get("postgres-durable-insert"));
        writer.put("postgres_durable_rewrite_batched_inserts_rows_per_s", writerFigures.get("postgres-durable-rewrite"));
        Map<String, Object> cpuPerRow = new LinkedHashMap<>();
        writerFigures.forEach((k, v) -> {
            if (k.endsWith("_cpu_us_per_row")) {
                cpuPerRow.put(k.replace('-', '_').replace('.', '_'), v);
            }
        });
        writer.put("cpu_us_per_row", cpuPerRow);
        writer.put("rows_per_run", writerRows);
        writer.put("method", "StoreSink fed directly in its own JVM (sessions of 22 requests, batches of 100 "
                + "accepted as fast as it takes them), timed until all rows are committed; default batch size 500; "
                + "embedded Derby and embedded PostgreSQL (zonky); postgres = request rows through COPY (the store's "
                + "path), postgres-insert / -rewrite = INSERT batches (plain / reWriteBatchedInserts=true); postgres "
                + "with zonky's fsync=off synchronous_commit=off, postgres-durable with both on; cpu_us_per_row: the "
                + "writer JVM's process CPU (holds Derby) and PostgreSQL's processes (/proc) per request row");
        json.put("writer", writer);
        json.put("session_heap_bytes", sessionHeap);
        json.put("session_heap_sessions", heapSessions);
        json.put("session_heap_method", "in-process: InMemorySessionStore + TrackedSession, MemoryMXBean after GC");
        json.put("replay_memory", replay);
        json.put("replay_memory_method", "in-process embedded Tomcat: N sessions x 1 tools/call sending M progress "
                + "events, resume=true vs resume off; held/evicted from McpGateEndpoint, heap from MemoryMXBean after GC");
        json.put("jmh", jmhFigures.stream().map(f -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("benchmark", f.name());
            m.put("ops_per_s", round(f.opsPerSecond()));
            m.put("bytes_per_op", round(f.bytesPerOp()));
            return (Object) m;
        }).toList());
        json.put("filter_stats", stats);
        json.put("failures", failures);
        Path file = out.resolve("results.json");
        Files.writeString(file, Json.write(json) + "\n");
        System.out.println("results: " + file);
        if (!failures.isEmpty()) {
            System.out.println("HARNESS FAILED:");
            failures.forEach(f -> System.out.println("  " + f));
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Runs one configuration once (warm-up + measured) and prints its line; for a store
     * configuration, waits until the store has caught up (outside every measured phase) and checks
     * that it wrote one row per request sent.
     */
    private static LoadRun.Result measure(int port, Configuration c, int sessions, int calls, double rate, long warmup,
            long requests, String label, Map<Configuration, long[]> storeSeen, Map<Configuration, List<long[]>> storeRuns,
            List<String> failures) throws Exception {
        LoadRun load = new LoadRun(port, c, sessions, calls, rate);
        LoadRun.Result r = load.run(warmup, requests, () -> cpuProbe(port));
        System.out.printf(Locale.ROOT, "  %s %-16s %8d req %6d err %10.0f req/s p50 %7.0f p99 %7.0f us srvCPU/r %7.1f "
                + "cliCPU/r %7.1f us%s%n", label, c.wireName, r.requests(), r.errors(), r.rps(), us(r.latencyNanos(), 50),
                us(r.latencyNanos(), 99), r.serverCpuUsPerRequest(), r.clientCpuUsPerRequest(),
                r.sendLagNanos() == null ? "" : String.format(Locale.ROOT, " send lag p99 %.0f us",
                        us(r.sendLagNanos(), 99)));
        for (String e : r.errorSamples()) {
            System.out.println("    error: " + e);
        }
        if (c.stores()) {
            long sent = load.totalRequests(warmup, requests);
            long[] rowsAndMs = awaitStored(port, c, sent, storeSeen, failures);
            storeRuns.computeIfAbsent(c, k -> new ArrayList<>()).add(rowsAndMs);
            System.out.printf(Locale.ROOT, "  %s %-16s %8d rows written for %d requests sent "
                    + "(warm-up + measured), store drained %d ms after the run%n", label, c.wireName,
                    rowsAndMs[0], sent, rowsAndMs[1]);
            if (r.errors() == 0 && rowsAndMs[0] != sent) {
                failures.add(c.wireName + ": " + label + ": " + rowsAndMs[0] + " rows written for "
                        + sent + " requests sent (silent loss?)");
            }
        }
        return r;
    }

    /**
     * The regression check's own measurement in the smoke run: {@code bare} and {@code observe-nostore}
     * pre-warmed, then {@link RegressionCheck#SMOKE_REPS} back-to-back pairs; adds each pair's server
     * CPU ratio to {@code ratios}; returns where the figures came from.
     */
    private static String smokeCheck(int port, int sessions, int calls, Map<Configuration, long[]> storeSeen,
            List<String> failures, List<Double> ratios) throws Exception {
        Configuration base = RegressionCheck.BASE;
        Configuration subject = RegressionCheck.SUBJECT;
        System.out.printf(Locale.ROOT, "regression check %s: %d pre-warm-up requests each (twice), then %d x (%d + %d)%n",
                RegressionCheck.PAIR, RegressionCheck.SMOKE_PREWARM, RegressionCheck.SMOKE_REPS,
                RegressionCheck.SMOKE_WARMUP, RegressionCheck.SMOKE_REQUESTS);
        for (int round = 0; round < 2; round++) {
            for (Configuration c : List.of(base, subject)) {
                LoadRun.Result r = new LoadRun(port, c, sessions, calls).run(RegressionCheck.SMOKE_PREWARM / 2, 0, null);
                if (r.errors() > 0) {
                    failures.add(c.wireName + ": errors in the regression check's warm-up: " + r.errorSamples());
                }
            }
        }
        Map<Configuration, List<long[]>> noStore = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (int rep = 1; rep <= RegressionCheck.SMOKE_REPS; rep++) {
            // A B, then B A: a drift over the step (the JIT still at work, other load) does not favour one side
            Map<Configuration, LoadRun.Result> pair = new LinkedHashMap<>();
            for (Configuration c : rep % 2 == 1 ? List.of(base, subject) : List.of(subject, base)) {
                pair.put(c, measure(port, c, sessions, calls, Double.NaN, RegressionCheck.SMOKE_WARMUP,
                        RegressionCheck.SMOKE_REQUESTS, "check " + rep, storeSeen, noStore, failures));
            }
            LoadRun.Result a = pair.get(base);
            LoadRun.Result b = pair.get(subject);
            if (a.errors() > 0 || b.errors() > 0) {
                failures.add(RegressionCheck.PAIR + ": errors in the regression check's runs");
            }
            ratios.add(b.serverCpuUsPerRequest() / a.serverCpuUsPerRequest());
        }
        System.out.printf(Locale.ROOT, "regression check runs took %.1f s%n", (System.nanoTime() - started) / 1e9);
        return String.format(Locale.ROOT, "smoke check step: %d pre-warm-up requests per configuration, then %d "
                + "back-to-back pairs (alternately A B and B A) of %d warm-up + %d measured requests",
                RegressionCheck.SMOKE_PREWARM, RegressionCheck.SMOKE_REPS, RegressionCheck.SMOKE_WARMUP,
                RegressionCheck.SMOKE_REQUESTS);
    }

    /** The per-request CPU account's figures of one repetition ({@link CpuAccount}), into its results.json object. */
    private static void putCpuAccount(LoadRun.Result r, Map<String, Object> m, int cpus) {
        cpuFigures(cpus).forEach((name, f) -> m.put(name, Spread.round(f.applyAsDouble(r), decimals(name))));
    }

    /** The same over the repetitions: medians into {@code run}, their spread into {@code spread}. */
    private static void putCpuAccount(List<LoadRun.Result> rs, Map<String, Object> run, Map<String, Object> spread,
            int cpus) {
        cpuFigures(cpus).forEach((name, f) -> {
            Spread sp = Spread.of(rs.stream().map(r -> f.applyAsDouble(r)).toList());
            run.put(name, Spread.round(sp.median(), decimals(name)));
            spread.put(name, sp.json(decimals(name)));
        });
    }

    /** The CPU account's figures of a run, by their results.json names. */
    private static Map<String, java.util.function.ToDoubleFunction<LoadRun.Result>> cpuFigures(int cpus) {
        Map<String, java.util.function.ToDoubleFunction<LoadRun.Result>> figures = new LinkedHashMap<>();
        figures.put("server_request_path_cpu_us_per_request", r -> r.cpu().requestPath());
        figures.put("server_store_threads_cpu_us_per_request", r -> r.cpu().storeThreads());
        figures.put("server_idle_threads_cpu_us_per_request", r -> r.cpu().idleThreads());
        figures.put("server_jvm_internal_cpu_us_per_request", r -> r.cpu().jvmInternal());
        figures.put("database_cpu_us_per_request", r -> r.cpu().database());
        figures.put("machine_cpu_us_per_request", r -> r.cpu().machine());
        figures.put("host_busy_cpu_us_per_request", r -> r.cpu().hostBusy());
        figures.put("cores_used", r -> r.cpu().coresUsed(r.rps()));
        figures.put("saturation_rps", r -> r.cpu().saturationRps(cpus));
        return figures;
    }

    private static int decimals(String figure) {
        return figure.equals("cores_used") ? 3 : 1;
    }

    private static StringBuilder accountingHeader(int reps) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%nclosed-loop CPU account, us per request, "
                + "median [min..max] of %d: client JVM; server JVM = request path + store threads (the endpoint's "
                + "pool: dispatcher, writer; Derby's daemons) + idle (the other endpoints' pools), GC/JIT a part of "
                + "the request path; PostgreSQL; "
                + "machine = client + server + database; host = all busy CPU (/proc/stat)%n", reps));
        b.append(String.format(Locale.ROOT, "%-18s %-22s %-22s %-22s %-10s %-10s %-22s %-22s %-22s %7s %9s%n",
                "configuration", "client", "srv request path", "srv store threads", "srv idle", "GC/JIT", "database",
                "machine", "host busy", "cores", "sat req/s"));
        return b;
    }

    private static String accountingLine(Configuration c, List<LoadRun.Result> rs, int cpus) {
        java.util.function.Function<java.util.function.ToDoubleFunction<LoadRun.Result>, Spread> of =
                f -> Spread.of(rs.stream().map(r -> f.applyAsDouble(r)).toList());
        return String.format(Locale.ROOT, "%-18s %-22s %-22s %-22s %-10.1f %-10.1f %-22s %-22s %-22s %7.2f %9.0f%n",
                c.wireName, of.apply(r -> r.cpu().client()).format(1), of.apply(r -> r.cpu().requestPath()).format(1),
                of.apply(r -> r.cpu().storeThreads()).format(1), of.apply(r -> r.cpu().idleThreads()).median(),
                of.apply(r -> r.cpu().jvmInternal()).median(),
                of.apply(r -> r.cpu().database()).format(1), of.apply(r -> r.cpu().machine()).format(1),
                of.apply(r -> r.cpu().hostBusy()).format(1), of.apply(r -> r.cpu().coresUsed(r.rps())).median(),
                of.apply(r -> r.cpu().saturationRps(cpus)).median());
    }

    /**
     * The pairs' machine CPU per request: what B adds over A, by part, the throughput ratio that the
     * machine CPU ratio predicts for a saturated closed loop against the measured one, and what a
     * throughput budget leaves B to add ({@link CpuAccount#allowedAdded}).
     */
    private static void pairAccounting(PairFigures pairs, StringBuilder table, int cpus) {
        table.append(String.format(Locale.ROOT, "%nclosed-loop pairs' machine CPU, us per request (median of the "
                + "per-repetition differences B - A; predicted = machine A / machine B, the throughput ratio of a "
                + "closed loop that keeps the %d cores busy)%n", cpus));
        table.append(String.format(Locale.ROOT, "%-30s %8s %-20s %10s %10s %10s %10s %10s %-20s %9s %8s %11s%n", "pair",
                "machine A", "added machine", "srv req", "srv store", "database", "client", "host busy",
                "predicted", "measured", "budget", "allowed add"));
        for (String key : pairs.pairs()) {
            Spread base = pairs.spread(key, PairFigures.BASE_MACHINE_CPU);
            Double budget = PairFigures.THROUGHPUT_BUDGETS.get(key);
            table.append(String.format(Locale.ROOT, "%-30s %8.1f %-20s %10.1f %10.1f %10.1f %10.1f %10.1f %-20s %9.3f %8s %11s%n",
                    key, base.median(), pairs.spread(key, PairFigures.ADDED_MACHINE_CPU).format(1),
                    pairs.spread(key, PairFigures.ADDED_REQUEST_PATH_CPU).median(),
                    pairs.spread(key, PairFigures.ADDED_STORE_THREADS_CPU).median(),
                    pairs.spread(key, PairFigures.ADDED_DATABASE_CPU).median(),
                    pairs.spread(key, PairFigures.ADDED_CLIENT_CPU).median(),
                    pairs.spread(key, PairFigures.ADDED_HOST_BUSY_CPU).median(),
                    pairs.spread(key, PairFigures.PREDICTED_THROUGHPUT).format(3),
                    pairs.spread(key, PairFigures.THROUGHPUT).median(),
                    budget == null ? "-" : String.format(Locale.ROOT, ">= %.2f", budget),
                    budget == null ? "-" : String.format(Locale.ROOT, "<= %.1f", CpuAccount.allowedAdded(base.median(), budget))));
        }
    }

    /** The ratios table of {@code pairs} (appended to {@code table}) and their results.json object. */
    private static Map<String, Object> ratios(PairFigures pairs, StringBuilder table, boolean withBudget) {
        table.append(String.format(Locale.ROOT, "%-30s %-22s %-22s %-22s %-22s %12s %12s   %s%n",
                "ratio (B/A, per repetition)", "srvCPU/r B/A", "added srvCPU/r us", "added cliCPU/r us", "throughput",
                "added p50 us", "added p99 us", withBudget ? "budget" : ""));
        Map<String, Object> json = new LinkedHashMap<>();
        for (String key : pairs.pairs()) {
            Spread cpuRatio = pairs.spread(key, PairFigures.SERVER_CPU_RATIO);
            Spread cpu = pairs.spread(key, PairFigures.ADDED_SERVER_CPU);
            Spread cliCpu = pairs.spread(key, PairFigures.ADDED_CLIENT_CPU);
            Spread rps = pairs.spread(key, PairFigures.THROUGHPUT);
            Spread p50 = pairs.spread(key, PairFigures.ADDED_P50);
            Spread p99 = pairs.spread(key, PairFigures.ADDED_P99);
            String budget = !withBudget ? ""
                    : key.startsWith("floor-observe") ? ">= 0.90, <= 15, <= 60"
                    : key.startsWith("observe-nostore") ? ">= 0.97, <= 25, <= 100"
                    : key.startsWith("gateway-proxied") ? "added <= 150 p50 (proxy hop + filter)"
                    : key.startsWith("observe-resume") ? "none: what resume=true costs (against observe-nostore)"
                    : ">= 0.95, 0 drops";
            table.append(String.format(Locale.ROOT, "%-30s %-22s %-22s %-22s %-22s %12.1f %12.1f   %s%n", key,
                    cpuRatio.format(3), cpu.format(1), cliCpu.format(1), rps.format(3), p50.median(), p99.median(),
                    budget));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("throughput", round3(rps.median()));
            m.put("added_p50_us", round(p50.median()));
            m.put("added_p99_us", round(p99.median()));
            m.put("added_server_cpu_us_per_request", round(cpu.median()));
            m.put("added_client_cpu_us_per_request", round(cliCpu.median()));
            m.put("server_cpu_ratio", round3(cpuRatio.median()));
            m.put("client_cpu_ratio", round3(pairs.spread(key, PairFigures.CLIENT_CPU_RATIO).median()));
            m.put("throughput_per_rep", pairs.values(key, PairFigures.THROUGHPUT).stream().map(BenchMain::round3).toList());
            m.put("server_cpu_ratio_per_rep", pairs.values(key, PairFigures.SERVER_CPU_RATIO).stream()
                    .map(BenchMain::round3).toList());
            Map<String, Object> spread = new LinkedHashMap<>();
            spread.put(PairFigures.SERVER_CPU_RATIO, cpuRatio.json(3));
            spread.put(PairFigures.ADDED_SERVER_CPU, cpu.json(1));
            spread.put(PairFigures.ADDED_CLIENT_CPU, cliCpu.json(1));
            spread.put(PairFigures.THROUGHPUT, rps.json(3));
            spread.put(PairFigures.ADDED_P50, p50.json(1));
            spread.put(PairFigures.ADDED_P99, p99.json(1));
            for (String figure : List.of(PairFigures.ADDED_MACHINE_CPU, PairFigures.ADDED_REQUEST_PATH_CPU,
                    PairFigures.ADDED_STORE_THREADS_CPU, PairFigures.ADDED_DATABASE_CPU, PairFigures.ADDED_HOST_BUSY_CPU,
                    PairFigures.BASE_MACHINE_CPU)) {
                Spread f = pairs.spread(key, figure);
                m.put(figure, Spread.round(f.median(), 1));
                spread.put(figure, f.json(1));
            }
            for (String figure : withBudget ? List.of(PairFigures.MACHINE_CPU_RATIO, PairFigures.PREDICTED_THROUGHPUT)
                    : List.of(PairFigures.MACHINE_CPU_RATIO)) {
                Spread f = pairs.spread(key, figure);
                m.put(figure, Spread.round(f.median(), 3));
                spread.put(figure, f.json(3));
            }
            m.put("spread", spread);
            json.put(key, m);
        }
        return json;
    }

    /** The open loop's table (appended to {@code table}) and its results.json object. */
    private static Map<String, Object> openLoopReport(List<Configuration> configs,
            Map<Configuration, List<LoadRun.Result>> results, PairFigures pairs, OpenLoop.Rate rate, long requests,
            long warmup, int reps, int sessions, String command, StringBuilder table, List<String> failures) {
        table.append(String.format(Locale.ROOT, "%nopen loop at %.0f req/s (%s; %d session(s) on one timetable, latency "
                + "from each request's due time), median [min..max] of %d; CPU in us per request%n", rate.perSecond(),
                rate.source(), sessions, reps));
        table.append(String.format(Locale.ROOT, "%-18s %-24s %-24s %10s %8s %8s %8s %8s %12s %9s %6s%n", "configuration",
                "srvCPU/r", "cliCPU/r", "req/s", "p50 us", "p90 us", "p99 us", "max us", "lag p99 us", "requests",
                "errors"));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Configuration c : configs) {
            List<LoadRun.Result> rs = results.getOrDefault(c, List.of());
            if (rs.size() != reps) {
                failures.add(c.wireName + " did not run " + reps + " time(s) in the open loop");
                continue;
            }
            long req = rs.stream().mapToLong(LoadRun.Result::requests).sum();
            long err = rs.stream().mapToLong(LoadRun.Result::errors).sum();
            if (err > 0) {
                failures.add(c.wireName + ": " + err + " error(s) in the open loop");
            }
            Spread serverCpu = Spread.of(rs.stream().map(LoadRun.Result::serverCpuUsPerRequest).toList());
            Spread clientCpu = Spread.of(rs.stream().map(LoadRun.Result::clientCpuUsPerRequest).toList());
            Spread rps = Spread.of(rs.stream().map(LoadRun.Result::rps).toList());
            Spread p50 = Spread.of(rs.stream().map(r -> us(r.latencyNanos(), 50)).toList());
            Spread p90 = Spread.of(rs.stream().map(r -> us(r.latencyNanos(), 90)).toList());
            Spread p99 = Spread.of(rs.stream().map(r -> us(r.latencyNanos(), 99)).toList());
            Spread max = Spread.of(rs.stream().map(r -> r.latencyNanos().getMaxValue() / 1000.0).toList());
            Spread lag = Spread.of(rs.stream().map(r -> us(r.sendLagNanos(), 99)).toList());
            boolean kept = rs.stream().allMatch(r -> OpenLoop.keptRate(r.rps(), rate.perSecond()));
            table.append(String.format(Locale.ROOT, "%-18s %-24s %-24s %10.0f %8.0f %8.0f %8.0f %8.0f %12.0f %9d %6d%s%n",
                    c.wireName, serverCpu.format(1), clientCpu.format(1), rps.median(), p50.median(), p90.median(),
                    p99.median(), max.median(), lag.median(), req, err,
                    kept ? "" : "  rate not kept (< 95%): saturated, figures are not at the rate"));
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("name", c.wireName);
            run.put("requests", req);
            run.put("errors", err);
            run.put("server_cpu_us_per_request", round(serverCpu.median()));
            run.put("client_cpu_us_per_request", round(clientCpu.median()));
            run.put("rps", round(rps.median()));
            run.put("kept_rate", kept);
            run.put("p50_us", round(p50.median()));
            run.put("p90_us", round(p90.median()));
            run.put("p99_us", round(p99.median()));
            run.put("max_us", round(max.median()));
            run.put("send_lag_p99_us", round(lag.median()));
            Map<String, Object> spread = new LinkedHashMap<>();
            spread.put("server_cpu_us_per_request", serverCpu.json(1));
            spread.put("client_cpu_us_per_request", clientCpu.json(1));
            spread.put("rps", rps.json(1));
            spread.put("p50_us", p50.json(1));
            spread.put("p90_us", p90.json(1));
            spread.put("p99_us", p99.json(1));
            spread.put("max_us", max.json(1));
            putCpuAccount(rs, run, spread, Runtime.getRuntime().availableProcessors());
            run.put("spread", spread);
            run.put("repetitions", rs.stream().map(r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("requests", r.requests());
                m.put("errors", r.errors());
                m.put("rps", round(r.rps()));
                m.put("p50_us", round(us(r.latencyNanos(), 50)));
                m.put("p99_us", round(us(r.latencyNanos(), 99)));
                m.put("max_us", round(r.latencyNanos().getMaxValue() / 1000.0));
                m.put("send_lag_p99_us", round(us(r.sendLagNanos(), 99)));
                m.put("server_cpu_us_per_request", round(r.serverCpuUsPerRequest()));
                m.put("client_cpu_us_per_request", round(r.clientCpuUsPerRequest()));
                putCpuAccount(r, m, Runtime.getRuntime().availableProcessors());
                return (Object) m;
            }).toList());
            runs.add(run);
        }
        table.append(String.format(Locale.ROOT, "%nopen-loop ratios (at %.0f req/s)%n", rate.perSecond()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("rate_per_s", rate.perSecond());
        json.put("rate_source", rate.source());
        json.put("sessions", sessions);
        json.put("measured_requests_per_run", requests);
        json.put("warmup_requests_per_run", warmup);
        json.put("repetitions", reps);
        json.put("method", "each request due at start + k / rate (k counted over all sessions, which take turns); "
                + "sent at its due time or as soon as its connection is free; latency from the due time "
                + "(coordinated omission avoided); send lag = how late it went out; CPU from process CPU time over "
                + "the measured phase");
        json.put("runs", runs);
        json.put("ratios", ratios(pairs, table, false));
        return json;
    }

    private static long requests(List<LoadRun.Result> rs) {
        return rs.isEmpty() ? 0 : rs.get(0).requests();
    }

    private static String extraFlags() {
        StringBuilder b = new StringBuilder();
        for (String k : List.of("bench.client", "bench.prewarm", "bench.sessions", "bench.requests", "bench.warmup", "bench.reps", "bench.calls",
                "bench.configs", "bench.jmh", "bench.jfr", "bench.heap.sessions", "bench.writer.rows", "bench.jmh.forks",
                "bench.jmh.warmups", "bench.jmh.iterations", "bench.jmh.time", "bench.open", "bench.open.requests",
                "bench.open.warmup", "bench.open.reps", OpenLoop.RATE, OpenLoop.FRACTION, RegressionCheck.PROPERTY)) {
            String v = System.getProperty(k);
            String def = switch (k) {
                case "bench.client" -> "socket";
                case "bench.prewarm" -> "30000";
                case "bench.sessions" -> "4";
                case "bench.requests" -> "20000";
                case "bench.warmup" -> "4000";
                case "bench.reps" -> "7";
                case "bench.calls" -> "20";
                case "bench.configs" -> "all";
                case "bench.jmh" -> "true";
                case "bench.jfr" -> "false";
                case "bench.heap.sessions", "bench.writer.rows" -> "100000";
                case "bench.jmh.forks" -> "1";
                case "bench.jmh.warmups", "bench.jmh.iterations" -> "3";
                case "bench.jmh.time" -> "1s";
                case "bench.open" -> "true";
                case "bench.open.requests" -> "6000";
                case "bench.open.warmup" -> "1000";
                case "bench.open.reps" -> "3";
                case OpenLoop.RATE -> "auto";
                case OpenLoop.FRACTION -> String.valueOf(OpenLoop.DEFAULT_FRACTION);
                case RegressionCheck.PROPERTY -> String.valueOf(RegressionCheck.DEFAULT_BOUND);
                default -> "";
            };
            if (v != null && !v.equals(def)) {
                b.append(" -D").append(k).append('=').append(v);
            }
        }
        return b.toString();
    }

    /** CPU time of this whole process, in ns (HotSpot's OperatingSystemMXBean). */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    static double us(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int awaitPort(Process server) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
        }
        throw new IOException("bench server ended without reporting its port; see server.log");
    }

    /**
     * Server (process, Java threads by group, PostgreSQL) from {@code /stats}, then this client's
     * process CPU and the machine's busy CPU; never throws (a failed probe gives {@link CpuAccount.Sample#FAILED}).
     */
    private static CpuAccount.Sample cpuProbe(int port) {
        try {
            Map<String, Map<String, Long>> stats = stats(port);
            Map<String, Long> process = stats.get("process");
            long database = stats.getOrDefault("database", Map.of()).getOrDefault("cpuNanos", -1L);
            return new CpuAccount.Sample(process.get("cpuNanos"), process.get("gcCount"), processCpuNanos(), database,
                    HostCpu.busyNanos(), stats.getOrDefault("threads", Map.of()));
        } catch (IOException | RuntimeException e) {
            return CpuAccount.Sample.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CpuAccount.Sample.FAILED;
        }
    }

    private static Map<String, Map<String, Long>> stats(int port) throws IOException, InterruptedException {
        return stats(port, false);
    }

    private static Map<String, Map<String, Long>> stats(int port, boolean rows) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String body = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats/"
                        + (rows ? "?rows=1" : ""))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Map<String, Long>> stats = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length < 2) {
                continue;
            }
            Map<String, Long> m = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                m.put(parts[i].substring(0, eq), Long.parseLong(parts[i].substring(eq + 1)));
            }
            stats.put(parts[0], m);
        }
        return stats;
    }

    /**
     * Waits until the store of {@code c} has written every request event the filter delivered
     * (at least {@code minNewEvents} more than at the last drain): {@code rows + store drops ==
     * requestEvents}, unchanged over two polls. Returns {rows written since the last drain, ms waited}.
     */
    private static long[] awaitStored(int port, Configuration c, long minNewEvents, Map<Configuration, long[]> seen,
            List<String> failures) throws IOException, InterruptedException {
        long[] last = seen.getOrDefault(c, new long[] {0, 0});
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(120);
        long previousEvents = -1;
        long stableSince = start;
        Map<String, Long> s = Map.of();
        while (System.nanoTime() < deadline) {
            s = stats(port, true).getOrDefault(c.wireName, Map.of());
            long events = s.getOrDefault("requestEvents", 0L);
            long rows = s.getOrDefault("rows", -1L);
            long sinkDrops = s.getOrDefault("sinkEventsDropped", 0L);
            long now = System.nanoTime();
            if (events != previousEvents) {
                stableSince = now;
            }
            // all delivered events stored, and either all expected ones arrived or none came for 3 s
            if (rows + sinkDrops == events && events == previousEvents
                    && (events >= last[0] + minNewEvents || now - stableSince > TimeUnit.SECONDS.toNanos(3))) {
                seen.put(c, new long[] {events, rows});
                return new long[] {rows - last[1], TimeUnit.NANOSECONDS.toMillis(now - start)};
            }
            previousEvents = events;
            Thread.sleep(200);
        }
        failures.add(c.wireName + ": store did not catch up within 120 s: " + s);
        long rows = s.getOrDefault("rows", -1L);
        seen.put(c, new long[] {s.getOrDefault("requestEvents", 0L), rows});
        return new long[] {rows - last[1], TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)};
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Runs {@link WriterBench} in its own JVM; rows/s per name ("derby", "postgres", "postgres-rewrite"). */
    private static Map<String, Double> writerBench(String cp, int rows, List<String> failures)
            throws IOException, InterruptedException {
        Map<String, Double> figures = new LinkedHashMap<>();
        Process p = new ProcessBuilder(javaBin(), "-Xmx1g", "-XX:+UseG1GC", "-cp", cp, WriterBench.class.getName(),
                String.valueOf(rows)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        for (String line : output.split("\n")) {
            if (line.startsWith("WRITER ")) {
                String[] parts = line.trim().split(" ");
                figures.put(parts[1], round(Double.parseDouble(parts[4])));
                if (parts.length > 6) { // CPU µs per row: the writer's JVM, and PostgreSQL's processes ("-" for Derby)
                    figures.put(parts[1] + ".jvm_cpu_us_per_row", round(Double.parseDouble(parts[5])));
                    if (!"-".equals(parts[6])) {
                        figures.put(parts[1] + ".db_cpu_us_per_row", round(Double.parseDouble(parts[6])));
                    }
                }
            }
        }
        if (exit != 0 || !figures.keySet().containsAll(List.of("derby", "postgres", "postgres-rewrite"))) {
            StringBuilder why = new StringBuilder();
            for (String line : output.split("\n")) {
                if (line.contains("Exception") || line.contains("Error") || line.startsWith("WRITER")
                        || line.startsWith("Caused by") || line.startsWith("SEVERE") || line.startsWith("WARNING")) {
                    why.append("\n    ").append(line.length() > 400 ? line.substring(0, 400) : line);
                }
            }
            failures.add("writer capacity measurement failed (exit " + exit + "):" + why);
        }
        return figures;
    }

    /** Runs {@link ReplayMemory} in its own JVM: its {@code REPLAY_MEMORY key=value} figures, empty when it failed. */
    private static Map<String, Long> replayMemory(String cp, boolean smoke, List<String> failures)
            throws IOException, InterruptedException {
        List<String> args = smoke ? List.of("40", "100", "1024", "1MiB") : List.of("200", "100", "1024", "4MiB");
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-XX:+UseG1GC", "-cp", cp,
                ReplayMemory.class.getName()));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        Map<String, Long> figures = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("REPLAY_MEMORY ")) {
                for (String pair : line.substring(14).trim().split(" ")) {
                    int eq = pair.indexOf('=');
                    figures.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                }
            }
        }
        if (exit != 0 || figures.isEmpty()) {
            StringBuilder why = new StringBuilder();
            for (String line : output.split("\n")) {
                if (line.startsWith("FAILED") || line.contains("Exception") || line.startsWith("Caused by")) {
                    why.append("\n    ").append(line.length() > 400 ? line.substring(0, 400) : line);
                }
            }
            failures.add("replay memory measurement failed (exit " + exit + "):" + why);
        }
        return figures;
    }

    private static Long sessionHeap(String cp, int n, List<String> failures) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaBin(), "-Xmx2g", "-XX:+UseG1GC", "-cp", cp, SessionHeap.class.getName(),
                String.valueOf(n)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        for (String line : output.split("\n")) {
            if (line.startsWith("SESSION_HEAP_BYTES ")) {
                return Long.parseLong(line.split(" ")[1]);
            }
        }
        failures.add("session heap measurement failed (exit " + exit + "): " + output);
        return null;
    }

}

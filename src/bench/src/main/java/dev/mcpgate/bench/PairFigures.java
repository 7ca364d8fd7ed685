package dev.mcpgate.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of each pair of {@link Configuration#PAIRS} (B against A), taken repetition by
 * repetition, where A and B ran back to back; the report gives the median of each and its spread.
 */
final class PairFigures {

    /** Figure names as in results.json. */
    static final String THROUGHPUT = "throughput";
    static final String SERVER_CPU_RATIO = "server_cpu_ratio";
    static final String CLIENT_CPU_RATIO = "client_cpu_ratio";
    static final String ADDED_SERVER_CPU = "added_server_cpu_us_per_request";
    static final String ADDED_CLIENT_CPU = "added_client_cpu_us_per_request";
    static final String ADDED_P50 = "added_p50_us";
    static final String ADDED_P99 = "added_p99_us";
    /** The machine's CPU per request ({@link CpuAccount}): B − A in all and by part, B/A, and A's own. */
    static final String ADDED_MACHINE_CPU = "added_machine_cpu_us_per_request";
    static final String ADDED_REQUEST_PATH_CPU = "added_server_request_path_cpu_us_per_request";
    static final String ADDED_STORE_THREADS_CPU = "added_server_store_threads_cpu_us_per_request";
    static final String ADDED_DATABASE_CPU = "added_database_cpu_us_per_request";
    static final String ADDED_HOST_BUSY_CPU = "added_host_busy_cpu_us_per_request";
    static final String MACHINE_CPU_RATIO = "machine_cpu_ratio";
    static final String BASE_MACHINE_CPU = "base_machine_cpu_us_per_request";
    /** A's machine CPU per request over B's: the throughput ratio B/A of a closed loop that saturates the cores. */
    static final String PREDICTED_THROUGHPUT = "predicted_throughput";

    /** Issue 16's closed-loop throughput budgets (B/A at least), by pair; the pairs without one are absent. */
    static final Map<String, Double> THROUGHPUT_BUDGETS = Map.of("floor-observe/floor", 0.90,
            "observe-nostore/bare", 0.97, "observe-postgres/bare", 0.90, "observe-derby/bare", 0.80);

    private final Map<String, Map<String, List<Double>>> byPair = new LinkedHashMap<>();

    /** Adds one repetition's pairs (those whose two configurations both ran). */
    void add(Map<Configuration, LoadRun.Result> repetition) {
        for (Configuration[] pair : Configuration.PAIRS) {
            LoadRun.Result a = repetition.get(pair[0]);
            LoadRun.Result b = repetition.get(pair[1]);
            if (a == null || b == null) {
                continue;
            }
            Map<String, List<Double>> f = byPair.computeIfAbsent(key(pair), k -> new LinkedHashMap<>());
            put(f, THROUGHPUT, b.rps() / a.rps());
            put(f, SERVER_CPU_RATIO, b.serverCpuUsPerRequest() / a.serverCpuUsPerRequest());
            put(f, CLIENT_CPU_RATIO, b.clientCpuUsPerRequest() / a.clientCpuUsPerRequest());
            put(f, ADDED_SERVER_CPU, b.serverCpuUsPerRequest() - a.serverCpuUsPerRequest());
            put(f, ADDED_CLIENT_CPU, b.clientCpuUsPerRequest() - a.clientCpuUsPerRequest());
            put(f, ADDED_P50, BenchMain.us(b.latencyNanos(), 50) - BenchMain.us(a.latencyNanos(), 50));
            put(f, ADDED_P99, BenchMain.us(b.latencyNanos(), 99) - BenchMain.us(a.latencyNanos(), 99));
            CpuAccount ca = a.cpu();
            CpuAccount cb = b.cpu();
            put(f, ADDED_MACHINE_CPU, cb.machine() - ca.machine());
            put(f, ADDED_REQUEST_PATH_CPU, cb.requestPath() - ca.requestPath());
            put(f, ADDED_STORE_THREADS_CPU, cb.storeThreads() - ca.storeThreads());
            put(f, ADDED_DATABASE_CPU, cb.database() - ca.database());
            put(f, ADDED_HOST_BUSY_CPU, cb.hostBusy() - ca.hostBusy());
            put(f, MACHINE_CPU_RATIO, cb.machine() / ca.machine());
            put(f, BASE_MACHINE_CPU, ca.machine());
            put(f, PREDICTED_THROUGHPUT, ca.machine() / cb.machine());
        }
    }

    static String key(Configuration[] pair) {
        return pair[1].wireName + "/" + pair[0].wireName;
    }

    private static void put(Map<String, List<Double>> figures, String name, double value) {
        figures.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    Iterable<String> pairs() {
        return byPair.keySet();
    }

    /** The per-repetition values of one figure of one pair (empty when the pair did not run). */
    List<Double> values(String pair, String figure) {
        return byPair.getOrDefault(pair, Map.of()).getOrDefault(figure, List.of());
    }

    Spread spread(String pair, String figure) {
        return Spread.of(values(pair, figure));
    }
}

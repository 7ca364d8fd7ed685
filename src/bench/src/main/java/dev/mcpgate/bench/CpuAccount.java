package dev.mcpgate.bench;

import java.util.Map;

/**
 * Where the machine's CPU went per request in one measured phase, in µs, from two {@link Sample}s
 * that bracket it. Client and server share the machine's cores, and on a store configuration so does
 * PostgreSQL; a closed loop at saturation runs at about cores / {@link #machine} requests per second,
 * so a pair's throughput ratio is about the inverse ratio of their machine CPU per request.
 *
 * @param server       the server JVM's process CPU (as {@code srvCPU/r})
 * @param client       the client JVM's process CPU (as {@code cliCPU/r})
 * @param database     PostgreSQL's processes ({@link DatabaseCpu}), whichever configuration runs: an idle
 *                     server costs next to nothing, and what it does do (autovacuum after a store run)
 *                     takes the same cores
 * @param storeThreads of the server JVM: the endpoint's own pool ({@link ThreadCpu}: event dispatcher,
 *                     store writer, heartbeat, sweeps), plus Derby's daemons for a Derby store; 0 without
 *                     the filter
 * @param idleThreads  of the server JVM: the threads of the configurations not running (the other endpoints'
 *                     pools, whose stores keep rolling up and whose heartbeats go on; Derby's daemons outside
 *                     a Derby store): work done while this one runs, not for its requests
 * @param requestPath  of the server JVM: {@code server - storeThreads - idleThreads} (the request threads,
 *                     Tomcat's poller and acceptor, and the JVM's own threads below)
 * @param jvmInternal  of the server JVM: the process minus its Java threads (GC, JIT, the VM thread), a
 *                     part of {@code requestPath}
 * @param machine      {@code client + server + database}: the harness's processes together
 * @param hostBusy     the whole machine's busy CPU ({@link HostCpu}): the harness's processes, the kernel's
 *                     work not charged to a process, and anything else that ran
 */
record CpuAccount(double server, double client, double database, double storeThreads, double idleThreads,
                  double requestPath, double jvmInternal, double machine, double hostBusy) {

    static final CpuAccount NONE = new CpuAccount(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * One probe: CPU ns used so far (each -1 where it could not be read).
     *
     * @param threadNanos {@link ThreadCpu}'s groups in the server JVM (empty where not read)
     */
    record Sample(long serverNanos, long serverGcs, long clientNanos, long databaseNanos, long hostBusyNanos,
                  Map<String, Long> threadNanos) {

        static final Sample FAILED = new Sample(-1, -1, -1, -1, -1, Map.of());

        boolean ok() {
            return serverNanos >= 0 && clientNanos >= 0;
        }
    }

    /** The account of {@code requests} requests of {@code c} between two probes; {@link #NONE} if either failed. */
    static CpuAccount between(Sample before, Sample after, long requests, Configuration c) {
        if (before == null || after == null || !before.ok() || !after.ok() || requests <= 0) {
            return NONE;
        }
        double server = perRequest(after.serverNanos() - before.serverNanos(), requests);
        double client = perRequest(after.clientNanos() - before.clientNanos(), requests);
        double database = before.databaseNanos() < 0 || after.databaseNanos() < 0 ? 0
                : perRequest(after.databaseNanos() - before.databaseNanos(), requests);
        double store = 0;
        double idle = 0;
        for (String group : after.threadNanos().keySet()) {
            if (group.equals(ThreadCpu.ALL)) {
                continue;
            }
            boolean own = c.filtered && (group.equals(c.wireName)
                    || group.equals(ThreadCpu.DERBY) && c.store == Configuration.Store.DERBY);
            double cpu = threads(before, after, group, requests);
            if (own) {
                store += cpu;
            } else {
                idle += cpu;
            }
        }
        double javaThreads = threads(before, after, ThreadCpu.ALL, requests);
        if (Double.isNaN(javaThreads)) {
            store = Double.NaN; // threads not read
            idle = Double.NaN;
        }
        double host = before.hostBusyNanos() < 0 || after.hostBusyNanos() < 0 ? Double.NaN
                : perRequest(after.hostBusyNanos() - before.hostBusyNanos(), requests);
        return new CpuAccount(server, client, database, store, idle, server - store - idle, server - javaThreads,
                client + server + database, host);
    }

    /** Requests per second that {@code cores} fully busy with this machine CPU per request would serve. */
    double saturationRps(int cores) {
        return cores * 1e6 / machine;
    }

    /** How many cores the harness's processes kept busy at {@code rps} requests per second. */
    double coresUsed(double rps) {
        return machine * rps / 1e6;
    }

    /**
     * The most machine CPU per request that B may add over A ({@code baseMachine}) for a closed-loop
     * throughput ratio B/A of at least {@code budget} on a saturated machine: {@code base × (1/budget − 1)}.
     */
    static double allowedAdded(double baseMachine, double budget) {
        return baseMachine * (1 / budget - 1);
    }

    private static double threads(Sample before, Sample after, String group, long requests) {
        if (before.threadNanos().isEmpty() || after.threadNanos().isEmpty()) {
            return Double.NaN; // not read
        }
        Long b = before.threadNanos().get(group);
        Long a = after.threadNanos().get(group);
        if (a == null) {
            return group.equals(ThreadCpu.ALL) ? Double.NaN : 0; // no such thread (yet): no CPU
        }
        return perRequest(a - (b == null ? 0 : b), requests);
    }

    private static double perRequest(long nanos, long requests) {
        return nanos / 1000.0 / requests;
    }
}

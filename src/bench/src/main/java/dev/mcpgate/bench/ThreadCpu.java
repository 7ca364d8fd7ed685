package dev.mcpgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time of the server JVM's Java threads by group ({@link ThreadMXBean}), read in the server
 * JVM by {@link StatsServlet}: what of the process's CPU the filters' background threads and Derby's
 * daemons take, beside the request path. Groups:
 * <ul>
 *   <li>{@value #ALL}: every live Java thread (the process's CPU minus this is the JVM's own
 *       threads: GC, JIT compilers, VM thread, which {@code ThreadMXBean} does not list);</li>
 *   <li>{@value #DERBY}: Derby's daemons ({@code derby.rawStoreDaemon}, {@code derby.antiGC},
 *       the index statistics thread; names {@code derby.*});</li>
 *   <li>the endpoint's name: the filter's own pool, {@code mcpgate-<endpoint>} and
 *       {@code mcpgate-<endpoint>-<n>} ({@code SchedulerProvider.own}), on which the event dispatcher,
 *       the store's writer (with the JDBC driver's and, on Derby, the engine's work of each write), the
 *       heartbeat and the sweeps run.</li>
 * </ul>
 * The sums only grow: a thread that has ended counts with the CPU it had at the last read before it
 * ended (pools whose idle threads time out, the upstream clients' among them, would otherwise make a
 * phase's figures negative); what it used after that read is lost, which reads at every phase's
 * start and end keep small.
 */
final class ThreadCpu {

    static final String ALL = "java";
    static final String DERBY = "derby";

    /** {@code mcpgate-<endpoint>}, optionally {@code -<n>}; no space (the read pool's Hikari threads have one). */
    private static final Pattern POOL = Pattern.compile("mcpgate-([^ ]+?)(?:-\\d+)?");

    private ThreadCpu() {
    }

    /** The group of a thread besides {@value #ALL}: {@value #DERBY}, an endpoint's name, or null (none). */
    static String group(String threadName) {
        if (threadName.startsWith("derby.")) {
            return DERBY;
        }
        Matcher m = POOL.matcher(threadName);
        return m.matches() ? m.group(1) : null;
    }

    /** A thread's group (null: none besides {@value #ALL}) and its CPU ns at the last read. */
    private record Seen(String group, long nanos) {
    }

    /** The threads of the last read, by id (the JVM never reuses a thread id). */
    private static final Map<Long, Seen> LAST_READ = new HashMap<>();
    /** Per group, the CPU of the threads that ended, as of the last read that saw them. */
    private static final Map<String, Long> ENDED = new HashMap<>();

    /** CPU ns so far per group: the threads alive now, plus those that ended since the first read. */
    static synchronized Map<String, Long> nanosByGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return Map.of();
        }
        Map<Long, Seen> alive = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile: counted as of the last read
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                alive.put(info.getThreadId(), new Seen(group(info.getThreadName()), nanos));
            }
        }
        LAST_READ.forEach((id, seen) -> {
            if (!alive.containsKey(id)) {
                add(ENDED, seen);
            }
        });
        LAST_READ.clear();
        LAST_READ.putAll(alive);
        Map<String, Long> byGroup = new TreeMap<>(ENDED);
        byGroup.putIfAbsent(ALL, 0L);
        alive.values().forEach(seen -> add(byGroup, seen));
        return byGroup;
    }

    private static void add(Map<String, Long> sums, Seen seen) {
        sums.merge(ALL, seen.nanos(), Long::sum);
        if (seen.group() != null) {
            sums.merge(seen.group(), seen.nanos(), Long::sum);
        }
    }
}

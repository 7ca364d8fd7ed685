package dev.mcpgate.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
 * Threads that ended during a measured phase drop out of the sums; the pools' threads do not end.
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

    /** CPU ns so far per group, of the threads alive now. */
    static Map<String, Long> nanosByGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new TreeMap<>();
        byGroup.put(ALL, 0L);
        if (!threads.isThreadCpuTimeSupported() || !threads.isThreadCpuTimeEnabled()) {
            return Map.of();
        }
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos < 0) {
                continue;
            }
            byGroup.merge(ALL, nanos, Long::sum);
            String group = group(info.getThreadName());
            if (group != null) {
                byGroup.merge(group, nanos, Long::sum);
            }
        }
        return byGroup;
    }
}

package dev.mcpgate.bench;

import dev.mcpgate.event.Heartbeat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /stats}: the server process's CPU time and GC counts ({@code process ...}), then the
 * filters' counters, one line per endpoint, {@code name key=value ...}.
 */
public final class StatsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder();
        long gcCount = 0;
        long gcMillis = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
                .getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        out.append("process cpuNanos=").append(BenchMain.processCpuNanos()).append(" gcCount=").append(gcCount)
                .append(" gcMillis=").append(gcMillis).append('\n');
        Map<String, BenchSink.Counters> sorted = new TreeMap<>(BenchSink.COUNTERS);
        sorted.forEach((endpoint, c) -> {
            Heartbeat h = c.lastHeartbeat;
            out.append(endpoint).append(" requestEvents=").append(c.requestEvents.get())
                    .append(" otherEvents=").append(c.otherEvents.get());
            if (h != null) {
                out.append(" heartbeat=1 queueDepth=").append(h.queueDepth())
                        .append(" eventsDropped=").append(h.eventsDropped())
                        .append(" sessionsTracked=").append(h.sessionsTracked())
                        .append(" sessionsUntracked=").append(h.sessionsUntracked())
                        .append(" unparsableBodies=").append(h.unparsableBodies())
                        .append(" observerFailures=").append(h.observerFailures())
                        .append(" sinkFailures=").append(h.sinkFailures());
            }
            out.append('\n');
        });
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(out.toString());
    }
}

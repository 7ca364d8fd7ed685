package dev.mcpgate.bench;

import dev.mcpgate.event.Heartbeat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /stats}: the server process's CPU time and GC counts ({@code process ...}), the CPU
 * time of its Java threads by group ({@code threads java=... derby=... <endpoint>=...}, {@link ThreadCpu}),
 * the embedded PostgreSQL's processes' CPU time ({@code database cpuNanos=...}, {@link DatabaseCpu}),
 * then the filters' counters, one line per endpoint, {@code name key=value ...}. With {@code ?rows=1}, the
 * endpoints that write into a store also get {@code rows=} (their {@code mcp_request} rows, counted
 * over JDBC; -1 while the database is not there yet); not on the plain probe, whose CPU reading
 * brackets the measured phase.
 */
public final class StatsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Endpoint name to {JDBC URL, user, password} of its store, set by {@link BenchServer}. */
    static final Map<String, String[]> STORES = new ConcurrentHashMap<>();

    /** The embedded PostgreSQL's CPU, set by {@link BenchServer} once it runs. */
    static volatile DatabaseCpu database = DatabaseCpu.NONE;

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
        out.append("threads");
        ThreadCpu.nanosByGroup().forEach((group, nanos) -> out.append(' ').append(group).append('=').append(nanos));
        out.append('\n');
        out.append("database cpuNanos=").append(database.nanos()).append('\n');
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
                        .append(" sinkFailures=").append(h.sinkFailures())
                        .append(" sinkEventsDropped=").append(h.sinkEventsDropped());
            }
            String[] store = STORES.get(endpoint);
            if (store != null && "1".equals(request.getParameter("rows"))) {
                out.append(" rows=").append(countRows(endpoint, store));
            }
            out.append('\n');
        });
        if ("1".equals(request.getParameter("rows"))) {
            STORES.forEach((endpoint, store) -> {
                if (!sorted.containsKey(endpoint)) {
                    out.append(endpoint).append(" rows=").append(countRows(endpoint, store)).append('\n');
                }
            });
        }
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(out.toString());
    }

    /** {@code mcp_request} rows of the endpoint, or -1 when the database or table is not there (yet). */
    private static long countRows(String endpoint, String[] store) {
        try (Connection c = DriverManager.getConnection(store[0], store[1], store[2]);
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM mcp_request WHERE endpoint = ?")) {
            s.setString(1, endpoint);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}

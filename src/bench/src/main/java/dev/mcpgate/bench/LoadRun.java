package dev.mcpgate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.HdrHistogram.Histogram;

/**
 * One measurement of one configuration: {@code sessions} client threads, each running whole MCP
 * sessions (initialize, notifications/initialized, tools/list, {@code calls} × tools/call, DELETE)
 * on its own keep-alive connection; first a warm-up share (discarded), then the measured share.
 * Closed loop (no {@link Timetable}): each thread sends its next request when the previous answer
 * is in. Open loop (with a {@link Timetable}): every request is due at a fixed time on a schedule at
 * a fixed rate over all threads, and its latency counts from that time, not from when it went out.
 * Every answer is checked (status, session header, body shape); a wrong one is an error and ends
 * that session.
 */
final class LoadRun {

    /** One client connection: an HTTP/1.1 exchange at a time. */
    interface Conn extends AutoCloseable {
        HttpConn.Response exchange(String method, String path, String sessionId, byte[] body) throws IOException;

        @Override
        void close();
    }

    /** {@code socket} ({@link HttpConn}, default) or {@code jdk} ({@link JdkConn}). */
    static final String CLIENT = BenchMain.prop("bench.client", "socket");

    private static Conn connect(int port) {
        return CLIENT.equals("jdk") ? new JdkConn("127.0.0.1", port) : new HttpConn("127.0.0.1", port);
    }

    /**
     * @param sendLagNanos open loop: how late after its due time each request went out (the client's
     *                     wake-up, or its connection still busy with the previous answer); null in
     *                     the closed loop
     */
    record Result(String name, long requests, long errors, double rps, Histogram latencyNanos, List<String> errorSamples,
                  CpuAccount cpu, long serverGcs, Histogram sendLagNanos) {

        double serverCpuUsPerRequest() {
            return cpu.server();
        }

        double clientCpuUsPerRequest() {
            return cpu.client();
        }
    }

    private final int port;
    private final Configuration configuration;
    private final int sessions;
    private final int calls;
    /** The open loop's schedule (restarted for the measured phase), or null: closed loop. */
    private final Timetable timetable;

    LoadRun(int port, Configuration configuration, int sessions, int calls) {
        this(port, configuration, sessions, calls, Double.NaN);
    }

    /** @param rate open loop at this many requests per second over all sessions; NaN: closed loop */
    LoadRun(int port, Configuration configuration, int sessions, int calls, double rate) {
        this.port = port;
        this.configuration = configuration;
        this.sessions = sessions;
        this.calls = calls;
        this.timetable = Double.isNaN(rate) ? null : new Timetable(rate, sessions);
    }

    int requestsPerSession() {
        return calls + 4;
    }

    /** HTTP requests {@link #run} sends in all (warm-up + measured), when none fails. */
    long totalRequests(long warmupRequests, long measuredRequests) {
        int perSession = requestsPerSession();
        long warmSessions = Math.max(1, (warmupRequests / sessions + perSession - 1) / perSession);
        long measuredSessions = Math.max(1, (measuredRequests / sessions + perSession - 1) / perSession);
        return sessions * (warmSessions + measuredSessions) * perSession;
    }

    /** @param cpuProbe called right before and after the measured phase; may be null */
    Result run(long warmupRequests, long measuredRequests, java.util.function.Supplier<CpuAccount.Sample> cpuProbe)
            throws Exception {
        int perSession = requestsPerSession();
        long warmSessions = Math.max(1, (warmupRequests / sessions + perSession - 1) / perSession);
        long measuredSessions = Math.max(1, (measuredRequests / sessions + perSession - 1) / perSession);
        CyclicBarrier start = new CyclicBarrier(sessions + 1);
        CyclicBarrier end = new CyclicBarrier(sessions + 1);
        CyclicBarrier go = new CyclicBarrier(sessions + 1);
        List<Worker> workers = new ArrayList<>();
        if (timetable != null) {
            timetable.start(System.nanoTime()); // the warm-up's schedule
        }
        for (int i = 0; i < sessions; i++) {
            Worker w = new Worker(i, warmSessions, measuredSessions, start, go, end);
            workers.add(w);
            w.start();
        }
        start.await(); // all warmed up; the workers wait for the probe at the second barrier half
        CpuAccount.Sample before = cpuProbe == null ? null : cpuProbe.get();
        long t0 = System.nanoTime();
        if (timetable != null) {
            timetable.start(t0); // the measured phase's schedule, read by the workers after the barrier
        }
        go.await();
        if (timetable == null) {
            t0 = System.nanoTime();
        }
        end.await();   // all measured
        long elapsed = System.nanoTime() - t0;
        CpuAccount.Sample after = cpuProbe == null ? null : cpuProbe.get();
        Histogram all = new Histogram(60_000_000_000L, 3);
        Histogram lag = timetable == null ? null : new Histogram(60_000_000_000L, 3);
        long requests = 0;
        long errors = 0;
        List<String> samples = new ArrayList<>();
        for (Worker w : workers) {
            w.join();
            all.add(w.histogram);
            if (lag != null) {
                lag.add(w.sendLag);
            }
            requests += w.requests;
            errors += w.errors;
            if (w.failure != null) {
                errors++;
                samples.add("worker failed: " + w.failure);
            }
            samples.addAll(w.errorSamples);
        }
        double rps = requests / (elapsed / 1e9);
        CpuAccount cpu = CpuAccount.between(before, after, requests, configuration);
        long gcs = cpu == CpuAccount.NONE ? -1 : after.serverGcs() - before.serverGcs();
        return new Result(configuration.wireName, requests, errors, rps, all, samples.subList(0, Math.min(5, samples.size())),
                cpu, gcs, lag);
    }

    private final class Worker extends Thread {
        final Histogram histogram = new Histogram(60_000_000_000L, 3);
        final Histogram sendLag = new Histogram(60_000_000_000L, 3);
        final List<String> errorSamples = new ArrayList<>();
        final long warmSessions;
        final long measuredSessions;
        final CyclicBarrier start;
        final CyclicBarrier go;
        final CyclicBarrier end;
        final int index;
        long requests;
        long errors;
        boolean measuring;
        long idCounter;
        /** Open loop: this thread's requests so far in the current phase (its place on the timetable). */
        long slot;
        volatile Throwable failure;

        Worker(int index, long warmSessions, long measuredSessions, CyclicBarrier start, CyclicBarrier go,
               CyclicBarrier end) {
            super("load-" + configuration.wireName + "-" + index);
            setDaemon(true);
            this.index = index;
            this.warmSessions = warmSessions;
            this.measuredSessions = measuredSessions;
            this.start = start;
            this.go = go;
            this.end = end;
        }

        @Override
        public void run() {
            boolean startPassed = false;
            boolean endPassed = false;
            try (Conn conn = connect(port)) {
                for (long s = 0; s < warmSessions; s++) {
                    session(conn);
                }
                measuring = true;
                start.await();
                go.await();
                slot = 0;
                startPassed = true;
                for (long s = 0; s < measuredSessions; s++) {
                    session(conn);
                }
                end.await();
                endPassed = true;
            } catch (Throwable e) {
                failure = e;
            } finally {
                try {
                    if (!startPassed) {
                        start.await();
                        go.await();
                    }
                    if (!endPassed) {
                        end.await();
                    }
                } catch (Exception ignored) {
                    // the harness reports the failure
                }
            }
        }

        private void session(Conn conn) throws IOException {
            HttpConn.Response r = timed(conn, "POST", null, "{\"jsonrpc\":\"2.0\",\"id\":\"" + nextId()
                    + "\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                    + "\"clientInfo\":{\"name\":\"mcpgate-bench\",\"version\":\"1.0.0\"}}}");
            if (!check(r, 200, "\"result\"", "initialize") || r.sessionId() == null) {
                if (r.sessionId() == null && r.status() == 200) {
                    error("initialize without Mcp-Session-Id");
                }
                return;
            }
            String sid = r.sessionId();
            r = timed(conn, "POST", sid, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            if (!check(r, 202, null, "notifications/initialized")) {
                return;
            }
            r = timed(conn, "POST", sid, "{\"jsonrpc\":\"2.0\",\"id\":\"" + nextId()
                    + "\",\"method\":\"tools/list\",\"params\":{}}");
            if (!check(r, 200, "\"tools\"", "tools/list")) {
                return;
            }
            for (int i = 0; i < calls; i++) {
                r = timed(conn, "POST", sid, "{\"jsonrpc\":\"2.0\",\"id\":\"" + nextId()
                        + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello "
                        + i + "\"}}}");
                if (!check(r, 200, "hello " + i, "tools/call")) {
                    return;
                }
            }
            r = timed(conn, "DELETE", sid, null);
            check(r, 200, null, "DELETE");
        }

        private String nextId() {
            return index + "-" + (++idCounter);
        }

        private HttpConn.Response timed(Conn conn, String method, String sid, String json) throws IOException {
            byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
            long t;
            if (timetable == null) {
                t = System.nanoTime();
            } else {
                t = timetable.due(index, slot++);
                Timetable.awaitDue(t);
                if (measuring) {
                    sendLag.recordValue(Math.min(System.nanoTime() - t, 59_000_000_000L));
                }
            }
            HttpConn.Response r = conn.exchange(method, configuration.path(), sid, body);
            long d = System.nanoTime() - t; // open loop: from the due time (coordinated omission avoided)
            if (measuring) {
                histogram.recordValue(Math.min(d, 59_000_000_000L));
                requests++;
            }
            return r;
        }

        private boolean check(HttpConn.Response r, int status, String contains, String what) {
            boolean ok = r.status() == status && (contains == null || r.body().contains(contains));
            if (ok && status == 200 && !what.equals("initialize") && !what.equals("DELETE")) {
                ok = r.contentType() != null && r.contentType().startsWith("text/event-stream")
                        && r.body().contains("event: message");
            }
            if (!ok) {
                error(what + " -> " + r.status() + " " + r.contentType() + " "
                        + r.body().substring(0, Math.min(200, r.body().length())));
            }
            return ok;
        }

        private void error(String what) {
            if (measuring) {
                errors++;
            } else {
                errors++; // warm-up errors count too: a configuration that fails is broken
            }
            if (errorSamples.size() < 3) {
                errorSamples.add(configuration.wireName + ": " + what);
            }
        }
    }
}

package dev.mcpgate.gateway.it;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Servlets next to the upstream MCP server that show what the gateway does on the wire:
 * {@code /mcp/drip} streams an SSE event every 100 ms until its client goes away (and records the
 * request headers it got and that it noticed the client leave); {@code /mcp/silent} never answers;
 * {@code /mcp/probe/*} answers with the request URI and query exactly as they arrived (still
 * percent-encoded) and the {@code traceparent} header it got; {@code /admin/*}, outside the MCP endpoint's path, records every request that
 * reaches it; {@code /mcp/hold} keeps each request until the test lets them all go.
 */
final class UpstreamProbes {

    /** Headers of the last {@code /mcp/drip} request, names lower-cased. */
    static final Map<String, String> DRIP_HEADERS = new ConcurrentHashMap<>();
    /** Counted down when a {@code /mcp/drip} stream finds its client gone. */
    static volatile CountDownLatch dripClientGone = new CountDownLatch(1);

    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "upstream-drip");
        thread.setDaemon(true);
        return thread;
    });

    /** Raw request URIs that reached {@code /admin/*}. */
    static final java.util.List<String> ADMIN_HITS = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Requests {@code /mcp/hold} keeps. */
    static final java.util.Queue<AsyncContext> HELD = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Once set, {@code /mcp/hold} answers at once (and {@link #releaseHeld} answered the kept ones). */
    static volatile boolean holdReleased;

    private UpstreamProbes() {
    }

    /** Answers every request {@code /mcp/hold} keeps, and every later one at once. */
    static void releaseHeld() {
        holdReleased = true;
        AsyncContext async;
        while ((async = HELD.poll()) != null) {
            Hold.answer(async);
        }
    }

    static final class PathProbe extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getRequestURI().startsWith("/admin")) {
                ADMIN_HITS.add(request.getRequestURI());
            }
            String query = request.getQueryString();
            String traceparent = request.getHeader("traceparent");
            String json = jakarta.json.Json.createObjectBuilder().add("uri", request.getRequestURI())
                    .add("query", query == null ? "" : query)
                    .add("traceparent", traceparent == null ? "" : traceparent).build().toString();
            response.setContentType("application/json");
            response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    static final class Hold extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            AsyncContext async = request.startAsync();
            async.setTimeout(120_000);
            if (holdReleased) {
                answer(async);
            } else {
                HELD.add(async);
                if (holdReleased && HELD.remove(async)) {
                    answer(async); // released while it was being added
                }
            }
        }

        static void answer(AsyncContext async) {
            try {
                HttpServletResponse response = (HttpServletResponse) async.getResponse();
                response.setContentType("application/json");
                response.getOutputStream().write("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"
                        .getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException gone) {
                // the gateway went away: nothing to answer
            } finally {
                async.complete();
            }
        }
    }

    static final class Drip extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            DRIP_HEADERS.clear();
            for (String name : Collections.list(request.getHeaderNames())) {
                DRIP_HEADERS.put(name.toLowerCase(java.util.Locale.ROOT), request.getHeader(name));
            }
            response.setContentType("text/event-stream");
            response.flushBuffer();
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            int[] count = {0};
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            task[0] = TICKS.scheduleAtFixedRate(() -> {
                try {
                    response.getOutputStream().write(("event: tick\ndata: " + (++count[0]) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    response.flushBuffer();
                } catch (IOException | RuntimeException gone) {
                    dripClientGone.countDown();
                    task[0].cancel(false);
                    try {
                        async.complete();
                    } catch (IllegalStateException alreadyDone) {
                        // the container ended it
                    }
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        }
    }

    static final class Silent extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) {
            request.startAsync().setTimeout(60_000); // answers nothing; the container gives up after a minute
        }
    }
}

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
 * request headers it got and that it noticed the client leave); {@code /mcp/silent} never answers.
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

    private UpstreamProbes() {
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

package dev.mcpgate.gateway.proxy;

import dev.mcpgate.gateway.GatewayConfig;
import dev.mcpgate.redact.Redaction;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards every request at its mappings to the upstream MCP server named by
 * {@code upstream-url}, byte for byte and as it comes: the request body is streamed up, the answer
 * streamed down, and an SSE answer is flushed to the client as each chunk of it arrives, so that
 * progress notifications reach the client while the tool runs.
 *
 * <p>Headers: every end-to-end header goes both ways ({@code Authorization}, {@code Accept},
 * {@code MCP-Protocol-Version}, {@code Mcp-Session-Id}, {@code Last-Event-ID}, {@code Mcp-Method},
 * {@code Mcp-Name}, {@code Mcp-Param-*}, ...); hop-by-hop headers are dropped
 * ({@link ProxiedHeaders}); {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} are added.
 *
 * <p>Failures: an upstream server that cannot be reached, or that fails with a 5xx answer that is
 * not an MCP message, gives the client a {@code 502} with a JSON-RPC error (code
 * {@value GatewayErrors#UPSTREAM_UNAVAILABLE}) carrying the request's id; one that stays silent
 * longer than {@code upstream-idle-timeout} before answering gives a {@code 504} (code
 * {@value GatewayErrors#UPSTREAM_TIMEOUT}). A client that goes away cancels its upstream call.
 *
 * <p>Threads: the JDK's {@link HttpClient} (one per servlet, pooled connections, HTTP/1.1) and a
 * pool of daemon threads, one of which makes each upstream call and copies its answer; a stream that
 * stays open (an SSE {@code GET}) holds its thread while it lasts. Both end with the servlet.
 */
public class UpstreamProxyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(UpstreamProxyServlet.class.getName());
    private static final long WATCHDOG_PERIOD_MILLIS = 1000;

    private final transient GatewayConfig config;
    private final transient Set<UpstreamExchange> active = ConcurrentHashMap.newKeySet();
    private transient ExecutorService threads;
    private transient ScheduledExecutorService watchdog;
    private transient HttpClient client;

    public UpstreamProxyServlet(GatewayConfig config) {
        if (!config.gatewayMode()) {
            throw new IllegalArgumentException("the upstream proxy needs an upstream-url");
        }
        this.config = config;
    }

    @Override
    public void init() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        threads = Executors.newCachedThreadPool(daemonThreads("mcpgate-gateway-", loader));
        watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("mcpgate-gateway-watchdog-", loader));
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt: MCP servers speak HTTP/1.1
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(threads)
                .build();
        watchdog.scheduleWithFixedDelay(this::expireIdle, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "McpGate gateway: {0} forwards to {1}", getServletContext().getContextPath()
                + "/mcp", Redaction.url(config.upstream().toString()));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // upstream-idle-timeout bounds the exchange, not the container's async timeout
        UpstreamExchange exchange = new UpstreamExchange(config, client, threads, async, request, response,
                active::remove);
        active.add(exchange);
        exchange.start();
    }

    private void expireIdle() {
        long now = System.nanoTime();
        for (UpstreamExchange exchange : active) {
            try {
                exchange.expireIfIdle(now, config.idleTimeout());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "McpGate gateway: expiring an idle upstream call failed", e);
            }
        }
    }

    @Override
    public void destroy() {
        active.forEach(UpstreamExchange::cancel);
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads(String prefix, ClassLoader loader) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(loader);
            return thread;
        };
    }
}

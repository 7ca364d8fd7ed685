package dev.mcpgate.gateway.proxy;

import dev.mcpgate.redact.LogText;
import dev.mcpgate.redact.Redaction;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
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
 * <p>Paths: the upstream URL is {@code upstream-url} plus the request's path after {@code /mcp} as
 * the client encoded it, and its query ({@link UpstreamTarget}); a path with a disguised dot
 * segment or an encoded slash or backslash gets a {@code 400} with a JSON-RPC Invalid Request error
 * and goes nowhere.
 *
 * <p>Bounds: at most {@code upstream-max-concurrent} exchanges are under way at once (an open SSE
 * stream is one); a request beyond them gets a {@code 503} with {@code Retry-After} and a JSON-RPC
 * error, counted in {@link UpstreamLoad} (the health API shows it). A short request body (known
 * length up to 64 KiB) is read before the exchange takes its place, so a client that sends its
 * body slowly holds only its container thread; one that cannot be read whole gets a {@code 400}.
 * An answer is relayed for at most {@code upstream-max-stream-lifetime}: then an SSE stream ends
 * after its current event. The container's async timeout is set just beyond the longest an
 * exchange can last (idle timeout, lifetime, grace), as a backstop.
 *
 * <p>Client: {@code upstream-client} picks the HTTP client library ({@link UpstreamClientKind}: the
 * JDK's {@code java.net.http}, Apache HttpClient 5 or Jetty's), one per servlet, HTTP/1.1.
 *
 * <p>Threads: a pool of daemon threads, one of which makes each upstream call and copies its answer
 * (a stream that stays open holds its thread while it lasts, whichever the client); the JDK client's
 * own tasks and a streamed request body use the same pool. The pool has at most
 * {@code 2 × upstream-max-concurrent + 2} threads, which end after a minute idle. Connections:
 * HTTP/1.1 carries one exchange at a time and either client opens a new connection only when every
 * open one is busy, so the bound on exchanges bounds the upstream connections too (the Apache
 * client's pool is sized to it; no need for the JDK's JVM-wide
 * {@code jdk.httpclient.connectionPoolSize}). All end with the servlet.
 */
public class UpstreamProxyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(UpstreamProxyServlet.class.getName());
    private static final long WATCHDOG_PERIOD_MILLIS = 1000;
    /** What a refused client is told to wait before it tries again. */
    static final int RETRY_AFTER_SECONDS = 1;
    /** Beyond the longest an exchange can last, before the container's async timeout ends it. */
    private static final Duration ASYNC_TIMEOUT_MARGIN = Duration.ofSeconds(30);

    private final transient UpstreamSettings config;
    private final transient Set<UpstreamExchange> active = ConcurrentHashMap.newKeySet();
    private transient ExecutorService threads;
    private transient ScheduledExecutorService watchdog;
    private transient UpstreamClient client;
    private transient UpstreamLoad load;

    public UpstreamProxyServlet(UpstreamSettings config) {
        this.config = config;
    }

    @Override
    public void init() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        load = new UpstreamLoad(config.maxConcurrent());
        getServletContext().setAttribute(UpstreamLoad.ATTRIBUTE, load);
        threads = boundedThreads(2 * config.maxConcurrent() + 2, daemonThreads("mcpgate-gateway-", loader));
        watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("mcpgate-gateway-watchdog-", loader));
        client = config.client().open(config, threads);
        watchdog.scheduleWithFixedDelay(this::expireIdle, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "McpGate gateway: {0} forwards to {1}, at most {2} exchanges at once, upstream-client {3}",
                getServletContext().getContextPath() + "/mcp", Redaction.url(config.upstream().toString()),
                config.maxConcurrent(), config.client().value());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        URI target;
        try {
            target = UpstreamTarget.resolve(config.upstream(), request.getRequestURI(), request.getContextPath(),
                    request.getServletPath(), request.getQueryString());
        } catch (UpstreamTarget.Refused refused) {
            load.pathRefused();
            LOG.log(Level.DEBUG, "McpGate gateway: {0} {1} refused: {2}", request.getMethod(),
                    request.getRequestURI(), refused.getMessage());
            answer(response, HttpServletResponse.SC_BAD_REQUEST,
                    GatewayErrors.invalidRequest(bodyPrefix(request), "Invalid Request: " + refused.getMessage()));
            return;
        }
        byte[] shortBody;
        try {
            // before the permit: a client trickling its body in holds a container thread, never a gateway slot
            shortBody = UpstreamExchange.readShortBody(request);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "McpGate gateway: {0} {1}: the request body could not be read: {2}",
                    LogText.escape(request.getMethod()), LogText.escape(request.getRequestURI()),
                    LogText.escape(e.getMessage()));
            answer(response, HttpServletResponse.SC_BAD_REQUEST, GatewayErrors.invalidRequest(new byte[0],
                    "Invalid Request: the request body could not be read"));
            return;
        }
        if (!load.tryAcquire()) {
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, GatewayErrors.body(
                    shortBody == null ? new byte[0] : shortBody,
                    GatewayErrors.UPSTREAM_UNAVAILABLE, "McpGate gateway busy: " + config.maxConcurrent()
                            + " upstream calls under way (upstream-max-concurrent); retry after "
                            + RETRY_AFTER_SECONDS + " s", config.upstream(), null));
            return;
        }
        UpstreamExchange exchange = null;
        try {
            AsyncContext async = request.startAsync();
            async.setTimeout(asyncTimeout().toMillis());
            exchange = new UpstreamExchange(config, client, threads, async, request, response, target, shortBody,
                    load, this::ended);
            active.add(exchange);
            exchange.start();
        } catch (RuntimeException e) {
            if (exchange == null) {
                load.release(); // no exchange holds the permit yet
            } else {
                ended(exchange); // the container may still end it (error, timeout): its permit goes back once
            }
            throw e;
        }
    }

    /** Gives the exchange's permit back, once: an exchange may report its end more than once. */
    private void ended(UpstreamExchange exchange) {
        active.remove(exchange);
        if (exchange.permitGivenBack()) {
            load.release();
        }
    }

    /**
     * The container's async timeout: just beyond the longest an exchange can last (silence before the
     * answer, the stream's lifetime and its grace), so that it ends only an exchange the watchdog missed.
     */
    Duration asyncTimeout() {
        return config.idleTimeout().plus(config.maxStreamLifetime()).plus(UpstreamExchange.LIFETIME_GRACE)
                .plus(ASYNC_TIMEOUT_MARGIN);
    }

    /** The request body, when short and of known length, for the id of an error answer; else none. */
    private static byte[] bodyPrefix(HttpServletRequest request) {
        try {
            byte[] body = UpstreamExchange.readShortBody(request);
            return body == null ? new byte[0] : body;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static void answer(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void expireIdle() {
        long now = System.nanoTime();
        for (UpstreamExchange exchange : active) {
            try {
                exchange.expireIfIdle(now, config.idleTimeout());
                exchange.expireIfOverLifetime(now, config.maxStreamLifetime());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "McpGate gateway: expiring an idle or too old upstream call failed", e);
            }
        }
    }

    @Override
    public void destroy() {
        active.forEach(UpstreamExchange::cancel);
        getServletContext().removeAttribute(UpstreamLoad.ATTRIBUTE);
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /** At most {@code max} threads, each ending after a minute idle; tasks beyond them wait in line. */
    private static ExecutorService boundedThreads(int max, ThreadFactory factory) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(max, max, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                factory);
        pool.allowCoreThreadTimeOut(true); // core = max: a pool grows past its core only when its queue is full
        return pool;
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

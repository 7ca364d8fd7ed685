package dev.mcpgate.gateway.proxy;

import dev.mcpgate.redact.LogText;
import dev.mcpgate.trace.ExchangeTracer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One request forwarded upstream: builds the upstream call, relays the answer, and ends the async
 * exchange exactly once — when the answer is relayed, when either side fails, when the client goes
 * away, when the upstream server stays silent too long, or when the answer has been relayed for
 * {@code upstream-max-stream-lifetime}.
 */
final class UpstreamExchange implements AsyncListener {

    private static final Logger LOG = System.getLogger(UpstreamExchange.class.getName());
    /** Request body bytes kept to answer a failed call with the request's JSON-RPC id. */
    static final int ID_PREFIX_BYTES = 64 * 1024;
    private static final int BUFFER_BYTES = 8192;
    /** How long after its lifetime an SSE stream may take to reach the end of an event before it is cut. */
    static final Duration LIFETIME_GRACE = Duration.ofSeconds(10);

    // The relay's state, for closing a stream at its lifetime between two events and never inside one:
    // the relaying thread moves between IDLE_* (waiting for upstream bytes) and WRITING; the watchdog
    // may close the stream only from IDLE_AT_BOUNDARY (or from any state once the grace has passed).
    private static final int IDLE_AT_BOUNDARY = 0;
    private static final int IDLE_MID_EVENT = 1;
    private static final int WRITING = 2;
    private static final int CLOSED = 3;

    private final UpstreamSettings config;
    private final UpstreamClient client;
    private final Executor threads;
    private final AsyncContext async;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final URI target;
    private final UpstreamLoad load;
    private final Consumer<UpstreamExchange> onEnd;
    /** The whole request body when short ({@link #readShortBody}), or null when it is streamed. */
    private final byte[] shortBody;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean permitGivenBack = new AtomicBoolean();
    private final AtomicInteger relayState = new AtomicInteger(IDLE_AT_BOUNDARY);
    private volatile boolean lifetimeOver;
    private volatile long answerStartedNanos;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile boolean answerStarted;
    /** Set by the watchdog before it cancels a call unanswered for upstream-idle-timeout: a 504, not a 502. */
    private volatile boolean givenUpSilent;
    private volatile UpstreamClient.Call upstreamCall;
    private volatile UpstreamClient.Answer upstreamAnswer;
    private KeptPrefixInputStream requestBody;

    UpstreamExchange(UpstreamSettings config, UpstreamClient client, Executor threads, AsyncContext async,
            HttpServletRequest request, HttpServletResponse response, URI target, byte[] shortBody,
            UpstreamLoad load, Consumer<UpstreamExchange> onEnd) {
        this.config = config;
        this.client = client;
        this.threads = threads;
        this.async = async;
        this.request = request;
        this.response = response;
        this.target = target;
        this.load = load;
        this.onEnd = onEnd;
        this.shortBody = shortBody;
    }

    /**
     * True the first time only: the exchange's permit is given back once, however many of its ends
     * (relay done, failure, client gone, container error or completion, a failed start) report.
     */
    boolean permitGivenBack() {
        return permitGivenBack.compareAndSet(false, true);
    }

    void start() {
        async.addListener(this);
        UpstreamClient.Call call;
        try {
            call = client.prepare(upstreamRequest());
        } catch (IOException | IllegalArgumentException e) {
            fail(HttpServletResponse.SC_BAD_GATEWAY, GatewayErrors.UPSTREAM_UNAVAILABLE,
                    "Upstream MCP server call could not be made: " + e.getMessage(), null);
            return;
        }
        upstreamCall = call;
        if (ended.get()) {
            call.cancel(); // the client went away while the call was being prepared
        }
        threads.execute(() -> call(call));
    }

    /** The upstream call, on a pool thread that then relays the answer (see {@link UpstreamClient}). */
    private void call(UpstreamClient.Call call) {
        if (ended.get()) {
            return; // the client went away before the call began
        }
        UpstreamClient.Answer answer = null;
        Throwable failure = null;
        try {
            answer = call.send();
        } catch (IOException | InterruptedException | RuntimeException e) {
            failure = e; // also when cancelled by cancel() or expireIfIdle()
        }
        answered(answer, failure);
        if (failure instanceof InterruptedException) {
            // set again only now: with it set, the 502's write on an interruptible channel would close it
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the upstream call if it is under way and unanswered. */
    private void cancelCall() {
        UpstreamClient.Call call = upstreamCall;
        if (call != null) {
            call.cancel();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // request
    // ---------------------------------------------------------------------------------------------

    private UpstreamRequest upstreamRequest() throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        ProxiedHeaders rules = ProxiedHeaders.forMessage(Collections.list(request.getHeaders("Connection")));
        String traceparent = request.getAttribute(ExchangeTracer.TRACEPARENT_ATTRIBUTE) instanceof String t ? t : null;
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            String lower = name.toLowerCase(Locale.ROOT); // the container keeps names as sent: often lower case already
            if (rules.forwardsLowerCaseRequestHeader(lower) && !lower.startsWith("x-forwarded-")
                    && !(traceparent != null && isTraceContext(lower))) {
                for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
                    headers.add(Map.entry(name, values.nextElement()));
                }
            }
        }
        traceContext(headers, traceparent);
        String forwardedFor = request.getHeader("X-Forwarded-For");
        headers.add(Map.entry("X-Forwarded-For", forwardedFor == null ? request.getRemoteAddr()
                : forwardedFor + ", " + request.getRemoteAddr()));
        headers.add(Map.entry("X-Forwarded-Proto", request.getScheme()));
        String host = request.getHeader("Host");
        if (host != null) {
            headers.add(Map.entry("X-Forwarded-Host", host));
        }
        if (shortBody != null) {
            requestBody = new KeptPrefixInputStream(new ByteArrayInputStream(shortBody), shortBody.length);
            return new UpstreamRequest(request.getMethod(), target, headers, shortBody, null, shortBody.length,
                    config.idleTimeout());
        }
        requestBody = new KeptPrefixInputStream(request.getInputStream(), ID_PREFIX_BYTES);
        return new UpstreamRequest(request.getMethod(), target, headers, null, requestBody,
                request.getContentLengthLong(), config.idleTimeout());
    }

    /**
     * The upstream call continues the trace of McpGate's span for the exchange (the filter's
     * {@link ExchangeTracer#TRACEPARENT_ATTRIBUTE}), in place of the client's {@code traceparent} and
     * {@code tracestate} (left out of the headers copied above): the upstream server's spans nest under
     * the gateway's. Without a span (no OpenTelemetry, {@code tracing=off}) the client's headers go on
     * as they came. The body, and a {@code params._meta.traceparent} in it, is forwarded unchanged.
     */
    private void traceContext(List<Map.Entry<String, String>> headers, String traceparent) {
        if (traceparent != null) {
            headers.add(Map.entry("traceparent", traceparent));
            if (request.getAttribute(ExchangeTracer.TRACESTATE_ATTRIBUTE) instanceof String tracestate) {
                headers.add(Map.entry("tracestate", tracestate));
            }
        }
    }

    private static boolean isTraceContext(String lowerCaseHeader) {
        return "traceparent".equals(lowerCaseHeader) || "tracestate".equals(lowerCaseHeader);
    }

    /**
     * The request body when short: none ({@code byte[0]}) when there is none; the whole of a body of
     * known length up to {@value #ID_PREFIX_BYTES} bytes (nearly every MCP message), read at once, to
     * be sent from memory so that the upstream call needs no thread to pull it from the client;
     * {@code null} for a longer or chunked body, streamed as it comes. The servlet reads it before the
     * exchange takes a permit: a client trickling its body then holds no gateway slot.
     */
    static byte[] readShortBody(HttpServletRequest request) throws IOException {
        long length = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (length == 0 || length < 0 && !chunked) {
            return new byte[0];
        }
        if (length < 0 || length > ID_PREFIX_BYTES) {
            return null;
        }
        byte[] body = request.getInputStream().readNBytes((int) length);
        if (body.length < length) {
            throw new IOException("the request body ended after " + body.length + " of " + length + " bytes");
        }
        return body;
    }

    // ---------------------------------------------------------------------------------------------
    // answer
    // ---------------------------------------------------------------------------------------------

    private void answered(UpstreamClient.Answer upstream, Throwable failure) {
        if (failure != null) {
            failed(failure);
            return;
        }
        upstreamAnswer = upstream;
        touch();
        if (ended.get()) {
            closeUpstream();
            return;
        }
        String contentType = upstream.firstHeader("Content-Type");
        if (upstream.status() >= 500 && !isMcpMessage(contentType)) {
            closeUpstream();
            fail(HttpServletResponse.SC_BAD_GATEWAY, GatewayErrors.UPSTREAM_UNAVAILABLE,
                    "Upstream MCP server failed with HTTP " + upstream.status(), upstream.status());
            return;
        }
        relay(upstream, contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream"));
    }

    private static boolean isMcpMessage(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/json") || type.startsWith("text/event-stream");
    }

    private void relay(UpstreamClient.Answer upstream, boolean sse) {
        answerStartedNanos = System.nanoTime();
        answerStarted = true;
        try {
            response.setStatus(upstream.status());
            ProxiedHeaders rules = ProxiedHeaders.forMessage(upstream.headers("Connection"));
            upstream.headers().forEach((name, values) -> {
                if (rules.forwardsResponseHeader(name)) {
                    values.forEach(value -> response.addHeader(name, value));
                }
            });
            copyBody(upstream.body(), sse ? new SseBoundary() : null);
        } catch (IOException | RuntimeException e) {
            // the client went away (write failed) or the upstream stream broke: nothing more can be sent
            LOG.log(Level.DEBUG, "McpGate gateway: relaying the upstream answer ended early", e);
        } finally {
            closeUpstream();
            end();
        }
    }

    /**
     * Copies the answer. An SSE answer ({@code events} follows it) is flushed whenever what has arrived
     * is written, its headers at once: events leave as they come. Any other answer (JSON, an empty
     * {@code 202}) is of no use to a client before its end, so it goes through the container's buffer
     * and is flushed once, at its end (a long one leaves whenever the buffer fills): one write to the
     * client for a short answer instead of one for the headers and one per read. Once the answer's
     * lifetime is over, an SSE answer stops after the next whole event, any other at once.
     */
    private void copyBody(InputStream in, SseBoundary events) throws IOException {
        OutputStream out = response.getOutputStream();
        boolean streaming = events != null;
        if (streaming) {
            out.flush(); // headers out at once: a streaming client starts reading now
        }
        byte[] buffer = new byte[BUFFER_BYTES];
        int idle = IDLE_AT_BOUNDARY;
        int n;
        while ((n = in.read(buffer)) != -1) {
            touch();
            if (!relayState.compareAndSet(idle, WRITING)) {
                break; // closed at its lifetime while these bytes were on their way: they are not sent
            }
            out.write(buffer, 0, n);
            if (streaming && in.available() == 0) {
                out.flush();
            }
            if (events != null) {
                events.feed(buffer, 0, n);
            }
            idle = events == null || events.atBoundary() ? IDLE_AT_BOUNDARY : IDLE_MID_EVENT;
            if (lifetimeOver && idle == IDLE_AT_BOUNDARY && relayState.compareAndSet(WRITING, CLOSED)) {
                endedAtLifetime();
                break;
            }
            if (!relayState.compareAndSet(WRITING, idle)) {
                break; // cut by the watchdog after the grace
            }
        }
        out.flush();
    }

    /**
     * Ends the relay when the answer has been relayed for {@code lifetime}: at once if no event is
     * half sent, else when the relaying thread has sent the rest of it, or after
     * {@link #LIFETIME_GRACE} regardless.
     */
    void expireIfOverLifetime(long nowNanos, Duration lifetime) {
        if (!answerStarted || ended.get() || nowNanos - answerStartedNanos < lifetime.toNanos()) {
            return;
        }
        lifetimeOver = true;
        boolean graceOver = nowNanos - answerStartedNanos >= lifetime.plus(LIFETIME_GRACE).toNanos();
        if (relayState.compareAndSet(IDLE_AT_BOUNDARY, CLOSED)
                || graceOver && relayState.getAndSet(CLOSED) != CLOSED) {
            endedAtLifetime();
            closeUpstream(); // the relaying thread's read ends, and with it the exchange
        }
    }

    private void endedAtLifetime() {
        load.streamEndedAtLifetime();
        LOG.log(Level.INFO, "McpGate gateway: closing the answer to {0} {1} after upstream-max-stream-lifetime {2}",
                request.getMethod(), request.getRequestURI(), config.maxStreamLifetime());
    }

    // ---------------------------------------------------------------------------------------------
    // failures and the end
    // ---------------------------------------------------------------------------------------------

    private void failed(Throwable failure) {
        if (ended.get()) {
            return; // cancelled because the client went away: nobody to answer
        }
        if (givenUpSilent || failure instanceof UpstreamSilentException) {
            fail(HttpServletResponse.SC_GATEWAY_TIMEOUT, GatewayErrors.UPSTREAM_TIMEOUT,
                    "Upstream MCP server did not answer within " + config.idleTimeout(), null);
        } else {
            fail(HttpServletResponse.SC_BAD_GATEWAY, GatewayErrors.UPSTREAM_UNAVAILABLE,
                    "Upstream MCP server unavailable: " + describe(failure), null);
        }
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ConnectException) {
            return "connection refused";
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Answers the client with a JSON-RPC error, unless the answer has begun (then it just ends). */
    private void fail(int status, int code, String message, Integer upstreamStatus) {
        try {
            if (!response.isCommitted()) {
                byte[] body = GatewayErrors.body(requestBody == null ? new byte[0] : requestBody.prefix(), code,
                        message, config.upstream(), upstreamStatus);
                response.resetBuffer();
                response.setStatus(status);
                response.setContentType("application/json");
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
            LOG.log(Level.WARNING, "McpGate gateway: {0} {1} answered {2}: {3}", LogText.escape(request.getMethod()),
                    LogText.escape(request.getRequestURI()), status,
                    LogText.escape(GatewayErrors.safeMessage(message, config.upstream())));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "McpGate gateway: the error answer could not be sent", e);
        } finally {
            end();
        }
    }

    /** Gives up the upstream call when nothing has come from upstream for {@code idleTimeout}. */
    void expireIfIdle(long nowNanos, Duration idleTimeout) {
        if (nowNanos - lastActivityNanos < idleTimeout.toNanos() || ended.get()) {
            return;
        }
        if (answerStarted) {
            LOG.log(Level.INFO, "McpGate gateway: upstream silent for {0}, closing the stream of {1} {2}",
                    idleTimeout, LogText.escape(request.getMethod()), LogText.escape(request.getRequestURI()));
            closeUpstream(); // the copy loop's read fails and ends the exchange
        } else {
            givenUpSilent = true;
            cancelCall(); // answered() then reports the timeout
        }
    }

    /**
     * The client went away, the container ended or completed the request, or the servlet is going
     * away: stop the upstream call. Safe to call more than once.
     */
    void cancel() {
        if (ended.compareAndSet(false, true)) {
            cancelCall();
            closeUpstream();
            onEnd.accept(this);
            completeQuietly();
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
            completeQuietly();
        }
    }

    private void completeQuietly() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyDone) {
            // the container ended it first (client gone, error dispatch)
        }
    }

    private void closeUpstream() {
        UpstreamClient.Answer answer = upstreamAnswer;
        if (answer != null) {
            answer.close(); // a relay blocked reading it ends; a finished one leaves its connection pooled
        }
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    // ---------------------------------------------------------------------------------------------
    // AsyncListener: the container's view of the client
    // ---------------------------------------------------------------------------------------------

    /**
     * Completed by the container on its own (or after {@link #end}): the exchange stops, so that its
     * upstream call and relay thread are not left busy once its permit is free.
     */
    @Override
    public void onComplete(AsyncEvent event) {
        cancel();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        cancel();
    }

    @Override
    public void onError(AsyncEvent event) {
        cancel(); // the client connection failed
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

}

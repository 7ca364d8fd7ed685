package dev.mcpgate.gateway.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@code upstream-client=apache}: Apache HttpClient 5's pooled connection manager and HttpCore's
 * blocking request executor, without HttpClient's execution chain. A proxy needs none of what that
 * chain does per request — authentication (it formats and parses the request URI for the auth scope
 * each time), redirects, retries, cookies, content decompression, the request interceptors and the
 * connection-reuse strategy's header walks — and a JFR profile of the gateway hop put about 60% of
 * the client's samples there (session 10, src/bench/README.md). What is left is what the chain did
 * that a proxy does need, done here once: lease a connection (at most {@code upstream-max-concurrent},
 * one route, the upstream server), connect it if new, send the request with {@code Host} and its
 * body's length, read the answer, and give the connection back when the body has been read to its
 * end (or discard it when cut short).
 *
 * <p>The call blocks the exchange's pool thread, which then reads the answer; nothing else runs on
 * another thread. Headers go up as the servlet forwards them: no default {@code User-Agent}, no
 * {@code Expect}. Timeouts: connect and waiting for a free connection {@code upstream-connect-timeout};
 * the answer's head and each read of its body {@code upstream-idle-timeout}. A pooled connection
 * idle for over a second is checked before it is used again (an upstream server closes idle
 * keep-alive connections); one that is not is used without a check. A connection is kept in the
 * pool for as long as the answer's {@code Keep-Alive: timeout=N} says, else 3 minutes (HttpClient's
 * {@link DefaultConnectionKeepAliveStrategy}, as its chain did), then closed rather than used: a call
 * on a connection the upstream has just closed fails and is not retried. Cancelling discards the
 * connection at once: a blocked read ends.
 */
final class ApacheUpstreamClient implements UpstreamClient {

    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);
    private static final String EXCHANGE_ID = "mcpgate-upstream";
    /** Read only, by the keep-alive strategy: its default when the answer names none (3 minutes). */
    private static final HttpClientContext KEEP_ALIVE_DEFAULTS = HttpClientContext.create();

    private final PoolingHttpClientConnectionManager connections;
    private final HttpRequestExecutor executor = new HttpRequestExecutor();
    private final HttpRoute route;
    /** {@code Host} of every call, from {@link #hostHeader}. */
    private final String authority;
    private final Timeout connectTimeout;
    private final Timeout idleTimeout;

    ApacheUpstreamClient(UpstreamSettings settings) {
        connectTimeout = Timeout.of(settings.connectTimeout());
        idleTimeout = Timeout.of(settings.idleTimeout());
        connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConcurrent())
                .setMaxConnPerRoute(settings.maxConcurrent())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connectTimeout)
                        .setSocketTimeout(idleTimeout).setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY).build())
                .build();
        URI upstream = settings.upstream();
        route = route(upstream);
        authority = hostHeader(upstream);
    }

    /**
     * {@code Host}: the upstream's host (an IPv6 address in its brackets) and the port the URL names;
     * never the URL's user-info, a secret (see {@link GatewayErrors}) that would land in the upstream's logs.
     */
    private static String hostHeader(URI upstream) {
        return upstream.getPort() < 0 ? upstream.getHost() : upstream.getHost() + ':' + upstream.getPort();
    }

    /** The one route: the upstream server, its port made explicit (the pool keys on it). */
    private static HttpRoute route(URI upstream) {
        boolean secure = "https".equalsIgnoreCase(upstream.getScheme());
        int port = upstream.getPort() >= 0 ? upstream.getPort() : secure ? 443 : 80;
        return new HttpRoute(new HttpHost(upstream.getScheme().toLowerCase(Locale.ROOT), upstream.getHost(), port),
                null, secure);
    }

    @Override
    public Call prepare(UpstreamRequest request) {
        URI target = request.target();
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        BasicClassicHttpRequest upstream = new BasicClassicHttpRequest(request.method(),
                target.getRawQuery() == null ? path : path + '?' + target.getRawQuery());
        upstream.addHeader("Host", authority);
        for (Map.Entry<String, String> header : request.headers()) {
            upstream.addHeader(header.getKey(), header.getValue());
        }
        body(upstream, request);
        return new ApacheCall(upstream);
    }

    /**
     * The body and the header that frames it (the connection writes what these say): a known length
     * as {@code Content-Length}, else chunked. The body has no content type of its own: the client's
     * {@code Content-Type} header goes up as it is.
     */
    private static void body(BasicClassicHttpRequest upstream, UpstreamRequest request) {
        if (request.streamed()) {
            long length = request.length() > 0 ? request.length() : -1;
            upstream.setEntity(new InputStreamEntity(request.stream(), length, null));
            if (length < 0) {
                upstream.addHeader("Transfer-Encoding", "chunked");
            } else {
                upstream.addHeader("Content-Length", Long.toString(length));
            }
        } else if (request.body().length > 0) {
            upstream.setEntity(new ByteArrayEntity(request.body(), null));
            upstream.addHeader("Content-Length", Integer.toString(request.body().length));
        } else if (expectsBody(request.method())) {
            upstream.addHeader("Content-Length", "0");
        }
    }

    private static boolean expectsBody(String method) {
        return "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
    }

    @Override
    public void close() {
        connections.close(CloseMode.IMMEDIATE);
    }

    /** The connections idle in the pool, those past their keep-alive closed first (for tests). */
    int idleConnections() {
        connections.closeExpired();
        return connections.getTotalStats().getAvailable();
    }

    /**
     * One call. Its connection, once leased, is held in {@link #endpoint} until exactly one of: the
     * body read to its end gives it back to the pool, or a cancel, a failure or a closed answer
     * discards it ({@code getAndSet(null)} decides which).
     */
    private final class ApacheCall implements Call {

        private final BasicClassicHttpRequest request;
        private final AtomicReference<ConnectionEndpoint> endpoint = new AtomicReference<>();
        private volatile LeaseRequest lease;
        private volatile boolean cancelled;

        ApacheCall(BasicClassicHttpRequest request) {
            this.request = request;
        }

        @Override
        public Answer send() throws IOException, InterruptedException {
            ConnectionEndpoint leased = lease();
            try {
                if (!leased.isConnected()) {
                    connections.connect(leased, connectTimeout, HttpClientContext.create());
                }
                checkNotCancelled();
                leased.setSocketTimeout(idleTimeout);
                ClassicHttpResponse response = leased.execute(EXCHANGE_ID, request, executor, HttpCoreContext.create());
                return new ApacheAnswer(this, response);
            } catch (ConnectTimeoutException e) {
                discard();
                throw e;
            } catch (SocketTimeoutException e) {
                discard();
                throw new UpstreamSilentException(e);
            } catch (HttpException e) {
                discard();
                throw new IOException("the upstream answer is not valid HTTP: " + e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                discard();
                throw e;
            }
        }

        /** A connection from the pool, waiting at most {@code upstream-connect-timeout} for one to be free. */
        private ConnectionEndpoint lease() throws IOException, InterruptedException {
            checkNotCancelled();
            LeaseRequest request = connections.lease(EXCHANGE_ID, route, connectTimeout, null);
            lease = request;
            ConnectionEndpoint leased;
            try {
                leased = request.get(connectTimeout);
                endpoint.set(leased);
            } catch (TimeoutException e) {
                request.cancel();
                throw new IOException("no upstream connection free within " + connectTimeout, e);
            } catch (ExecutionException e) {
                request.cancel();
                throw new IOException("leasing an upstream connection failed", e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                request.cancel();
                throw e;
            }
            checkNotCancelled(); // cancel() ran between the lease and here: it may have missed the endpoint
            return leased;
        }

        private void checkNotCancelled() throws IOException {
            if (cancelled) {
                discard();
                throw new IOException("the upstream call was cancelled");
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            LeaseRequest request = lease;
            if (request != null) {
                request.cancel(); // a lease still waiting fails
            }
            discard(); // a blocked write or read fails
        }

        /** Closes the connection, if this call still holds it, and gives its place in the pool back. */
        void discard() {
            ConnectionEndpoint held = endpoint.getAndSet(null);
            if (held != null) {
                try {
                    held.close(CloseMode.IMMEDIATE);
                } finally {
                    connections.release(held, null, TimeValue.ZERO_MILLISECONDS);
                }
            }
        }

        /**
         * The body was read to its end: the connection goes back to the pool for {@code keepAlive}, or
         * is closed if not reusable ({@code keepAlive} null).
         */
        void finished(TimeValue keepAlive) {
            if (keepAlive == null) {
                discard();
                return;
            }
            ConnectionEndpoint held = endpoint.getAndSet(null);
            if (held != null) {
                connections.release(held, null, keepAlive);
            }
        }
    }

    private static final class ApacheAnswer implements Answer {

        private final ApacheCall call;
        private final ClassicHttpResponse response;
        private final InputStream body;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();

        ApacheAnswer(ApacheCall call, ClassicHttpResponse response) throws IOException {
            this.call = call;
            this.response = response;
            TimeValue keepAlive = readHeaders()
                    ? DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, KEEP_ALIVE_DEFAULTS)
                    : null;
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                body = InputStream.nullInputStream();
                call.finished(keepAlive);
            } else {
                body = new ReleasingStream(entity.getContent(), call, keepAlive);
            }
        }

        /**
         * Collects the headers, name by name, and tells whether the connection can carry the next call
         * once this answer's body is read: HTTP/1.1, no {@code Connection: close}, and a body whose end
         * the connection can tell (a length, chunked, or none).
         */
        private boolean readHeaders() {
            boolean close = false;
            boolean delimited = response.getCode() == 204 || response.getCode() == 304;
            for (Header header : response.getHeaders()) {
                String name = header.getName();
                headers.computeIfAbsent(name, n -> new ArrayList<>(1)).add(header.getValue());
                if ("Connection".equalsIgnoreCase(name)) {
                    close |= header.getValue().toLowerCase(Locale.ROOT).contains("close");
                } else if ("Content-Length".equalsIgnoreCase(name) || "Transfer-Encoding".equalsIgnoreCase(name)) {
                    delimited = true;
                }
            }
            ProtocolVersion version = response.getVersion();
            return !close && delimited && (version == null || version.greaterEquals(HttpVersion.HTTP_1_1));
        }

        @Override
        public int status() {
            return response.getCode();
        }

        @Override
        public Map<String, List<String>> headers() {
            return Collections.unmodifiableMap(headers);
        }

        @Override
        public List<String> headers(String name) {
            List<String> values = new ArrayList<>(1);
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase(name)) {
                    values.addAll(header.getValue());
                }
            }
            return values;
        }

        @Override
        public InputStream body() {
            return body;
        }

        /**
         * A body read to its end has given its connection back already (this then does nothing); one
         * cut short has its connection discarded, so that nothing reads the rest of it (HttpCore's
         * chunked stream drains what is left when it is closed, and an SSE stream has no end).
         */
        @Override
        public void close() {
            call.discard();
        }
    }

    /** The answer's body: at its end, the connection goes back to the pool (see {@link ApacheCall#finished}). */
    private static final class ReleasingStream extends FilterInputStream {

        private final ApacheCall call;
        private final TimeValue keepAlive;

        ReleasingStream(InputStream in, ApacheCall call, TimeValue keepAlive) {
            super(in);
            this.call = call;
            this.keepAlive = keepAlive;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                call.finished(keepAlive);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n < 0) {
                call.finished(keepAlive);
            }
            return n;
        }

        /** Never closes the wrapped stream (that would drain it): ends the call's hold on the connection. */
        @Override
        public void close() {
            call.discard();
        }
    }
}

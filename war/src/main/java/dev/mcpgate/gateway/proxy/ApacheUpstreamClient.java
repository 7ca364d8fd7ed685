package dev.mcpgate.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * {@code upstream-client=apache}: Apache HttpClient 5, classic (blocking) API, over a pooled
 * connection manager of at most {@code upstream-max-concurrent} connections. The call blocks the
 * exchange's pool thread, which then reads the answer; nothing else runs on another thread. Set up
 * as a proxy needs it: no retries (a request is sent once, as with the JDK client), no redirects,
 * no content decompression (bytes pass unchanged), no cookies, no auth cache, no default
 * {@code User-Agent} (the client's goes up). Timeouts: connect {@code upstream-connect-timeout};
 * the answer's head and each read of its body {@code upstream-idle-timeout}. A pooled connection
 * idle for over a second is checked before it is used again (an upstream server closes idle
 * keep-alive connections). Cancelling discards the connection at once: a blocked read ends.
 */
final class ApacheUpstreamClient implements UpstreamClient {

    private static final Logger LOG = System.getLogger(ApacheUpstreamClient.class.getName());
    private static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;

    ApacheUpstreamClient(UpstreamSettings settings) {
        Timeout connect = Timeout.of(settings.connectTimeout());
        Timeout idle = Timeout.of(settings.idleTimeout());
        connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConcurrent())
                .setMaxConnPerRoute(settings.maxConcurrent())
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(connect).setSocketTimeout(idle)
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY).build())
                .build();
        client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connect)
                        .setResponseTimeout(idle).setRedirectsEnabled(false).setProtocolUpgradeEnabled(false).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableDefaultUserAgent()
                .build();
    }

    @Override
    public Call prepare(UpstreamRequest request) {
        HttpUriRequestBase upstream = new HttpUriRequestBase(request.method(), request.target());
        for (Map.Entry<String, String> header : request.headers()) {
            upstream.addHeader(header.getKey(), header.getValue());
        }
        upstream.setEntity(entity(request));
        return new ApacheCall(upstream);
    }

    /** The body without a content type of its own: the client's {@code Content-Type} header goes up as it is. */
    private static HttpEntity entity(UpstreamRequest request) {
        if (request.streamed()) {
            return new InputStreamEntity(request.stream(), request.length() > 0 ? request.length() : -1, null);
        }
        return request.body().length == 0 ? null : new ByteArrayEntity(request.body(), null);
    }

    @Override
    public void close() {
        connections.close(CloseMode.IMMEDIATE);
    }

    private final class ApacheCall implements Call {

        private final HttpUriRequestBase request;

        ApacheCall(HttpUriRequestBase request) {
            this.request = request;
        }

        @Override
        public Answer send() throws IOException {
            if (request.isCancelled()) {
                throw new IOException("the upstream call was cancelled");
            }
            try {
                return new ApacheAnswer(request, client.executeOpen(null, request, null));
            } catch (ConnectTimeoutException e) {
                throw e;
            } catch (SocketTimeoutException e) {
                throw new UpstreamSilentException(e);
            }
        }

        @Override
        public void cancel() {
            request.cancel(); // aborts the lease or discards the connection: a blocked read fails
        }
    }

    private static final class ApacheAnswer implements Answer {

        private final HttpUriRequestBase request;
        private final ClassicHttpResponse response;
        private final InputStream body;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final AtomicBoolean closed = new AtomicBoolean();

        ApacheAnswer(HttpUriRequestBase request, ClassicHttpResponse response) throws IOException {
            this.request = request;
            this.response = response;
            HttpEntity entity = response.getEntity();
            this.body = entity == null ? InputStream.nullInputStream() : entity.getContent();
            for (Header header : response.getHeaders()) {
                headers.computeIfAbsent(header.getName(), n -> new ArrayList<>(1)).add(header.getValue());
            }
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
            for (Header header : response.getHeaders(name)) {
                values.add(header.getValue());
            }
            return values;
        }

        @Override
        public InputStream body() {
            return body;
        }

        /**
         * Cancels first: a body read to its end has given its connection back already (cancelling
         * then does nothing); one cut short has its connection discarded, so that closing the response
         * does not read the rest of it (HttpClient drains a body it closes, to reuse its connection).
         */
        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                request.cancel();
                try {
                    response.close();
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "closing an upstream answer failed", e);
                }
            }
        }
    }
}

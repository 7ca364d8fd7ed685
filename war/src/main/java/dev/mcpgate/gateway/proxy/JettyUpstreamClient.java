package dev.mcpgate.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code upstream-client=jetty}: Jetty's {@link HttpClient} (12.1, HTTP/1.1), on its own pool of
 * daemon threads, at most {@code upstream-max-concurrent} connections. The exchange's pool thread
 * sends and waits for the answer's head, then reads the body from an {@link InputStreamResponseListener}.
 * No redirects, no content decoding (no {@code Accept-Encoding} added), no cookies, no
 * {@code User-Agent} of its own. Timeouts: connect {@code upstream-connect-timeout}, idle
 * {@code upstream-idle-timeout}. Cancelling aborts the request: a blocked read fails.
 */
final class JettyUpstreamClient implements UpstreamClient {

    private final HttpClient client = new HttpClient();
    private final long idleMillis;

    JettyUpstreamClient(UpstreamSettings settings) {
        idleMillis = settings.idleTimeout().toMillis();
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, settings.maxConcurrent() + 4));
        threads.setName("mcpgate-gateway-jetty");
        threads.setDaemon(true);
        client.setExecutor(threads);
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setIdleTimeout(idleMillis);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(settings.maxConcurrent());
        client.setUserAgentField(null);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.getContentDecoderFactories().clear();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty's HTTP client did not start", e);
        }
    }

    @Override
    public Call prepare(UpstreamRequest request) {
        Request upstream = client.newRequest(request.target()).method(request.method())
                .idleTimeout(idleMillis, TimeUnit.MILLISECONDS);
        upstream.headers(fields -> {
            for (Map.Entry<String, String> header : request.headers()) {
                fields.add(header.getKey(), header.getValue());
            }
        });
        if (request.streamed()) {
            long length = request.length();
            upstream.body(new InputStreamRequestContent(request.stream()) {
                @Override
                public long getLength() {
                    return length > 0 ? length : -1;
                }

                @Override
                public String getContentType() {
                    return null; // the client's Content-Type header goes up as it is
                }
            });
        } else if (request.body().length > 0) {
            upstream.body(new BytesRequestContent((String) null, request.body()));
        }
        return new JettyCall(upstream);
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            System.getLogger(JettyUpstreamClient.class.getName()).log(System.Logger.Level.DEBUG,
                    "stopping Jetty's HTTP client failed", e);
        }
    }

    private final class JettyCall implements Call {

        private final Request request;
        private volatile boolean cancelled;

        JettyCall(Request request) {
            this.request = request;
        }

        @Override
        public Answer send() throws IOException, InterruptedException {
            if (cancelled) {
                throw new IOException("the upstream call was cancelled");
            }
            InputStreamResponseListener listener = new InputStreamResponseListener();
            request.send(listener);
            try {
                Response response = listener.get(idleMillis, TimeUnit.MILLISECONDS);
                return new JettyAnswer(request, response, listener.getInputStream());
            } catch (TimeoutException e) {
                request.abort(e);
                throw new UpstreamSilentException(e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof TimeoutException) {
                    throw new UpstreamSilentException(cause); // the idle timeout before the head came
                }
                if (cause instanceof IOException io && !(cause instanceof SocketTimeoutException)) {
                    throw io;
                }
                throw new IOException(cause.getMessage(), cause);
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            request.abort(new IOException("the upstream call was cancelled"));
        }
    }

    private static final class JettyAnswer implements Answer {

        private final Request request;
        private final Response response;
        private final InputStream body;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();

        JettyAnswer(Request request, Response response, InputStream body) {
            this.request = request;
            this.response = response;
            this.body = body;
            for (HttpField field : response.getHeaders()) {
                headers.computeIfAbsent(field.getName(), n -> new ArrayList<>(1)).add(field.getValue());
            }
        }

        @Override
        public int status() {
            return response.getStatus();
        }

        @Override
        public Map<String, List<String>> headers() {
            return Collections.unmodifiableMap(headers);
        }

        @Override
        public List<String> headers(String name) {
            return response.getHeaders().getValuesList(name);
        }

        @Override
        public InputStream body() {
            return body;
        }

        /** Aborts an answer not yet complete (its connection is closed); a complete one is left as it is. */
        @Override
        public void close() {
            request.abort(new IOException("the upstream answer was closed"));
            try {
                body.close();
            } catch (IOException e) {
                System.getLogger(JettyUpstreamClient.class.getName()).log(System.Logger.Level.DEBUG,
                        "closing an upstream answer failed", e);
            }
        }
    }
}

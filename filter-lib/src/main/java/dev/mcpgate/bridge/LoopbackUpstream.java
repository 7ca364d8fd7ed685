package dev.mcpgate.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The default {@link BridgeUpstream}: HTTP/1.1 calls (java.net.http) to the server behind the filter, at
 * {@code bridge-upstream-url}, or, when that is empty, at the endpoint itself over the loopback address
 * ({@link #learn}: the URL of the first bridged request, on 127.0.0.1 and its local port). Each call carries the
 * endpoint's {@link LoopbackMarker}, so that the filter passes it to the servlet unbridged and stores it as an
 * exchange of its own (the upstream leg). A call waits at most {@code bridge-upstream-timeout} for the answer's
 * head; the body then streams for as long as the server sends it.
 */
public final class LoopbackUpstream implements BridgeUpstream {

    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private final AtomicReference<URI> url = new AtomicReference<>();
    private final boolean configured;
    private final LoopbackMarker marker;
    private final Duration timeout;
    private final HttpClient client;

    /**
     * @param configured {@code bridge-upstream-url}, or {@code null} for the loopback learnt from the first request
     * @param marker     the endpoint's marker
     * @param timeout    {@code bridge-upstream-timeout}
     */
    public LoopbackUpstream(URI configured, LoopbackMarker marker, Duration timeout) {
        this.configured = configured != null;
        this.url.set(configured);
        this.marker = Objects.requireNonNull(marker, "marker");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The loopback URL from a bridged request, the first time (later ones keep it): plain HTTP to 127.0.0.1 at
     * the request's local port, its context path, servlet path and path info. Ignored when the URL is configured.
     */
    public void learn(int localPort, String contextPath, String servletPath, String pathInfo) {
        if (configured || url.get() != null) {
            return;
        }
        String path = nullToEmpty(contextPath) + nullToEmpty(servletPath) + nullToEmpty(pathInfo);
        try {
            url.compareAndSet(null, new URI("http", null, "127.0.0.1", localPort, path, null, null));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("the endpoint's path is no URI path: " + path, e);
        }
    }

    /** The URL calls go to, or {@code null} before {@link #learn} when none is configured. */
    public URI url() {
        return url.get();
    }

    @Override
    public UpstreamAnswer send(UpstreamCall call) throws IOException, InterruptedException {
        URI target = url.get();
        if (target == null) {
            throw new IOException("the bridge does not know the upstream's URL yet (no bridged request seen)");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout);
        call.headers().forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))
                    && !LoopbackMarker.HEADER.equalsIgnoreCase(name)) {
                request.header(name, value);
            }
        });
        request.header(LoopbackMarker.HEADER, marker.value());
        request.method(call.httpMethod(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body(), java.nio.charset.StandardCharsets.UTF_8));
        try {
            return new Answer(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (HttpTimeoutException e) {
            throw new IOException("the upstream did not answer within bridge-upstream-timeout (" + timeout + ")", e);
        }
    }

    @Override
    public void close() {
        // the JDK client has no close before Java 21; its threads end when it is unreachable
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    /** One answer; closing its stream ends a blocked read (the JDK client then reads end of stream). */
    private static final class Answer implements UpstreamAnswer {
        private final HttpResponse<InputStream> response;

        Answer(HttpResponse<InputStream> response) {
            this.response = response;
        }

        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        @Override
        public InputStream body() {
            return response.body();
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // closing is best effort: the connection is dropped either way
            }
        }
    }
}

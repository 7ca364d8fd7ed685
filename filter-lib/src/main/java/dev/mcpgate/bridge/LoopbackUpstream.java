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

    private static final System.Logger LOG = System.getLogger(LoopbackUpstream.class.getName());

    private final AtomicReference<URI> url = new AtomicReference<>();
    /** Why no URL can be learnt (a TLS request, a default or extension mapping), warned once; {@code null} if none. */
    private final AtomicReference<String> unusable = new AtomicReference<>();
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
     * the request's local port, its context path and the path its servlet is mapped to (an exact or path
     * mapping: never the path info, which the client chooses). A request over TLS teaches nothing (the
     * loopback would speak plain HTTP to a TLS connector), nor does one the container matched by the default or
     * an extension mapping (its servlet path is the client's): the bridge's calls then fail at once, and the
     * reason is logged once. Ignored when the URL is configured.
     *
     * @param mappedPath the servlet path of an exact or path mapping, or {@code null} when the mapping is of
     *                   another kind (default, extension)
     * @param secure     whether the request came over TLS
     */
    public void learn(int localPort, String contextPath, String mappedPath, boolean secure) {
        if (configured || url.get() != null) {
            return;
        }
        if (secure) {
            cannotLearn("a bridged request came over TLS (" + contextPath + "), and the loopback speaks plain HTTP "
                    + "to 127.0.0.1:" + localPort + "; set bridge-upstream-url (e.g. https://127.0.0.1:"
                    + localPort + contextPath + "/mcp) or add a plain-HTTP connector");
            return;
        }
        if (mappedPath == null) {
            cannotLearn("the MCP servlet is mapped by the default or an extension mapping, so the endpoint's "
                    + "path cannot be told from the request's; set bridge-upstream-url");
            return;
        }
        String path = nullToEmpty(contextPath) + mappedPath;
        try {
            url.compareAndSet(null, new URI("http", null, "127.0.0.1", localPort, path, null, null));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("the endpoint's path is no URI path: " + path, e);
        }
    }

    private void cannotLearn(String reason) {
        if (unusable.compareAndSet(null, reason)) {
            LOG.log(System.Logger.Level.WARNING, "McpGate era bridge: cannot call the server over the loopback: "
                    + reason + ". Bridged exchanges fail (502) until a plain-HTTP request shows the way.");
        }
    }

    /**
     * Whether calls can go anywhere: a URL is configured or learnt, or none was refused yet. {@code false} after a
     * TLS request or a default mapping taught nothing: the filter then lets exchanges go on unbridged instead of
     * failing each.
     */
    public boolean reachable() {
        return url.get() != null || unusable.get() == null;
    }

    /** The URL calls go to, or {@code null} before {@link #learn} when none is configured. */
    public URI url() {
        return url.get();
    }

    @Override
    public UpstreamAnswer send(UpstreamCall call) throws IOException, InterruptedException {
        URI target = url.get();
        if (target == null) {
            String reason = unusable.get();
            throw new IOException(reason != null ? "the bridge cannot reach the upstream: " + reason
                    : "the bridge does not know the upstream's URL yet (no bridged request seen)");
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

    /**
     * One answer of the JDK client; closing its stream ends a blocked read (the JDK client then reads end of
     * stream). The tests' own java.net.http upstream wraps its answers in it too.
     */
    static final class Answer implements UpstreamAnswer {
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

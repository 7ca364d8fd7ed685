package dev.mcpgate.gateway.proxy;

import java.util.Locale;
import java.util.concurrent.ExecutorService;

/**
 * The HTTP client libraries the gateway can call its upstream server with: the value of
 * {@code upstream-client}. Each speaks HTTP/1.1 over pooled keep-alive connections, relay an answer
 * (an SSE stream too) as it comes and cancel a call when the client goes away; they differ in what
 * one call costs (see the benchmark harness, {@code gateway-proxied-<client>}).
 */
public enum UpstreamClientKind {

    /** The JDK's {@code java.net.http.HttpClient}, its tasks on the gateway's pool. */
    JDK("jdk"),
    /** Apache HttpClient 5's pooled connection manager with HttpCore's blocking request executor. */
    APACHE("apache"),
    /** Jetty's {@code HttpClient} (12.1), on its own pool of daemon threads. */
    JETTY("jetty");

    /** {@code upstream-client}'s default: the cheaper per call in the benchmark harness. */
    public static final UpstreamClientKind DEFAULT = APACHE;

    private final String value;

    UpstreamClientKind(String value) {
        this.value = value;
    }

    /** The setting's value, e.g. {@code apache}. */
    public String value() {
        return value;
    }

    /**
     * The kind a setting value names, case-insensitively.
     *
     * @throws IllegalArgumentException naming the values there are
     */
    public static UpstreamClientKind of(String value) {
        for (UpstreamClientKind kind : values()) {
            if (kind.value.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("must be one of jdk, apache, jetty");
    }

    /** A new client of this kind for one servlet; {@code threads} is the gateway's pool. */
    UpstreamClient open(UpstreamSettings settings, ExecutorService threads) {
        return switch (this) {
            case JDK -> new JdkUpstreamClient(settings, threads);
            case APACHE -> new ApacheUpstreamClient(settings);
            case JETTY -> new JettyUpstreamClient(settings);
        };
    }
}

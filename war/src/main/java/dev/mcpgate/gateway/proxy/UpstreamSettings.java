package dev.mcpgate.gateway.proxy;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What the upstream proxy needs of the gateway's settings, handed to it by whoever installs it (the
 * WAR's {@code McpEndpointInstaller} builds it from its {@code GatewayConfig}): the proxy knows no
 * settings source, so that the wiring package may name the proxy without the proxy naming it back.
 *
 * @param upstream          the upstream MCP server's URL ({@code upstream-url}), absolute
 * @param connectTimeout    connection timeout to the upstream server ({@code upstream-connect-timeout})
 * @param idleTimeout       longest silence of the upstream server ({@code upstream-idle-timeout})
 * @param maxConcurrent     most upstream exchanges under way at once ({@code upstream-max-concurrent})
 * @param maxStreamLifetime longest time one upstream answer is relayed ({@code upstream-max-stream-lifetime})
 * @param client            the HTTP client library the upstream calls go through ({@code upstream-client})
 */
public record UpstreamSettings(URI upstream, Duration connectTimeout, Duration idleTimeout, int maxConcurrent,
                               Duration maxStreamLifetime, UpstreamClientKind client) {

    /** These settings with the default {@code upstream-client}. */
    public UpstreamSettings(URI upstream, Duration connectTimeout, Duration idleTimeout, int maxConcurrent,
            Duration maxStreamLifetime) {
        this(upstream, connectTimeout, idleTimeout, maxConcurrent, maxStreamLifetime, UpstreamClientKind.DEFAULT);
    }

    public UpstreamSettings {
        Objects.requireNonNull(upstream, "the upstream proxy needs an upstream-url");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(maxStreamLifetime, "maxStreamLifetime");
        Objects.requireNonNull(client, "client");
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
        }
    }
}

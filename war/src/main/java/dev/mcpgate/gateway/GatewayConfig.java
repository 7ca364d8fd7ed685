package dev.mcpgate.gateway;

import dev.mcpgate.config.ResolvedSettings;
import dev.mcpgate.config.SettingSources;
import dev.mcpgate.config.SettingValues;
import dev.mcpgate.gateway.proxy.UpstreamClientKind;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The gateway WAR's settings in force, resolved once at start (see {@link GatewaySetting}).
 *
 * @param upstream        the upstream MCP server, or {@code null} for the built-in demo server
 * @param connectTimeout  connection timeout to the upstream server
 * @param idleTimeout     longest silence of the upstream server
 * @param maxConcurrent   most upstream exchanges under way at once
 * @param maxStreamLifetime longest time one upstream answer is relayed
 * @param client          the HTTP client library of the upstream calls
 */
public record GatewayConfig(URI upstream, Duration connectTimeout, Duration idleTimeout, int maxConcurrent,
                            Duration maxStreamLifetime, UpstreamClientKind client) {

    /** The settings with these values and the default {@code upstream-client}. */
    public GatewayConfig(URI upstream, Duration connectTimeout, Duration idleTimeout, int maxConcurrent,
            Duration maxStreamLifetime) {
        this(upstream, connectTimeout, idleTimeout, maxConcurrent, maxStreamLifetime, UpstreamClientKind.DEFAULT);
    }

    /** The settings with these values and the defaults of the others. */
    public GatewayConfig(URI upstream, Duration connectTimeout, Duration idleTimeout) {
        this(upstream, connectTimeout, idleTimeout,
                Integer.parseInt(GatewaySetting.UPSTREAM_MAX_CONCURRENT.defaultValue()),
                Duration.parse(GatewaySetting.UPSTREAM_MAX_STREAM_LIFETIME.defaultValue()));
    }

    /** Whether {@code /mcp} forwards to an upstream server (otherwise the demo server answers). */
    public boolean gatewayMode() {
        return upstream != null;
    }

    /**
     * The mode's name, {@code gateway} or {@code demo}: the WAR's default {@code endpoint-name}, which
     * every row and event carries ({@link WarDefaults}).
     */
    public String modeName() {
        return gatewayMode() ? "gateway" : "demo";
    }

    /**
     * Resolves the settings from a servlet context, the system properties and the environment.
     *
     * @throws IllegalArgumentException naming every invalid setting and unknown
     *         {@code dev.mcpgate.gateway.*} context-param
     */
    public static GatewayConfig resolve(ServletContext context) {
        return resolve(new ContextSources(context));
    }

    static GatewayConfig resolve(SettingSources sources) {
        ResolvedSettings<GatewaySetting> settings = ResolvedSettings.resolve(GatewaySetting.class, sources);
        GatewayConfig config = new GatewayConfig(
                settings.parse(GatewaySetting.UPSTREAM_URL, GatewayConfig::upstream),
                settings.duration(GatewaySetting.UPSTREAM_CONNECT_TIMEOUT),
                settings.duration(GatewaySetting.UPSTREAM_IDLE_TIMEOUT),
                settings.parse(GatewaySetting.UPSTREAM_MAX_CONCURRENT,
                        SettingValues.intBetween(1, GatewaySetting.MAX_CONCURRENT_LIMIT)),
                settings.duration(GatewaySetting.UPSTREAM_MAX_STREAM_LIFETIME),
                settings.parse(GatewaySetting.UPSTREAM_CLIENT, UpstreamClientKind::of));
        settings.throwIfProblems("McpGate gateway configuration");
        return config;
    }

    /** An absolute http or https URL without fragment; empty for none. The message never quotes it. */
    private static URI upstream(String value) {
        if (value.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            // the cause's message quotes the value: left out, the reason kept
            throw new IllegalArgumentException("is not a URL (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an absolute http or https URL");
        }
        if (uri.getFragment() != null) {
            throw new IllegalArgumentException("must not have a fragment");
        }
        return uri;
    }

    /** The servlet context's params, the JVM's system properties and environment; no init-params. */
    private record ContextSources(ServletContext context) implements SettingSources {
        @Override
        public Collection<String> initParamNames() {
            return List.of();
        }

        @Override
        public String initParam(String name) {
            return null;
        }

        @Override
        public Collection<String> contextParamNames() {
            return Collections.list(context.getInitParameterNames());
        }

        @Override
        public String contextParam(String name) {
            return context.getInitParameter(name);
        }
    }
}

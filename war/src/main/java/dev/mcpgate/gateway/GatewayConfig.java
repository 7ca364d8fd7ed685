package dev.mcpgate.gateway;

import dev.mcpgate.redact.Redaction;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The gateway WAR's settings in force, resolved once at start (see {@link GatewaySetting}).
 *
 * @param upstream        the upstream MCP server, or {@code null} for the built-in demo server
 * @param connectTimeout  connection timeout to the upstream server
 * @param idleTimeout     longest silence of the upstream server
 * @param maxConcurrent   most upstream exchanges under way at once
 * @param maxStreamLifetime longest time one upstream answer is relayed
 */
public record GatewayConfig(URI upstream, Duration connectTimeout, Duration idleTimeout, int maxConcurrent,
                            Duration maxStreamLifetime) {

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

    /** Resolves the settings from a servlet context, the system properties and the environment. */
    public static GatewayConfig resolve(ServletContext context) {
        return resolve(context::getInitParameter, System::getProperty, System.getenv());
    }

    static GatewayConfig resolve(Function<String, String> contextParams, Function<String, String> systemProperties,
            Map<String, String> environment) {
        Function<GatewaySetting, String> value = setting -> Optional.ofNullable(contextParams.apply(setting.contextParam()))
                .or(() -> Optional.ofNullable(systemProperties.apply(setting.systemProperty())))
                .or(() -> Optional.ofNullable(environment.get(setting.environmentVariable())))
                .map(String::trim)
                .orElse(setting.defaultValue());
        return new GatewayConfig(
                upstream(value.apply(GatewaySetting.UPSTREAM_URL)),
                GatewaySetting.UPSTREAM_CONNECT_TIMEOUT.parseDuration(value.apply(GatewaySetting.UPSTREAM_CONNECT_TIMEOUT)),
                GatewaySetting.UPSTREAM_IDLE_TIMEOUT.parseDuration(value.apply(GatewaySetting.UPSTREAM_IDLE_TIMEOUT)),
                GatewaySetting.UPSTREAM_MAX_CONCURRENT.parseCount(value.apply(GatewaySetting.UPSTREAM_MAX_CONCURRENT),
                        GatewaySetting.MAX_CONCURRENT_LIMIT),
                GatewaySetting.UPSTREAM_MAX_STREAM_LIFETIME.parseDuration(
                        value.apply(GatewaySetting.UPSTREAM_MAX_STREAM_LIFETIME)));
    }

    private static URI upstream(String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new IllegalArgumentException(GatewaySetting.UPSTREAM_URL.settingName()
                        + " must be an absolute http or https URL, was " + Redaction.url(value));
            }
            if (uri.getFragment() != null) {
                throw new IllegalArgumentException(GatewaySetting.UPSTREAM_URL.settingName()
                        + " must not have a fragment: " + Redaction.url(value));
            }
            return uri;
        } catch (URISyntaxException e) {
            // the cause's message quotes the value: left out, the reason kept
            throw new IllegalArgumentException(GatewaySetting.UPSTREAM_URL.settingName() + " is not a URL ("
                    + e.getReason() + " at index " + e.getIndex() + "): " + Redaction.url(value));
        }
    }
}

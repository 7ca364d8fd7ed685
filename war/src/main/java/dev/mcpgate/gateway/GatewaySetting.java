package dev.mcpgate.gateway;

import dev.mcpgate.config.SettingDefinition;
import dev.mcpgate.config.SettingFamily;
import dev.mcpgate.gateway.proxy.UpstreamClientKind;
import dev.mcpgate.redact.Redaction;

/**
 * The gateway WAR's own settings, next to the filter's ({@code dev.mcpgate.Setting}), of the
 * {@link SettingFamily#GATEWAY} family: resolved by the same resolver as the filter's and the
 * launcher's ({@link dev.mcpgate.config.ResolvedSettings}).
 *
 * <p>A setting named {@code upstream-url} is read, in this order, from the context-param
 * {@code dev.mcpgate.gateway.upstream-url} (in {@code web.xml}; the filter owns the other
 * {@code dev.mcpgate.<name>} context-params), the system property {@code mcpgate.gateway.upstream-url}
 * or {@code mcpgate.upstream-url}, the environment variable {@code MCPGATE_GATEWAY_UPSTREAM_URL} or
 * {@code MCPGATE_UPSTREAM_URL}, and finally its default. Every value is checked when the WAR starts;
 * an invalid value or an unknown {@code dev.mcpgate.gateway.*} context-param fails the deployment with
 * one message that names each.
 */
public enum GatewaySetting implements SettingDefinition {

    UPSTREAM_URL("upstream-url", "",
            "The MCP server /mcp forwards to (http or https). Empty: /mcp is served by the built-in demo MCP server."),
    UPSTREAM_CONNECT_TIMEOUT("upstream-connect-timeout", "PT5S",
            "Longest wait for a connection to the upstream server; beyond it the client gets a 502."),
    UPSTREAM_IDLE_TIMEOUT("upstream-idle-timeout", "PT5M",
            "Longest silence of the upstream server, before its answer begins and between two reads of it; "
                    + "then the call is given up (504 before the answer began, stream closed after)."),
    UPSTREAM_MAX_CONCURRENT("upstream-max-concurrent", "200",
            "Most upstream exchanges under way at once, open SSE streams included; a request beyond it gets a 503 "
                    + "with Retry-After and a JSON-RPC error. Also bounds the gateway's threads (2 per exchange "
                    + "at most) and its upstream connections (1 per exchange)."),
    UPSTREAM_MAX_STREAM_LIFETIME("upstream-max-stream-lifetime", "PT1H",
            "Longest time one upstream answer is relayed: then an SSE stream is closed after its current event "
                    + "(the client reconnects), any other answer is cut."),
    UPSTREAM_CLIENT("upstream-client", UpstreamClientKind.DEFAULT.value(),
            "The HTTP client library the upstream calls go through: apache (Apache HttpClient 5, pooled "
                    + "connections), jdk (java.net.http) or jetty (Jetty's HttpClient 12.1). Each streams SSE "
                    + "answers and cancels a call when the client goes away.");

    /** The most {@link #UPSTREAM_MAX_CONCURRENT} may be: each exchange may hold two threads. */
    static final int MAX_CONCURRENT_LIMIT = 10_000;

    private final String key;
    private final String defaultValue;
    private final String description;

    GatewaySetting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    @Override
    public SettingFamily family() {
        return SettingFamily.GATEWAY;
    }

    /** The name, e.g. {@code upstream-url}. */
    @Override
    public String key() {
        return key;
    }

    @Override
    public String defaultValue() {
        return defaultValue;
    }

    @Override
    public String description() {
        return description;
    }

    /** The first system property name, {@code mcpgate.gateway.<name>}. */
    public String systemProperty() {
        return systemProperties().get(0);
    }

    /** The first environment variable name, {@code MCPGATE_GATEWAY_<NAME>}. */
    public String environmentVariable() {
        return environmentVariables().get(0);
    }

    /** A URL may carry credentials: a message shows it without them. */
    @Override
    public String shown(String value) {
        return this == UPSTREAM_URL ? Redaction.url(value) : value;
    }
}

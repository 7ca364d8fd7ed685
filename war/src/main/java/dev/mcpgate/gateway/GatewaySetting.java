package dev.mcpgate.gateway;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The gateway WAR's own settings, next to the filter's ({@code dev.mcpgate.Setting}).
 *
 * <p>A setting named {@code upstream-url} is read, in this order, from the context-param
 * {@code dev.mcpgate.gateway.upstream-url} (in {@code web.xml}; the filter owns the
 * {@code dev.mcpgate.<name>} context-params and refuses names it does not know), the system property
 * {@code mcpgate.upstream-url}, the environment variable {@code MCPGATE_UPSTREAM_URL}, and finally
 * its default. Every value is checked when the WAR starts; an invalid one fails the deployment with
 * a message that names it.
 */
public enum GatewaySetting {

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
                    + "(the client reconnects), any other answer is cut.");

    private final String settingName;
    private final String defaultValue;
    private final String description;

    GatewaySetting(String settingName, String defaultValue, String description) {
        this.settingName = settingName;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** The name, e.g. {@code upstream-url}. */
    public String settingName() {
        return settingName;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The context-param name, {@code dev.mcpgate.gateway.<name>}. */
    public String contextParam() {
        return "dev.mcpgate.gateway." + settingName;
    }

    /** The system property name, {@code mcpgate.<name>}. */
    public String systemProperty() {
        return "mcpgate." + settingName;
    }

    /** The environment variable name, {@code MCPGATE_<NAME>}. */
    public String environmentVariable() {
        return "MCPGATE_" + settingName.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The most {@link #UPSTREAM_MAX_CONCURRENT} may be: each exchange may hold two threads. */
    static final int MAX_CONCURRENT_LIMIT = 10_000;

    /** A whole number from 1 to {@code max}, or an {@link IllegalArgumentException} that names this setting. */
    int parseCount(String value, int max) {
        try {
            int count = Integer.parseInt(value);
            if (count < 1 || count > max) {
                throw new IllegalArgumentException(settingName + " must be from 1 to " + max + ", was " + value);
            }
            return count;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(settingName + " is not a whole number: " + value, e);
        }
    }

    /** A positive ISO-8601 duration, or an {@link IllegalArgumentException} that names this setting. */
    Duration parseDuration(String value) {
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(settingName + " must be positive, was " + value);
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(settingName + " is not an ISO-8601 duration (e.g. PT30S): " + value, e);
        }
    }
}

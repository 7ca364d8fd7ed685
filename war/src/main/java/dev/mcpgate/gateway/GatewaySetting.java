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
                    + "then the call is given up (504 before the answer began, stream closed after).");

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

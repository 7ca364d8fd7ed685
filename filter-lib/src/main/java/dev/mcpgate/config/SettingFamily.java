package dev.mcpgate.config;

import java.util.List;
import java.util.Locale;

/**
 * The McpGate components that have settings, and how each derives a setting's names from its key.
 * A setting {@code <key>} of a family is read, in this order, from
 * <ol>
 *   <li>the filter's init-param {@code <key>} (the filter only),</li>
 *   <li>the context-param {@link #contextParamPrefix()}{@code <key>} (not the launcher: it has no
 *       servlet context),</li>
 *   <li>each system property of {@link #systemProperties(String)},</li>
 *   <li>each environment variable of {@link #environmentVariables(String)} ({@code -} as {@code _},
 *       upper case),</li>
 * </ol>
 * then its default. The context-param prefixes divide {@code dev.mcpgate.*} between the families: the
 * filter owns every {@code dev.mcpgate.*} name but those of the gateway, so each refuses the names
 * of its part it does not know and leaves the others' alone. System properties and environment
 * variables are shared by every component of a JVM (and by other programs), so unknown ones are
 * never refused.
 */
public enum SettingFamily {

    /** {@code McpSessionFilter}: {@code dev.mcpgate.<key>}, {@code mcpgate.<key>}, {@code MCPGATE_<KEY>}. */
    FILTER("dev.mcpgate.", List.of("mcpgate."), List.of("MCPGATE_"), true, false),
    /**
     * The gateway WAR: {@code dev.mcpgate.gateway.<key>}, then {@code mcpgate.gateway.<key>} or
     * {@code mcpgate.<key>}, then {@code MCPGATE_GATEWAY_<KEY>} or {@code MCPGATE_<KEY>} (the short
     * forms are those that worked first; its keys are all {@code upstream-*}, none a filter key).
     */
    GATEWAY("dev.mcpgate.gateway.", List.of("mcpgate.gateway.", "mcpgate."),
            List.of("MCPGATE_GATEWAY_", "MCPGATE_"), false, false),
    /**
     * The launcher: {@code mcpgate.<key>}, {@code MCPGATE_<KEY>}; no context-params. A blank value
     * counts as unset here ({@code MCPGATE_PORT=} in a shell script leaves the port at its default),
     * where the filter has settings for which empty is a value ({@code sse-heartbeat=}: none).
     */
    LAUNCHER(null, List.of("mcpgate."), List.of("MCPGATE_"), false, true);

    private final String contextParamPrefix;
    private final List<String> systemPropertyPrefixes;
    private final List<String> environmentPrefixes;
    private final boolean initParams;
    private final boolean blankIsUnset;

    SettingFamily(String contextParamPrefix, List<String> systemPropertyPrefixes,
                  List<String> environmentPrefixes, boolean initParams, boolean blankIsUnset) {
        this.contextParamPrefix = contextParamPrefix;
        this.systemPropertyPrefixes = systemPropertyPrefixes;
        this.environmentPrefixes = environmentPrefixes;
        this.initParams = initParams;
        this.blankIsUnset = blankIsUnset;
    }

    /** {@code dev.mcpgate.} or {@code dev.mcpgate.gateway.}; {@code null} for a family without context-params. */
    public String contextParamPrefix() {
        return contextParamPrefix;
    }

    /** Whether the family's settings are also init-params (of the filter). */
    public boolean takesInitParams() {
        return initParams;
    }

    /** Whether a blank value counts as unset, so that the next source is asked. */
    public boolean blankIsUnset() {
        return blankIsUnset;
    }

    /** The context-param of {@code key}, or {@code null} when the family has none. */
    public String contextParam(String key) {
        return contextParamPrefix == null ? null : contextParamPrefix + key;
    }

    /** The system properties of {@code key}, the first one first. */
    public List<String> systemProperties(String key) {
        return systemPropertyPrefixes.stream().map(prefix -> prefix + key).toList();
    }

    /** The environment variables of {@code key}, the first one first: {@code store-jdbc-url} as {@code MCPGATE_STORE_JDBC_URL}. */
    public List<String> environmentVariables(String key) {
        String name = key.replace('-', '_').replace('.', '_').toUpperCase(Locale.ROOT);
        return environmentPrefixes.stream().map(prefix -> prefix + name).toList();
    }

    /**
     * The key of a context-param of this family ({@code dev.mcpgate.gateway.upstream-url} for the
     * gateway: {@code upstream-url}), or {@code null} when the name belongs to no family or to another
     * one ({@code dev.mcpgate.gateway.*} is not the filter's).
     */
    public String keyOfContextParam(String name) {
        if (contextParamPrefix == null || !name.startsWith(contextParamPrefix)) {
            return null;
        }
        for (SettingFamily other : values()) {
            if (other != this && other.contextParamPrefix != null
                    && other.contextParamPrefix.length() > contextParamPrefix.length()
                    && name.startsWith(other.contextParamPrefix)) {
                return null;
            }
        }
        return name.substring(contextParamPrefix.length());
    }

    /** A definition of {@code key} in this family with no default, to read another component's setting. */
    public SettingDefinition named(String key) {
        SettingFamily family = this;
        return new SettingDefinition() {
            @Override
            public SettingFamily family() {
                return family;
            }

            @Override
            public String key() {
                return key;
            }

            @Override
            public String defaultValue() {
                return "";
            }

            @Override
            public String description() {
                return "";
            }
        };
    }
}

package dev.mcpgate.config;

import java.util.List;

/**
 * One setting: its family and key, from which every name it is read under is derived, its default
 * and the sentence the configuration reference shows. The filter's {@code Setting}, the gateway's
 * {@code GatewaySetting} and the launcher's {@code LauncherSetting} are enums of these; the values
 * are typed by {@link ResolvedSettings}' parsers where each component builds its configuration.
 */
public interface SettingDefinition {

    /** Whose setting this is, and so how its names are derived. */
    SettingFamily family();

    /** The key, e.g. {@code queue-capacity}: the filter's init-param, the tail of every other name. */
    String key();

    /** The value used when no source sets it, in the setting's own text form. */
    String defaultValue();

    /** One sentence for the configuration reference. */
    String description();

    /** The context-param, e.g. {@code dev.mcpgate.queue-capacity}; {@code null} when there is none. */
    default String contextParam() {
        return family().contextParam(key());
    }

    /** The system properties read, in order, e.g. {@code mcpgate.queue-capacity}; empty when there is none. */
    default List<String> systemProperties() {
        return family().systemProperties(key());
    }

    /** The environment variables read, in order, e.g. {@code MCPGATE_QUEUE_CAPACITY}; empty when there is none. */
    default List<String> environmentVariables() {
        return family().environmentVariables(key());
    }

    /** How a value appears in a message: as it is, unless it may hold a secret (a URL's credentials). */
    default String shown(String value) {
        return value;
    }
}

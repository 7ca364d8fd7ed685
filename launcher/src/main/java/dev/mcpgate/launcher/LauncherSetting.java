package dev.mcpgate.launcher;

import dev.mcpgate.config.SettingDefinition;
import dev.mcpgate.config.SettingFamily;
import java.util.List;

/**
 * The launcher's own settings, of the {@link SettingFamily#LAUNCHER} family: {@code port} is the system
 * property {@code mcpgate.port} or the environment variable {@code MCPGATE_PORT}, read by the resolver
 * every McpGate component uses ({@link dev.mcpgate.config.ResolvedSettings}). A blank value counts as
 * unset. Every other {@code mcpgate.*} setting is the WAR's (its filter's or its gateway's) and reaches
 * it unchanged, because the server runs in this JVM.
 */
public enum LauncherSetting implements SettingDefinition {

    PORT("port", "8080", "HTTP port; 0: any free port."),
    ADDRESS("address", "127.0.0.1",
            "Address to listen on; 127.0.0.1 is this machine only, 0.0.0.0 every interface."),
    /** No system property on purpose: a command line is visible to every user of the machine ({@code ps}). */
    ADMIN_PASSWORD("admin-password", "",
            "Password of the user admin (role mcpgate-admin) of the dashboard and the API; environment variable only "
                    + "(a command line is visible to every user of the machine). Empty: a random one for this run, printed."),
    /** No system property, as for the admin's. */
    METRICS_PASSWORD("metrics-password", "",
            "Password of the user metrics (role mcpgate-metrics: /mcpgate/metrics only, for a Prometheus scraper); "
                    + "environment variable only. Empty: no such user (the admin may scrape).");

    private final String key;
    private final String defaultValue;
    private final String description;

    LauncherSetting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    @Override
    public SettingFamily family() {
        return SettingFamily.LAUNCHER;
    }

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

    @Override
    public List<String> systemProperties() {
        return secret() ? List.of() : SettingDefinition.super.systemProperties();
    }

    @Override
    public String shown(String value) {
        return secret() ? "***" : value;
    }

    /** A password: read from the environment only, never shown. */
    private boolean secret() {
        return this == ADMIN_PASSWORD || this == METRICS_PASSWORD;
    }
}

package dev.mcpgate.gateway;

import dev.mcpgate.McpSessionFilter;
import dev.mcpgate.Setting;
import dev.mcpgate.config.ResolvedSettings;
import dev.mcpgate.config.SettingSources;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * The gateway WAR's own defaults, where they differ from the filter library's:
 * <ul>
 *   <li>{@code guard=enforce} (library: {@code report}). A gateway exists to stand in front of
 *       servers that do not check what the specification says to check, so it refuses by default.</li>
 *   <li>{@code resume=true} (library: {@code false}). A gateway stands in front of servers that
 *       cannot resume their SSE streams (the MCP Java SDK replays nothing), so it keeps them.</li>
 *   <li>{@code endpoint-name} the mode, {@code demo} or {@code gateway} (library: the filter's
 *       name), so that the rows of the demo server and those of the upstream server stay apart
 *       when both write to one database.</li>
 *   <li>{@code bridge=on} (library: {@code off}). A gateway stands in front of servers of one era and is
 *       reached by clients of both: it learns its upstream's era and translates for clients of the other.
 *       In demo mode {@code bridge-upstream-era=legacy}: the bundled demo server is the MCP Java SDK 2.1.0
 *       servlet, so no probe is needed to learn it.</li>
 * </ul>
 * An operator who sets one of them anywhere — the filter's init-param in {@code web.xml}, the
 * context-param {@code dev.mcpgate.<name>}, the system property {@code mcpgate.<name>}, the
 * environment variable {@code MCPGATE_<NAME>} — keeps that value ({@code MCPGATE_GUARD=report} to
 * watch before refusing, {@code MCPGATE_RESUME=false} to pass streams through untouched,
 * {@code MCPGATE_ENDPOINT_NAME=billing} to name the endpoint after the server behind it,
 * {@code MCPGATE_BRIDGE=off} to pass every client on in its own era).
 */
final class WarDefaults {

    /** Each setting the WAR defaults differently, and its value there, in the mode of {@code config}. */
    static Map<Setting, String> defaults(GatewayConfig config) {
        Map<Setting, String> defaults = new java.util.EnumMap<>(Map.of(Setting.GUARD, "enforce", Setting.RESUME, "true",
                Setting.ENDPOINT_NAME, config.modeName(), Setting.BRIDGE, "on"));
        if (DEMO.equals(config.modeName())) {
            // the demo server is the bundled MCP Java SDK 2.1.0 servlet: its era is known, no probe to learn it
            defaults.put(Setting.BRIDGE_UPSTREAM_ERA, "legacy");
        }
        return Map.copyOf(defaults);
    }

    private static final String DEMO = "demo";

    private static final Logger LOG = System.getLogger(WarDefaults.class.getName());

    private WarDefaults() {
    }

    /**
     * Sets each of {@link #defaults} as an init-param of every {@link McpSessionFilter} of the context
     * whose value no source sets. Called from a listener, before the filters start.
     */
    static void apply(ServletContext context, GatewayConfig config) {
        Map<Setting, String> defaults = defaults(config);
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (!McpSessionFilter.class.getName().equals(registration.getClassName())) {
                continue;
            }
            SettingSources sources = new RegistrationSources(registration, context);
            defaults.forEach((setting, value) -> {
                if (!isSet(setting, sources)) {
                    registration.setInitParameter(setting.key(), value);
                    LOG.log(Level.INFO, "McpGate gateway: filter {0} runs with {1}={2}, the WAR''s default",
                            registration.getName(), setting.key(), value);
                }
            });
        }
    }

    /** Whether any source of {@code setting} gives it a value, as the filter's resolver reads it. */
    static boolean isSet(Setting setting, SettingSources sources) {
        return ResolvedSettings.value(setting, sources) != null;
    }

    /** What the filter of {@code registration} will read: its init-params, the context's params, the JVM's. */
    private record RegistrationSources(FilterRegistration registration, ServletContext context)
            implements SettingSources {
        @Override
        public Collection<String> initParamNames() {
            return registration.getInitParameters().keySet();
        }

        @Override
        public String initParam(String name) {
            return registration.getInitParameter(name);
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

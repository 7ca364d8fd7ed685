package dev.mcpgate.gateway;

import dev.mcpgate.McpSessionFilter;
import dev.mcpgate.Setting;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.Function;

/**
 * The gateway WAR's default guard level: {@code enforce}, where the filter library's is
 * {@code report}. A gateway exists to stand in front of servers that do not check what the
 * specification says to check, so it refuses by default; an operator who sets {@code guard}
 * anywhere — the filter's init-param in {@code web.xml}, the context-param {@code dev.mcpgate.guard},
 * the system property {@code mcpgate.guard}, the environment variable {@code MCPGATE_GUARD} — keeps
 * that value ({@code MCPGATE_GUARD=report} to watch before refusing).
 */
final class GuardDefault {

    /** The level the WAR sets when no source sets {@code guard}. */
    static final String WAR_LEVEL = "enforce";

    private static final Logger LOG = System.getLogger(GuardDefault.class.getName());

    private GuardDefault() {
    }

    /**
     * Sets {@code guard=enforce} as an init-param of every {@link McpSessionFilter} of the context
     * whose {@code guard} no source sets. Called from a listener, before the filters start.
     */
    static void apply(ServletContext context) {
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (!McpSessionFilter.class.getName().equals(registration.getClassName())) {
                continue;
            }
            if (isSet(registration.getInitParameter(Setting.GUARD.key()), context::getInitParameter,
                    System::getProperty, System.getenv())) {
                continue;
            }
            registration.setInitParameter(Setting.GUARD.key(), WAR_LEVEL);
            LOG.log(Level.INFO, "McpGate gateway: filter {0} refuses what the guard finds (guard=enforce, the WAR's "
                    + "default; set guard=report to only record it)", registration.getName());
        }
    }

    /** Whether any source of the {@code guard} setting gives it a value, in the filter's own order. */
    static boolean isSet(String initParam, Function<String, String> contextParams,
            Function<String, String> systemProperties, Map<String, String> environment) {
        return initParam != null
                || contextParams.apply(Setting.GUARD.contextParam()) != null
                || systemProperties.apply(Setting.GUARD.systemProperty()) != null
                || environment.get(Setting.GUARD.environmentVariable()) != null;
    }
}

package dev.mcpgate.launcher;

import dev.mcpgate.config.ResolvedSettings;
import dev.mcpgate.config.SettingFamily;
import dev.mcpgate.config.SettingSources;
import dev.mcpgate.config.SettingValues;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * What the launcher runs, resolved once at start from the command line, the system properties and
 * the environment by the resolver every McpGate component uses ({@link LauncherSetting}; a system
 * property wins over its environment variable, which wins over the default; blank counts as unset):
 *
 * <table>
 *   <caption>launcher options</caption>
 *   <tr><th>what</th><th>system property</th><th>environment</th><th>default</th></tr>
 *   <tr><td>the gateway WAR</td><td colspan="2">first command-line argument</td><td>(required)</td></tr>
 *   <tr><td>HTTP port ({@code 0}: any free port)</td><td>{@code mcpgate.port}</td><td>{@code MCPGATE_PORT}</td><td>{@code 8080}</td></tr>
 *   <tr><td>address to listen on ({@code 0.0.0.0}: every interface)</td><td>{@code mcpgate.address}</td><td>{@code MCPGATE_ADDRESS}</td><td>{@code 127.0.0.1}, this machine only</td></tr>
 *   <tr><td>password of the user {@value #ADMIN_USER}</td><td>—</td><td>{@code MCPGATE_ADMIN_PASSWORD}</td><td>a random one for this run</td></tr>
 *   <tr><td>password of the user {@value #METRICS_USER} (role {@value #METRICS_ROLE}); none when unset</td><td>—</td><td>{@code MCPGATE_METRICS_PASSWORD}</td><td>no such user</td></tr>
 *   <tr><td>Tomcat's base directory, and so the data directory {@code mcpgate-data} in it</td><td>{@code catalina.base}</td><td>—</td><td>{@value #DEFAULT_BASE_DIR} in the working directory</td></tr>
 *   <tr><td>the MCP server behind the gateway (gateway mode; the WAR's setting, read as the WAR reads it)</td><td>{@code mcpgate.upstream-url}</td><td>{@code MCPGATE_UPSTREAM_URL}</td><td>none: the WAR's demo server</td></tr>
 * </table>
 *
 * <p>The password has no system property on purpose: a command line is visible to every user of
 * the machine ({@code ps}), an environment variable is not. Every other {@code mcpgate.*} system
 * property is a setting of the WAR's filter (the README's configuration reference) and reaches it
 * unchanged, because the server runs in this JVM.
 *
 * @param war the WAR to deploy at the context path {@code /}
 * @param port the HTTP port
 * @param address the address the connector binds to
 * @param baseDir Tomcat's {@code catalina.base}
 * @param adminPassword the password of {@value #ADMIN_USER}
 * @param passwordGenerated whether {@code adminPassword} was made up for this run (and so must be shown)
 * @param upstreamUrl the MCP server behind the gateway, or {@code null} for the WAR's demo server
 * @param serverProperties system properties the server needs that the environment gave (e.g.
 *        {@code mcpgate.upstream-url} from {@code MCPGATE_UPSTREAM_URL})
 * @param metricsPassword the password of {@value #METRICS_USER}, or {@code null}: no such user
 */
public record LauncherOptions(Path war, int port, String address, Path baseDir, String adminPassword,
                              boolean passwordGenerated, String upstreamUrl, Map<String, String> serverProperties,
                              String metricsPassword) {

    /** The user that the WAR's security constraint admits (role {@value #ADMIN_ROLE}). */
    public static final String ADMIN_USER = "admin";
    /** The role the WAR's dashboard and analytics API require. */
    public static final String ADMIN_ROLE = "mcpgate-admin";

    /** The user a Prometheus scraper logs in as, when {@code MCPGATE_METRICS_PASSWORD} is set. */
    public static final String METRICS_USER = "metrics";
    /** The role {@code /mcpgate/metrics} admits (the admin's too); it opens nothing else. */
    public static final String METRICS_ROLE = "mcpgate-metrics";

    static final String DEFAULT_BASE_DIR = "mcpgate-run";

    /** For messages; the names are {@link LauncherSetting}'s. */
    static final String PORT_PROPERTY = "mcpgate.port";
    static final String PORT_ENV = "MCPGATE_PORT";
    static final String ADDRESS_PROPERTY = "mcpgate.address";
    /** Tomcat's own property, not a McpGate setting. */
    static final String BASE_DIR_PROPERTY = "catalina.base";
    static final String UPSTREAM_PROPERTY = "mcpgate.upstream-url";

    /** 15 random bytes are 20 characters of URL-safe Base64: easy to paste, 120 bits to guess. */
    private static final int GENERATED_PASSWORD_BYTES = 15;
    private static final SecureRandom RANDOM = new SecureRandom();

    public LauncherOptions {
        serverProperties = Map.copyOf(serverProperties);
    }

    /** Without the metrics user. */
    public LauncherOptions(Path war, int port, String address, Path baseDir, String adminPassword,
                           boolean passwordGenerated, String upstreamUrl, Map<String, String> serverProperties) {
        this(war, port, address, baseDir, adminPassword, passwordGenerated, upstreamUrl, serverProperties, null);
    }

    /**
     * Resolves the options of this JVM: its arguments, system properties and environment.
     *
     * @throws IllegalArgumentException with a message for the user when an option is missing or invalid
     */
    public static LauncherOptions resolve(List<String> args) {
        return resolve(args, System.getProperties(), System.getenv(), LauncherOptions::generatePassword);
    }

    static LauncherOptions resolve(List<String> args, Properties system, Map<String, String> env,
                                   Supplier<String> passwordGenerator) {
        if (args.isEmpty() || args.get(0).isBlank()) {
            throw new IllegalArgumentException("Which WAR? Usage: java -jar mcpgate-launcher.jar path/to/mcpgate-war.war"
                    + " (or run mvn package -Prun from the repository root)");
        }
        SettingSources sources = SettingSources.of(system, env);
        ResolvedSettings<LauncherSetting> settings = ResolvedSettings.resolve(LauncherSetting.class, sources);
        int port = settings.parse(LauncherSetting.PORT, SettingValues.intBetween(0, 65535));
        settings.throwIfProblems("McpGate launcher configuration");
        boolean generated = !settings.isSet(LauncherSetting.ADMIN_PASSWORD);
        String upstream = upstreamUrl(system, env);
        Map<String, String> serverProperties = new LinkedHashMap<>();
        if (upstream != null && !upstream.equals(system.getProperty(UPSTREAM_PROPERTY))) {
            // so that the WAR resolves the URL the banner shows, whatever environment the launcher was given
            serverProperties.put(UPSTREAM_PROPERTY, upstream);
        }
        String baseDir = system.getProperty(BASE_DIR_PROPERTY, "");
        return new LauncherOptions(
                Path.of(args.get(0)).toAbsolutePath().normalize(),
                port,
                settings.text(LauncherSetting.ADDRESS),
                Path.of(baseDir.isBlank() ? DEFAULT_BASE_DIR : baseDir.strip()).toAbsolutePath().normalize(),
                generated ? passwordGenerator.get() : settings.text(LauncherSetting.ADMIN_PASSWORD),
                generated,
                upstream,
                serverProperties,
                settings.isSet(LauncherSetting.METRICS_PASSWORD) ? settings.text(LauncherSetting.METRICS_PASSWORD) : null);
    }

    /**
     * The gateway's {@code upstream-url}, for the banner and the WAR: a blank system property counts
     * as unset, so {@code MCPGATE_UPSTREAM_URL} still applies (as before the shared resolver); the
     * caller hands the result to the WAR as the system property, so that both agree.
     */
    private static String upstreamUrl(Properties system, Map<String, String> env) {
        Properties withoutBlank = new Properties();
        withoutBlank.putAll(system);
        String property = system.getProperty(UPSTREAM_PROPERTY);
        if (property != null && property.isBlank()) {
            withoutBlank.remove(UPSTREAM_PROPERTY);
        }
        String value = ResolvedSettings.value(SettingFamily.GATEWAY.named("upstream-url"),
                SettingSources.of(withoutBlank, env));
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A fresh random password: {@value #GENERATED_PASSWORD_BYTES} bytes from {@link SecureRandom}, URL-safe Base64. */
    static String generatePassword() {
        byte[] bytes = new byte[GENERATED_PASSWORD_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

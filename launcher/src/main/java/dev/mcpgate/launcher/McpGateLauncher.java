package dev.mcpgate.launcher;

import dev.mcpgate.config.ResolvedSettings;
import dev.mcpgate.config.SettingFamily;
import dev.mcpgate.config.SettingSources;
import dev.mcpgate.redact.Redaction;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.LogManager;
import org.apache.catalina.util.ServerInfo;
import org.apache.juli.ClassLoaderLogManager;

/**
 * Runs the gateway WAR on an embedded Tomcat until Ctrl-C:
 * <pre>
 * java -jar mcpgate-launcher.jar path/to/mcpgate-war.war
 * </pre>
 * ({@code mvn package -Prun} from the repository root does the same with the WAR it just built.)
 * The options — port, address, admin password, base directory, gateway mode — are those of
 * {@link LauncherOptions}; every {@code mcpgate.*} system property is also a setting of the WAR's
 * filter. Once the WAR is deployed it prints where the MCP endpoint, the dashboard and the API
 * are, how to log in, and where the data goes.
 *
 * <p>Ctrl-C (SIGINT), SIGTERM, or the end of the process that started it when
 * {@value #PARENT_PID_PROPERTY} names one, stop Tomcat cleanly: the WAR's filters and listeners
 * are destroyed, and the analytics store writes what it holds before the JVM ends. Exit codes:
 * {@value GatewayServer#EXIT_USAGE} no WAR or an invalid option, {@value GatewayServer#EXIT_PORT_IN_USE}
 * port in use, {@value GatewayServer#EXIT_WAR_FAILED} the WAR did not deploy.
 *
 * <p>{@code java -jar mcpgate-launcher.jar replay <tape.jsonl> --url <MCP URL> [--fast]} plays a recorder's
 * tape against a server instead and prints how the answers differ ({@link TapeReplay}).
 */
public final class McpGateLauncher {

    /** The process whose end stops this server too: Maven's, when {@link MavenRun} started it. */
    static final String PARENT_PID_PROPERTY = "mcpgate.launcher.parent-pid";

    /** One short line per log record, for a console. */
    private static final String LOG_FORMAT = "%1$tT %4$-7s %3$s: %5$s%6$s%n";

    private McpGateLauncher() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && "replay".equals(args[0])) {
            System.exit(TapeReplay.run(List.of(args).subList(1, args.length), System.out, System.err));
            return;
        }
        // before anything logs: Tomcat's log manager lets the shutdown hook below log to the end
        // (the JDK's own resets every handler as soon as the JVM begins to exit)
        setIfAbsent("java.util.logging.manager", ClassLoaderLogManager.class.getName());
        setIfAbsent("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        if (LogManager.getLogManager() instanceof ClassLoaderLogManager manager) {
            manager.setUseShutdownHook(false);
        }
        GatewayServer server;
        LauncherOptions options;
        try {
            options = LauncherOptions.resolve(List.of(args));
            server = GatewayServer.start(options);
        } catch (IllegalArgumentException e) {
            exit(GatewayServer.EXIT_USAGE, e.getMessage());
            return;
        } catch (GatewayServer.LaunchException e) {
            exit(e.exitCode(), e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "mcpgate-stop"));
        stopWithParent();
        printBanner(System.out, options, server.port());
        server.await();
    }

    /** What the user needs to start: where everything is and how to log in. */
    static void printBanner(PrintStream out, LauncherOptions options, int port) {
        printBanner(out, options, port, System.getProperties(), System.getenv());
    }

    /**
     * The banner, with the settings of {@code system} and {@code environment}. URLs are shown
     * without credentials ({@link Redaction}): the upstream URL without user-info and query values,
     * the store's JDBC URL without user and password properties.
     */
    static void printBanner(PrintStream out, LauncherOptions options, int port, Properties system,
                            Map<String, String> environment) {
        String host = "0.0.0.0".equals(options.address()) || "::".equals(options.address())
                ? "localhost" : options.address();
        String root = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        String mcp = options.upstreamUrl() == null
                ? "(demo server)" : "(gateway to " + Redaction.url(options.upstreamUrl()) + ")";
        String password = options.passwordGenerated()
                ? options.adminPassword() + "   (generated for this run; set MCPGATE_ADMIN_PASSWORD to choose it)"
                : "from MCPGATE_ADMIN_PASSWORD";
        out.printf("%n"
                        + "McpGate is running on %s (%s)%n"
                        + "  MCP endpoint   %s/mcp   %s%n"
                        + "  dashboard      %s/mcpgate/%n"
                        + "  API            %s/mcpgate/api/health%n"
                        + "  metrics        %s/mcpgate/metrics   %s%n"
                        + "  user           %s%n"
                        + "  password       %s%n"
                        + "  data           %s%n"
                        + "  listening on   %s%n"
                        + "Ctrl-C stops it; the store writes what it holds first.%n%n",
                ServerInfo.getServerInfo(), options.war().getFileName(), root, mcp, root, root, root,
                options.metricsPassword() == null ? "(user admin; set MCPGATE_METRICS_PASSWORD for a user metrics)"
                        : "(user metrics, password from MCPGATE_METRICS_PASSWORD)",
                LauncherOptions.ADMIN_USER, password, dataLocation(options, system, environment), listening(options));
        out.flush();
    }

    /** Where the WAR's store writes, as the filter settings decide it (system property, then environment). */
    private static String dataLocation(LauncherOptions options, Properties system, Map<String, String> environment) {
        SettingSources sources = SettingSources.of(system, environment);
        String jdbcUrl = filterSetting("store-jdbc-url", sources);
        if (jdbcUrl != null) {
            return Redaction.url(jdbcUrl);
        }
        String dataDir = filterSetting("store-data-dir", sources);
        Path dir = dataDir == null ? options.baseDir().resolve("mcpgate-data") : Path.of(dataDir);
        return dir.toAbsolutePath() + " (embedded Derby)";
    }

    /** A setting of the WAR's filter as its resolver reads it outside web.xml; blank: not set. */
    private static String filterSetting(String key, SettingSources sources) {
        String value = ResolvedSettings.value(SettingFamily.FILTER.named(key), sources);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String listening(LauncherOptions options) {
        if (LauncherSetting.ADDRESS.defaultValue().equals(options.address())) {
            return "this machine only (-D" + LauncherOptions.ADDRESS_PROPERTY + "=0.0.0.0 for every interface)";
        }
        return options.address();
    }

    private static void stop(GatewayServer server) {
        System.out.println("McpGate is stopping...");
        server.stop();
        System.out.println("McpGate stopped (Tomcat " + server.state() + ").");
        if (LogManager.getLogManager() instanceof ClassLoaderLogManager manager) {
            manager.shutdown(); // what the disabled hook of the log manager would have done
        }
    }

    /** When Maven is killed outright, its server must not live on holding the port. */
    private static void stopWithParent() {
        String pid = System.getProperty(PARENT_PID_PROPERTY);
        if (pid == null || pid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> System.exit(0)),
                () -> System.exit(0));
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    private static void exit(int code, String message) {
        System.err.println();
        System.err.println("McpGate cannot start: " + message);
        System.exit(code);
    }
}

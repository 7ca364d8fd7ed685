package dev.mcpgate.launcher;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Realm;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;

/**
 * The gateway WAR on an embedded Tomcat 10.1: one HTTP/1.1 connector on the chosen address and
 * port, the WAR at the context path {@code /} (unpacked into {@code catalina.base/webapps/ROOT},
 * again whenever the WAR file changes), and Tomcat's in-memory realm with one user,
 * {@value LauncherOptions#ADMIN_USER}, in the role {@value LauncherOptions#ADMIN_ROLE} that the
 * WAR's security constraint asks for.
 *
 * <p>{@link #start} returns once the WAR is deployed; {@link #stop} stops and destroys Tomcat, so
 * that the WAR's listeners and filters run their {@code destroy()} — the filter's store writes what
 * it still holds there.
 */
public final class GatewayServer {

    /** The WAR file is missing, or an option is invalid. */
    public static final int EXIT_USAGE = 2;
    /** Nothing could listen on the address and port (another program has it). */
    public static final int EXIT_PORT_IN_USE = 3;
    /** The WAR did not deploy (its log lines above say why: often an invalid {@code mcpgate.*} setting). */
    public static final int EXIT_WAR_FAILED = 4;

    private static final System.Logger LOG = System.getLogger(GatewayServer.class.getName());
    private static final String DEFAULT_SERVLET = "org.apache.catalina.servlets.DefaultServlet";

    private final Tomcat tomcat;
    private final Connector connector;
    private final Context context;

    private GatewayServer(Tomcat tomcat, Connector connector, Context context) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.context = context;
    }

    /**
     * Deploys the WAR and starts listening.
     *
     * @throws LaunchException with a message for the user and the exit code, when it cannot run
     */
    public static GatewayServer start(LauncherOptions options) throws LaunchException {
        requireWar(options.war());
        requireFreePort(options);
        for (Map.Entry<String, String> property : options.serverProperties().entrySet()) {
            System.setProperty(property.getKey(), property.getValue());
        }
        GatewayServer server = configure(options);
        try {
            server.tomcat.start();
        } catch (LifecycleException e) {
            LOG.log(Level.ERROR, "Tomcat did not start", e);
        }
        server.requireStarted(options);
        return server;
    }

    /** The port it listens on (the free one it found when asked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** Stops Tomcat and destroys it; the WAR's listeners and filters are destroyed first. Idempotent. */
    public synchronized void stop() {
        if (tomcat.getServer().getState() == LifecycleState.DESTROYED) {
            return;
        }
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            LOG.log(Level.WARNING, "Tomcat did not stop cleanly", e);
        }
    }

    /** Blocks until {@link #stop} (Tomcat's shutdown port is off: only this process can stop it). */
    public void await() {
        tomcat.getServer().await();
    }

    /** The state of the whole server: {@code DESTROYED} once {@link #stop} has returned. */
    public LifecycleState state() {
        return tomcat.getServer().getState();
    }

    /** The realm that holds the admin user. */
    Realm realm() {
        return context.getRealm();
    }

    private static GatewayServer configure(LauncherOptions options) throws LaunchException {
        Path base = options.baseDir();
        createDirectories(base.resolve("webapps")); // Tomcat unpacks the WAR there
        System.setProperty(LauncherOptions.BASE_DIR_PROPERTY, base.toString());
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(options.port());
        connector.setProperty("address", options.address());
        tomcat.setConnector(connector);
        tomcat.addUser(LauncherOptions.ADMIN_USER, options.adminPassword());
        tomcat.addRole(LauncherOptions.ADMIN_USER, LauncherOptions.ADMIN_ROLE);
        if (options.metricsPassword() != null) { // the scraper's own user: it opens /mcpgate/metrics only
            tomcat.addUser(LauncherOptions.METRICS_USER, options.metricsPassword());
            tomcat.addRole(LauncherOptions.METRICS_USER, LauncherOptions.METRICS_ROLE);
        }

        // Tomcat's own defaults would register the JSP servlet, and with it Jasper; the WAR has no JSP
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(tomcat.noDefaultWebXmlPath());
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(tomcat.getHost(), "", options.war().toString(), config);
        context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                addStaticDefaults(context);
            }
        });
        return new GatewayServer(tomcat, connector, context);
    }

    /** What Tomcat's default web.xml gives every web application, less JSP: static files, welcome files, MIME types. */
    private static void addStaticDefaults(Context context) {
        Wrapper servlet = Tomcat.addServlet(context, "default", DEFAULT_SERVLET);
        servlet.setLoadOnStartup(1);
        servlet.setOverridable(true);
        context.addServletMappingDecoded("/", "default");
        context.addWelcomeFile("index.html");
        Tomcat.addDefaultMimeTypeMappings(context);
    }

    private static void requireWar(Path war) throws LaunchException {
        if (!Files.exists(war)) {
            throw new LaunchException(EXIT_USAGE, "There is no gateway WAR at " + war + ".\n"
                    + "Run `mvn package -Prun` from the repository root: the war module is built first, then this"
                    + " launcher runs it. Or name a WAR: java -jar mcpgate-launcher.jar path/to/mcpgate-war.war");
        }
    }

    /** Checks the port before Tomcat does, for one clear sentence instead of Tomcat's stack trace. */
    private static void requireFreePort(LauncherOptions options) throws LaunchException {
        if (options.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Tomcat's connector: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(InetAddress.getByName(options.address()), options.port()));
        } catch (IOException e) {
            throw portInUse(options, e.getMessage());
        }
    }

    private void requireStarted(LauncherOptions options) throws LaunchException {
        if (connector.getState() != LifecycleState.STARTED) {
            stop();
            throw portInUse(options, "the connector is " + connector.getState());
        }
        if (context.getState() != LifecycleState.STARTED) {
            stop();
            throw new LaunchException(EXIT_WAR_FAILED, "The gateway WAR " + options.war()
                    + " did not start; the log above says why (an invalid mcpgate.* setting names itself).");
        }
    }

    private static LaunchException portInUse(LauncherOptions options, String why) {
        return new LaunchException(EXIT_PORT_IN_USE, "Cannot listen on " + options.address() + ":" + options.port()
                + " (" + why + "). Is McpGate or another server running there? Stop it, or choose another port: "
                + "-D" + LauncherOptions.PORT_PROPERTY + "=9090 or " + LauncherOptions.PORT_ENV + "=9090.");
    }

    private static void createDirectories(Path dir) throws LaunchException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LaunchException(EXIT_USAGE, "Cannot create the directory " + dir + ": " + e);
        }
    }

    /** Why the server cannot run, in a sentence for the user, and the exit code that says so. */
    public static final class LaunchException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        LaunchException(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}

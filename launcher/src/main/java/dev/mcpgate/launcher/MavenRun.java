package dev.mcpgate.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The Maven end of {@code mvn package -Prun}: exec:java runs this inside Maven, and it runs the
 * server in a JVM of its own — {@code java -jar mcpgate-launcher.jar <war>} with the terminal's
 * input and output — until that JVM ends. Arguments: the launcher jar, the WAR, {@code catalina.base}.
 *
 * <p>Why a JVM of its own: Maven's JVM has already set up {@code java.util.logging}, whose shutdown
 * hook silences every log handler the moment Ctrl-C arrives, so the server's last words (the
 * store's flush, Tomcat's stop) would be lost; and the WAR should see a plain JVM, as in
 * production. Why not exec:exec: a command line in the POM cannot pass on "every {@code mcpgate.*}
 * property", and exec:exec leaves its child running when Maven alone gets the signal.
 *
 * <p>Passed on: every {@code mcpgate.<name>} system property (Maven makes each {@code -D} of its
 * command line one) as the environment variable {@code MCPGATE_<NAME>} ({@code -Dmcpgate.store-jdbc-url=...}
 * as {@code MCPGATE_STORE_JDBC_URL}), and the whole environment ({@code MCPGATE_PORT},
 * {@code MCPGATE_ADMIN_PASSWORD}, ...). Not as {@code -D} on the server's command line, which every
 * user of the machine can read ({@code ps}): a JDBC or upstream URL may hold a password. Every reader
 * of these settings takes the environment variable when the property is not set — the filter's
 * settings, the WAR's gateway settings, the launcher's own options — and a {@code -D} given to Maven
 * still wins over the same variable inherited from Maven's environment (it replaces it). Only what
 * the launcher passes itself ({@value McpGateLauncher#PARENT_PID_PROPERTY}, {@code catalina.base})
 * stays on the command line.
 * Ctrl-C in a terminal reaches both JVMs (one process group); a SIGINT or SIGTERM to Maven alone is
 * passed on as SIGTERM. Either way Maven waits up to {@value #STOP_TIMEOUT_SECONDS} s for the server
 * to stop cleanly, and the server ends itself should Maven end without waiting ({@code kill -9}).
 */
public final class MavenRun {

    /** Longer than the store's default {@code store-shutdown-timeout} (10 s) plus Tomcat's own stop. */
    static final int STOP_TIMEOUT_SECONDS = 30;

    private MavenRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("MavenRun <launcher jar> <war> <catalina.base>");
        }
        List<String> command = command(Path.of(args[0]), args[1], args[2], System.getProperties());
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(serverEnvironment(System.getProperties()));
        Process server = builder.start();
        Thread stopper = new Thread(() -> stop(server), "mcpgate-stop-server");
        Runtime.getRuntime().addShutdownHook(stopper);
        int exit = server.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException e) {
            return; // Maven is exiting (Ctrl-C): the hook waits for the server
        }
        if (exit != 0 && exit != 128 + 2 && exit != 128 + 15) { // stopped by SIGINT or SIGTERM is a normal end
            throw new IllegalStateException("The McpGate server ended with exit code " + exit + ": see its message above.");
        }
    }

    /** The server's command line: this JVM's {@code java}, {@code catalina.base}, the parent's pid, the jar and the WAR. */
    static List<String> command(Path launcherJar, String war, String catalinaBase, Properties system) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(system.getProperty("java.home"), "bin", "java").toString());
        String base = system.getProperty(LauncherOptions.BASE_DIR_PROPERTY, catalinaBase); // mvn -Dcatalina.base=... wins
        command.add("-D" + LauncherOptions.BASE_DIR_PROPERTY + "=" + base);
        command.add("-D" + McpGateLauncher.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-jar");
        command.add(launcherJar.toString());
        command.add(war);
        return command;
    }

    /**
     * The {@code mcpgate.<name>} properties as the server's environment variables:
     * {@code mcpgate.store-jdbc-url} as {@code MCPGATE_STORE_JDBC_URL}; the launcher's own
     * {@code mcpgate.launcher.*} excepted.
     */
    static Map<String, String> serverEnvironment(Properties system) {
        Map<String, String> environment = new TreeMap<>();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith("mcpgate.") && !name.startsWith("mcpgate.launcher.")) {
                environment.put(name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT),
                        system.getProperty(name));
            }
        }
        return environment;
    }

    private static void stop(Process server) {
        if (server.supportsNormalTermination()) {
            server.destroy(); // SIGTERM: the server's own shutdown hook stops Tomcat cleanly
        } // else (Windows) destroy() would kill it outright; the console's Ctrl-C has reached it already
        try {
            if (!server.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("McpGate did not stop within " + STOP_TIMEOUT_SECONDS + " s: killing it");
                server.destroyForcibly();
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
        }
    }
}

package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java [properties] -jar mcpgate-launcher.jar <war>} in a JVM of its own on a free port, as
 * a user starts it: every line it prints is kept, and {@link #port()} is known once the banner is
 * out. {@link #close()} ends it.
 */
final class LaunchedJar implements AutoCloseable {

    private static final Pattern MCP_LINE = Pattern.compile("MCP endpoint\\s+http://127\\.0\\.0\\.1:(\\d+)/mcp");
    private static final String BANNER_END = "Ctrl-C stops it";

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final int port;

    /**
     * Starts the launcher of this build with the WAR of this build and waits for its banner.
     *
     * @param base        its {@code catalina.base}
     * @param properties  system properties ({@code -D}) besides the port and base
     * @param environment environment variables besides this JVM's (whose {@code MCPGATE_*} are removed)
     */
    LaunchedJar(Path base, Map<String, String> properties, Map<String, String> environment) throws Exception {
        Path jar = Path.of(System.getProperty("mcpgate.it.launcher-jar", "target/mcpgate-launcher.jar"));
        Path war = Path.of(System.getProperty("mcpgate.it.war", "../war/target/mcpgate-war.war"));
        assertTrue(Files.isRegularFile(jar), "the shaded launcher of this build: " + jar.toAbsolutePath());
        assertTrue(Files.isRegularFile(war), "the gateway WAR of this build: " + war.toAbsolutePath());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmcpgate.port=0", "-Dcatalina.base=" + base.toAbsolutePath()));
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", jar.toString(), war.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("MCPGATE_"));
        builder.environment().putAll(environment);
        process = builder.start();
        CompletableFuture<Integer> banner = new CompletableFuture<>();
        reader = new Thread(() -> collect(banner), "launcher-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = banner.get(180, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** Every line printed so far. */
    List<String> output() {
        return List.copyOf(output);
    }

    /**
     * SIGTERM, as Ctrl-C (and as {@link MavenRun} sends it; {@code Process.destroy()} would also close
     * the pipe this reads): waits for the JVM to end and for the rest of its output.
     *
     * @return its exit value
     */
    int terminate() throws InterruptedException {
        process.toHandle().destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "stopped within a minute");
        reader.join(30_000);
        return process.exitValue();
    }

    /** SIGTERM, as Ctrl-C: the store writes what it holds; then it is killed if it is still running. */
    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (process.waitFor(60, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    private void collect(CompletableFuture<Integer> banner) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            Integer mcpPort = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                Matcher mcp = MCP_LINE.matcher(line);
                if (mcp.find()) {
                    mcpPort = Integer.parseInt(mcp.group(1));
                }
                if (line.startsWith(BANNER_END) && mcpPort != null) {
                    banner.complete(mcpPort);
                }
            }
        } catch (IOException e) {
            banner.completeExceptionally(e);
        }
        banner.completeExceptionally(new IllegalStateException("the launcher ended without a banner:\n"
                + String.join("\n", output)));
    }
}

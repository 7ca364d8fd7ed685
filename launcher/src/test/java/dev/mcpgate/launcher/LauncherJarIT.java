package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plain-jar way, end to end: {@code java -jar mcpgate-launcher.jar <war>} in a JVM of its own
 * on a free port prints its banner with a generated password, answers MCP, and on SIGTERM (what
 * {@link MavenRun} sends, and what Ctrl-C amounts to) stops Tomcat through its shutdown hook.
 */
class LauncherJarIT {

    private static final Pattern MCP_LINE = Pattern.compile("MCP endpoint\\s+http://127\\.0\\.0\\.1:(\\d+)/mcp");
    private static final Pattern PASSWORD_LINE = Pattern.compile("password\\s+[A-Za-z0-9_-]{20}\\s+\\(generated");
    private static final String BANNER_END = "Ctrl-C stops it";
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"launcher-jar-it","version":"1"}}}""";

    @Test
    void runsTheWarAndStopsCleanlyOnSigterm() throws Exception {
        Path jar = Path.of(System.getProperty("mcpgate.it.launcher-jar", "target/mcpgate-launcher.jar"));
        Path war = Path.of(System.getProperty("mcpgate.it.war", "../war/target/mcpgate-war.war"));
        assertTrue(Files.isRegularFile(jar), "the shaded launcher of this build: " + jar.toAbsolutePath());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmcpgate.port=0", "-Dcatalina.base=" + Path.of("target", "it-jar-run").toAbsolutePath(),
                "-jar", jar.toString(), war.toString()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("MCPGATE_")); // the defaults under test
        Process launcher = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> collect(launcher, output, port), "launcher-output");
        reader.start();
        try {
            int httpPort = port.get(120, TimeUnit.SECONDS);
            assertTrue(output.stream().anyMatch(line -> PASSWORD_LINE.matcher(line).find()), String.join("\n", output));

            assertEquals(200, initialize(httpPort).statusCode());

            launcher.toHandle().destroy(); // SIGTERM; Process.destroy() would also close the pipe we read
            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "stopped within a minute");
            reader.join(30_000); // the rest of its output, up to the end of the stream
            assertEquals(128 + 15, launcher.exitValue(), "ended by SIGTERM");
            assertTrue(output.contains("McpGate stopped (Tomcat DESTROYED)."), String.join("\n", output));
        } finally {
            launcher.destroyForcibly();
        }
    }

    private static HttpResponse<String> initialize(int port) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                        .uri(URI.create("http://127.0.0.1:" + port + "/mcp"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .header("Accept", "application/json, text/event-stream")
                        .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Keeps every line (for the failure messages) and completes {@code port} from the banner once
     * its last line is out, so that the test sees the whole banner.
     */
    private static void collect(Process launcher, List<String> output, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            Integer mcpPort = null;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                output.add(line);
                Matcher mcp = MCP_LINE.matcher(line);
                if (mcp.find()) {
                    mcpPort = Integer.parseInt(mcp.group(1));
                }
                if (line.startsWith(BANNER_END) && mcpPort != null) {
                    port.complete(mcpPort);
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the launcher ended without a banner:\n"
                + String.join("\n", output)));
    }
}

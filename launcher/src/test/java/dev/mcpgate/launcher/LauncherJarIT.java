package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The plain-jar way, end to end: {@code java -jar mcpgate-launcher.jar <war>} in a JVM of its own
 * on a free port prints its banner with a generated password, answers MCP, and on SIGTERM (what
 * {@link MavenRun} sends, and what Ctrl-C amounts to) stops Tomcat through its shutdown hook.
 */
class LauncherJarIT {

    private static final Pattern PASSWORD_LINE = Pattern.compile("password\\s+[A-Za-z0-9_-]{20}\\s+\\(generated");
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
            "capabilities":{},"clientInfo":{"name":"launcher-jar-it","version":"1"}}}""";

    @Test
    void runsTheWarAndStopsCleanlyOnSigterm() throws Exception {
        // no properties, no MCPGATE_* variables: the defaults under test
        try (LaunchedJar launcher = new LaunchedJar(Path.of("target", "it-jar-run"), Map.of(), Map.of())) {
            assertTrue(launcher.output().stream().anyMatch(line -> PASSWORD_LINE.matcher(line).find()),
                    String.join("\n", launcher.output()));

            assertEquals(200, initialize(launcher.port()).statusCode());

            assertEquals(128 + 15, launcher.terminate(), "ended by SIGTERM");
            assertTrue(launcher.output().contains("McpGate stopped (Tomcat DESTROYED)."),
                    String.join("\n", launcher.output()));
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
}

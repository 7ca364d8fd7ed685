package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recorder and the replay with the real gateway WAR ({@code mcpgate.it.war}) on the launcher's Tomcat:
 * the MCP Java SDK client's session goes on the tape ({@code mcpgate.tape-dir}), and replaying that tape
 * against the same demo server gives the same answers; a tape whose recorded answer was changed gives
 * the diff and exit code 1. Port {@code mcpgate.it.tape.port} (default 18460).
 */
class TapeReplayIT {

    private static final String SECRET = "Bearer it-tape-secret";

    private static Path base;
    private static Path tapes;
    private static GatewayServer server;

    @BeforeAll
    static void start() throws Exception {
        base = Path.of(System.getProperty("mcpgate.it.base", "target/it-run") + "-tape");
        deleteTree(base);
        tapes = base.resolve("tapes");
        System.setProperty("mcpgate.tape-dir", tapes.toString());
        System.setProperty("mcpgate.tape-redact", "/result/content/0/never-there");
        Properties system = new Properties();
        system.setProperty("mcpgate.port", System.getProperty("mcpgate.it.tape.port", "18460"));
        system.setProperty("catalina.base", base.toString());
        Path war = Path.of(System.getProperty("mcpgate.it.war", "../war/target/mcpgate-war.war"));
        server = GatewayServer.start(LauncherOptions.resolve(List.of(war.toString()), system,
                Map.of("MCPGATE_ADMIN_PASSWORD", "it-password"), () -> "unused"));
    }

    @AfterAll
    static void stop() {
        System.clearProperty("mcpgate.tape-dir");
        System.clearProperty("mcpgate.tape-redact");
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void aRecordedSdkSessionReplaysWithTheSameAnswersAndAChangedAnswerIsShownAsADiff() throws Exception {
        assertEquals("hello tape", echo("hello tape"));
        Path tape = awaitTape(4); // initialize, notifications/initialized, tools/list, tools/call
        String text = Files.readString(tape);
        assertTrue(text.contains("\"method\":\"tools/call\""), text);
        assertTrue(text.contains("\"authorization\":\"[redacted]\""), text);
        assertFalse(text.contains("it-tape-secret"), text);

        Run same = replay(tape);
        assertEquals(TapeReplay.EQUAL, same.code(), same.out());
        assertTrue(same.out().contains(": 0 answers differ"), same.out());

        Path changed = Files.writeString(base.resolve("changed.jsonl"),
                text.replace("\"text\":\"hello tape\"}]", "\"text\":\"goodbye tape\"}]"));
        Run differs = replay(changed);
        assertEquals(TapeReplay.DIFFERENT, differs.code(), differs.out());
        assertTrue(differs.out().contains("tools/call id="), differs.out());
        assertTrue(differs.out().contains("replace /result/content/0/text: \"goodbye tape\" -> \"hello tape\""),
                differs.out());
    }

    private record Run(int code, String out) {
    }

    private static Run replay(Path tape) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = TapeReplay.run(List.of(tape.toString(), "--url", "http://127.0.0.1:" + server.port() + "/mcp",
                "--fast", "--header", "Authorization: " + SECRET), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    /** The day's tape once it holds {@code lines} lines (the writer appends in the background). */
    private static Path awaitTape(int lines) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Path> files = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(tapes)) {
                try (Stream<Path> list = Files.list(tapes)) {
                    files = list.toList();
                }
                if (files.size() == 1 && Files.readAllLines(files.get(0)).size() >= lines) {
                    return files.get(0);
                }
            }
            Thread.onSpinWait();
            Thread.sleep(50); // polling the file, not synchronising: the condition above decides
        }
        throw new AssertionError("no tape with " + lines + " lines in " + tapes + ": " + files);
    }

    /** initialize, tools/list, tools/call echo, DELETE with the MCP Java SDK client (with a credential). */
    private static String echo(String text) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + server.port())
                .endpoint("/mcp")
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", SECRET))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("tape-it", "1.0.0").build())
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        try {
            client.initialize();
            client.listTools();
            McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder("echo")
                    .arguments(Map.of("text", text)).build());
            return ((McpSchema.TextContent) result.content().get(0)).text();
        } finally {
            client.closeGracefully();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

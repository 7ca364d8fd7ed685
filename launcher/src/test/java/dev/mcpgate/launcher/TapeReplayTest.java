package dev.mcpgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay against a small MCP server in this JVM (the JDK's HTTP server): sessions, SSE answers,
 * the diff and the exit code. {@code TapeReplayIT} does the same against the gateway WAR's demo server.
 */
class TapeReplayTest {

    @TempDir
    Path dir;
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mcp", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** initialize → a session; tools/call echo → SSE (a progress event first); anything else → JSON. */
    private void answer(HttpExchange exchange) throws IOException {
        JsonObject message = Json.createReader(exchange.getRequestBody()).readObject();
        String method = message.getString("method");
        seen.add(method + " session=" + exchange.getRequestHeaders().getFirst("Mcp-Session-Id")
                + " auth=" + exchange.getRequestHeaders().getFirst("Authorization"));
        if (!message.containsKey("id")) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        String id = message.get("id").toString();
        if ("initialize".equals(method)) {
            exchange.getResponseHeaders().add("Mcp-Session-Id", "new-session-" + seen.size());
            send(exchange, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + id
                    + ",\"result\":{\"protocolVersion\":\"2025-06-18\"}}");
        } else if ("tools/call".equals(method)) {
            String text = message.getJsonObject("params").getJsonObject("arguments").getString("text");
            send(exchange, "text/event-stream", "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                    + "\"params\":{\"progressToken\":1,\"progress\":1}}\n\n"
                    + "data: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\","
                    + "\"text\":\"" + text.toUpperCase() + "\"}]}}\n\n");
        } else {
            send(exchange, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}");
        }
    }

    private static void send(HttpExchange exchange, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    private Path tape(String... lines) throws IOException {
        return Files.write(dir.resolve("tape.jsonl"), List.of(lines));
    }

    private int replay(Path tape, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(tape.toString(), "--url", url(), "--fast"));
        args.addAll(List.of(more));
        return TapeReplay.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static final String CALL = "{\"time\":\"2026-12-02T00:00:02Z\",\"era\":\"legacy\",\"protocolVersion\":"
            + "\"2025-06-18\",\"session\":\"...abc\",\"method\":\"tools/call\",\"id\":2,\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\"hi\"}},\"headers\":{\"authorization\":\"[redacted]\"},\"status\":200,"
            + "\"streamed\":true,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"%s\"}]},\"latencyMicros\":10}";

    @Test
    void aRecordedSessionReplayedWithTheSameAnswersExitsZero() throws IOException {
        Path tape = tape(
                "{\"time\":\"2026-12-02T00:00:00Z\",\"era\":\"legacy\",\"method\":\"initialize\",\"id\":1,\"params\":"
                        + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\","
                        + "\"version\":\"1\"}},\"status\":200,\"streamed\":false,\"result\":{\"protocolVersion\":"
                        + "\"2025-06-18\"},\"latencyMicros\":10}",
                String.format(CALL, "HI"), // written when its answer ended: after the notification below
                "{\"time\":\"2026-12-02T00:00:01Z\",\"era\":\"legacy\",\"protocolVersion\":\"2025-06-18\","
                        + "\"session\":\"...abc\",\"method\":\"notifications/initialized\",\"params\":{}}");
        assertEquals(TapeReplay.EQUAL, replay(tape, "--header", "Authorization: Bearer replay"),
                out + " / " + err);
        assertEquals(List.of("initialize session=null auth=Bearer replay",
                "notifications/initialized session=new-session-1 auth=Bearer replay",
                "tools/call session=new-session-1 auth=Bearer replay"), seen);
        assertTrue(out.toString().contains("replayed 3 lines (2 requests)"), out.toString());
        assertTrue(out.toString().contains(": 0 answers differ"), out.toString());
    }

    @Test
    void aSessionWithoutItsInitializeOnTheTapeGetsItsOwnAndADifferentAnswerExitsOne() throws IOException {
        Path tape = tape(String.format(CALL, "hi"));
        assertEquals(TapeReplay.DIFFERENT, replay(tape), out + " / " + err);
        assertEquals(List.of("initialize session=null auth=null",
                "notifications/initialized session=new-session-1 auth=null",
                "tools/call session=new-session-1 auth=null"), seen);
        assertTrue(out.toString().contains("line 1 tools/call id=2 differs:"), out.toString());
        assertTrue(out.toString().contains("  replace /result/content/0/text: \"hi\" -> \"HI\""), out.toString());
    }

    @Test
    void aBrokenTapeOrAMissingUrlExitsTwoWithTheReason() throws IOException {
        Path tape = tape("{\"time\":\"2026-12-02T00:00:00Z\",\"method\":\"ping\"}", "not json");
        assertEquals(TapeReplay.FAILED, replay(tape));
        assertTrue(err.toString().contains("line 2 is not a tape line"), err.toString());
        err.reset();
        assertEquals(TapeReplay.FAILED, TapeReplay.run(List.of(tape.toString()), new PrintStream(out),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString().contains("no --url given"), err.toString());
    }

    @Test
    void aServerThatCannotBeReachedExitsTwo() throws IOException {
        Path tape = tape("{\"time\":\"2026-12-02T00:00:00Z\",\"era\":\"modern\",\"method\":\"ping\",\"id\":1,"
                + "\"params\":{},\"status\":200,\"result\":{}}");
        server.stop(0);
        assertEquals(TapeReplay.FAILED, replay(tape));
        assertTrue(err.toString().startsWith("replay: " + url()), err.toString());
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}

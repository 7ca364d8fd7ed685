package dev.mcpgate.conformance.bridge;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.bridge.BridgeSettings;
import dev.mcpgate.bridge.LegacyToModernTranslator;
import dev.mcpgate.conformance.fixture.ModernFixtureServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A legacy client (MCP Java SDK 2.2.0's 2025-11-25 client, {@code io.modelcontextprotocol.client}) in front
 * of the SDK 2.2.0 2026-07-28 server with the conformance fixtures ({@link ModernFixtureServer}), through
 * {@link LegacyToModernTranslator} in a test servlet ({@link TranslatorServlet}, standing in for the filter's
 * spine) that reaches the server over HTTP ({@link JdkModernUpstream}). The modern server answers no legacy
 * client by itself: everything that works here is the bridge's doing.
 */
class LegacyToModernTranslatorIT {

    static final String MODERN_PATH = "/modern/mcp";
    static final String BRIDGE_PATH = "/bridge/mcp";

    private static Tomcat tomcat;
    private static int port;
    private static LegacyToModernTranslator translator;
    private static ExecutorService threads;
    private static ScheduledExecutorService scheduler;

    private final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
    private final CountDownLatch toolsChanged = new CountDownLatch(1);
    private McpSyncClient client;

    @BeforeAll
    static void start() throws Exception {
        port = Integer.getInteger("mcpgate.it.http.port", 18354);
        Path base = Path.of("target", "bridge-tomcat").toAbsolutePath();
        Files.createDirectories(base);
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        threads = Executors.newCachedThreadPool();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        translator = new LegacyToModernTranslator(new JdkModernUpstream(URI.create(url(MODERN_PATH))),
                BridgeSettings.defaults(), scheduler);
        add(context, "modern", ModernFixtureServer.servlet(MODERN_PATH), MODERN_PATH);
        add(context, "bridge", new TranslatorServlet(translator, threads), BRIDGE_PATH);
        tomcat.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (translator != null) {
            translator.close();
        }
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (threads != null) {
            threads.shutdownNow();
            scheduler.shutdownNow();
        }
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.closeGracefully();
        }
    }

    @Test
    void aLegacyClientInitializesListsAndCallsToolsWithProgress() {
        client = client();
        McpSchema.InitializeResult init = client.initialize();
        List<String> tools = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        CallToolResult result = client.callTool(CallToolRequest.builder("test_tool_with_progress")
                .arguments(Map.of()).progressToken("p-1").build());
        assertAll(
                () -> assertEquals(ModernFixtureServer.NAME, init.serverInfo().name()),
                () -> assertEquals("2025-11-25", init.protocolVersion()),
                () -> assertTrue(tools.contains("test_simple_text"), tools.toString()),
                () -> assertEquals("Tool execution completed with progress", text(result)),
                () -> assertEquals(List.of(0.0, 50.0, 100.0), progress.stream()
                        .map(McpSchema.ProgressNotification::progress).toList(), "progress relayed as it came"),
                () -> assertDoesNotThrow(() -> {
                    client.ping(); // 2026-07-28 removed ping: the bridge answers it
                }));
    }

    @Test
    void toolErrorsResourcesAndPromptsComeThrough() {
        client = client();
        client.initialize();
        CallToolResult failing = client.callTool(CallToolRequest.builder("test_error_handling").arguments(Map.of())
                .build());
        McpSchema.ReadResourceResult read = client.readResource(new McpSchema.ReadResourceRequest("test://static-text"));
        McpError missing = assertThrows(McpError.class,
                () -> client.readResource(new McpSchema.ReadResourceRequest("test://nothing-here")));
        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("test_simple_prompt",
                Map.of()));
        assertAll(
                () -> assertTrue(failing.isError(), "a tool error stays a tool error"),
                () -> assertEquals("This is the content of the static text resource.",
                        ((McpSchema.TextResourceContents) read.contents().get(0)).text()),
                () -> assertEquals(-32002, missing.getJsonRpcError().code(), "resource not found, legacy code"),
                () -> assertTrue(!prompt.messages().isEmpty()));
    }

    @Test
    void aToolWithAnXMcpHeaderGetsItsParamHeader() {
        client = client();
        client.initialize();
        CallToolResult result = client.callTool(CallToolRequest.builder("test_param_header")
                .arguments(Map.of("region", "eu-west-1")).build());
        assertEquals("region=eu-west-1", text(result));
    }

    @Test
    void inputRequiredResultsBecomeElicitationSamplingAndRootsRequests() {
        client = client();
        client.initialize();
        CallToolResult elicited = client.callTool(CallToolRequest.builder("test_input_required_result_elicitation")
                .arguments(Map.of()).build());
        CallToolResult sampled = client.callTool(CallToolRequest.builder("test_input_required_result_sampling")
                .arguments(Map.of()).build());
        CallToolResult rounds = client.callTool(CallToolRequest.builder("test_input_required_result_multi_round")
                .arguments(Map.of()).build());
        CallToolResult roots = client.callTool(CallToolRequest.builder("test_input_required_result_list_roots")
                .arguments(Map.of()).build());
        assertAll(
                () -> assertEquals("Hello, Ada!", text(elicited)),
                () -> assertEquals("Sampling result: Paris", text(sampled)),
                () -> assertTrue(text(rounds).startsWith("Multi-round complete for "), text(rounds)),
                () -> assertTrue(text(roots).startsWith("Found 1 root(s)"), text(roots)));
    }

    @Test
    void aChangedToolListReachesTheClientOnItsGetStream() throws Exception {
        client = client();
        client.initialize();
        // the client opens its GET stream on its own schedule: trigger until the change arrives
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (toolsChanged.getCount() > 0 && System.nanoTime() < deadline) {
            client.callTool(CallToolRequest.builder("test_trigger_tool_change").arguments(Map.of()).build());
            toolsChanged.await(500, TimeUnit.MILLISECONDS);
        }
        assertEquals(0, toolsChanged.getCount(), "notifications/tools/list_changed reached the legacy client");
    }

    @Test
    void deleteEndsTheMintedSession() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> init = http.send(post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"), HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
        int before = http.send(post(session, ping), HttpResponse.BodyHandlers.discarding()).statusCode();
        int deleted = http.send(HttpRequest.newBuilder(URI.create(url(BRIDGE_PATH))).DELETE()
                .header("Mcp-Session-Id", session).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        HttpResponse<String> after = http.send(post(session, ping), HttpResponse.BodyHandlers.ofString());
        assertAll(
                () -> assertEquals(200, init.statusCode()),
                () -> assertTrue(init.body().contains("\"protocolVersion\":\"2025-03-26\""), init.body()),
                () -> assertEquals(List.of(200, 200, 404), List.of(before, deleted, after.statusCode())),
                () -> assertTrue(after.body().contains("-32001"), after.body()));
    }

    private static HttpRequest post(String session, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(BRIDGE_PATH)))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return request.build();
    }

    // ------------------------------------------------------------------------------------ helpers

    private McpSyncClient client() {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(url(""))
                .endpoint(BRIDGE_PATH)
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .build();
        return McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder("legacy-it", "1.0").build())
                .requestTimeout(Duration.ofSeconds(30))
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().sampling().roots(true).build())
                .roots(new McpSchema.Root("file:///work", "work"))
                .elicitation(request -> new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT,
                        request.message().contains("color") ? Map.of("color", "green") : Map.of("name", "Ada")))
                .sampling(request -> McpSchema.CreateMessageResult.builder().role(McpSchema.Role.ASSISTANT)
                        .content(new TextContent("Paris")).model("test-model")
                        .stopReason(McpSchema.CreateMessageResult.StopReason.END_TURN).build())
                .progressConsumer(progress::add)
                .toolsChangeConsumer(tools -> toolsChanged.countDown())
                .build();
    }

    private static String text(CallToolResult result) {
        return result.content().isEmpty() ? "" : ((TextContent) result.content().get(0)).text();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static void add(Context context, String name, jakarta.servlet.Servlet servlet, String path) {
        Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
        wrapper.setAsyncSupported(true);
        wrapper.setLoadOnStartup(1);
        context.addServletMappingDecoded(path, name);
    }
}

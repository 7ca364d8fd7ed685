package dev.mcpgate.it;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.LogCapture;
import dev.mcpgate.intercept.RateLimiter;
import dev.mcpgate.it.rules.CountingRateLimiter;
import dev.mcpgate.it.rules.RulesServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rules file in a real server: the packaged filter on embedded Tomcat with {@code rules-file} set
 * to a YAML file (checked every 0.2 s), in front of an MCP Java SDK 2.1.0 server ({@link RulesServer},
 * which tells what it saw), driven by the SDK's client and by raw HTTP. Two users authenticate with
 * BASIC (a memory realm, preemptive): {@code gina} in role {@code guest}, {@code ada} in role
 * {@code admin}. The rate limiter is {@link CountingRateLimiter}, found through {@code META-INF/services}.
 */
@DisabledIfSystemProperty(named = "arquillian.launch", matches = "(?!tomcat$).+",
        disabledReason = "another Arquillian container is selected")
@ExtendWith(ArquillianExtension.class)
class TomcatEmbeddedRulesIT {

    static final String RULES = """
            rules:
              - name: no-secrets
                match: {tool: record, arguments: {/text: {glob: "secret*"}}}
                action: deny
              - name: guests-no-admin
                match: {tool: "admin_*", role: guest}
                action: deny
              - name: weather-stub
                match: {tool: weather}
                action: mock
                result: {content: [{type: text, text: sunny}], isError: false}
              - name: shout
                match: {tool: record}
                action: rewrite
                patch:
                  - {op: test, path: /arguments/text, value: shout}
                  - {op: replace, path: /arguments/text, value: SHOUT}
              - name: three-per-session
                match: {tool: limited}
                action: rate-limit
                rate: 3
                per: PT1H
                key: session
              - name: no-secret-resources
                match: {resource: "secret://*"}
                action: deny
            """;

    private static Path rulesFile;

    @ArquillianResource
    private URL deploymentUrl;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        Path dir = Files.createTempDirectory("mcpgate-rules-it");
        rulesFile = Files.writeString(dir.resolve("rules.yaml"), RULES);
        Path users = Files.writeString(dir.resolve("users.xml"), """
                <tomcat-users>
                  <user username="gina" password="gina-pw" roles="guest"/>
                  <user username="ada" password="ada-pw" roles="admin"/>
                </tomcat-users>
                """);
        return McpFilterDeployment.base()
                .addAsLibraries(McpFilterDeployment.resolve(McpFilterDeployment.TOMCAT_LIBRARIES))
                .addAsManifestResource(new StringAsset("""
                        <Context preemptiveAuthentication="true">
                          <JarScanner scanClassPath="false"/>
                          <Realm className="org.apache.catalina.realm.MemoryRealm" pathname="%s"/>
                        </Context>
                        """.formatted(users)), "context.xml")
                .setWebXML(new StringAsset(webXml(rulesFile)))
                .addPackage(RulesServer.class.getPackage())
                .addAsServiceProvider(RateLimiter.class, CountingRateLimiter.class);
    }

    private static String webXml(Path rules) {
        return """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" metadata-complete="false">
                  <context-param><param-name>dev.mcpgate.endpoint-name</param-name><param-value>it</param-value></context-param>
                  <context-param><param-name>dev.mcpgate.rules-file</param-name><param-value>%s</param-value></context-param>
                  <context-param><param-name>dev.mcpgate.rules-check-interval</param-name><param-value>PT0.2S</param-value></context-param>
                  <login-config><auth-method>BASIC</auth-method></login-config>
                  <security-role><role-name>guest</role-name></security-role>
                  <security-role><role-name>admin</role-name></security-role>
                </web-app>
                """.formatted(rules);
    }

    /** An SDK client, as {@code user} (BASIC) or anonymous ({@code null}). */
    private McpSyncClient client(String user, String password) {
        URI base = URI.create(deploymentUrl.toString());
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport
                .builder(base.getScheme() + "://" + base.getAuthority())
                .endpoint(base.getPath().replaceAll("/$", "") + RulesServer.PATH)
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
        if (user != null) {
            String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            transport.addHttpRequestCustomizer((builder, method, uri, body, context) ->
                    builder.header("Authorization", basic));
        }
        McpSyncClient client = McpClient.sync(transport.build())
                .clientInfo(McpSchema.Implementation.builder("rules-it", "1.0").build())
                .requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    private static String call(McpSyncClient mcp, String tool, String text) {
        McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest(tool, Map.of("text", text)));
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static List<String> seen(McpSyncClient mcp) {
        return List.of(call(mcp, "seen", "").split(","));
    }

    @Test
    void aDeniedCallFailsAtTheClientWithTheRulesMessageTheServerNeverSeesItAndItsRowNamesTheRule() {
        String secret = "secret-" + UUID.randomUUID();
        McpSyncClient mcp = client(null, null);
        try {
            // a JSON-RPC error the SDK hands on with its message, not a 403 it takes for an authorization failure
            McpError denied = assertThrows(McpError.class, () -> call(mcp, "record", secret));
            assertEquals("tools/call of \"record\" is not allowed by rule \"no-secrets\"",
                    denied.getJsonRpcError().message());
            assertEquals(-32001, denied.getJsonRpcError().code());
            assertFalse(seen(mcp).contains("record:" + secret), "the server saw the denied call");
        } finally {
            mcp.closeGracefully();
        }
        RecordedEvent row = awaitRow(e -> "no-secrets".equals(e.text("rule")));
        assertEquals("BLOCKED", row.text("outcome"));
        assertEquals(200L, row.number("httpStatus"));
        assertEquals(-32001L, row.number("errorCode"));
    }

    /** The list's part needs the held answer (ObservedResponse.holdForRewrite, branch i13-answer). */
    @Test
    void toolsListIsFilteredPerRoleAndAHiddenToolCannotBeCalledEither() {
        McpSyncClient guest = client("gina", "gina-pw");
        McpSyncClient admin = client("ada", "ada-pw");
        try {
            List<String> guestTools = guest.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            List<String> adminTools = admin.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertEquals(RulesServer.TOOLS.stream().filter(t -> !t.equals("admin_reset")).toList(), guestTools);
            assertEquals(RulesServer.TOOLS, adminTools);
            assertThrows(RuntimeException.class, () -> call(guest, "admin_reset", "by-guest"));
            assertEquals("admin_reset:by-admin", call(admin, "admin_reset", "by-admin"));
            assertFalse(seen(admin).contains("admin_reset:by-guest"));
        } finally {
            guest.closeGracefully();
            admin.closeGracefully();
        }
    }

    @Test
    void aMockedToolAnswersWithoutTheServer() {
        McpSyncClient mcp = client(null, null);
        try {
            assertEquals("sunny", call(mcp, "weather", "berlin"));
            assertFalse(seen(mcp).contains("weather:berlin"));
        } finally {
            mcp.closeGracefully();
        }
    }

    @Test
    void aRewriteChangesTheArgumentsTheServerSees() {
        McpSyncClient mcp = client(null, null);
        try {
            assertEquals("record:SHOUT", call(mcp, "record", "shout"));
            assertEquals("record:quiet", call(mcp, "record", "quiet"), "the patch's test leaves other calls alone");
            assertTrue(seen(mcp).contains("record:SHOUT"));
        } finally {
            mcp.closeGracefully();
        }
    }

    @Test
    void theRateLimitAnswers429WithRetryAfterAtExactlyTheConfiguredCount() {
        RawHttp http = new RawHttp(deploymentUrl);
        RawHttp.Answer init = http.send("POST", RulesServer.PATH, legacyHeaders(null), bytes("{\"jsonrpc\":\"2.0\","
                + "\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"), false);
        assertEquals(200, init.status(), init.body());
        String session = init.header("Mcp-Session-Id");
        http.send("POST", RulesServer.PATH, legacyHeaders(session),
                bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), false);
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, limited(http, session, i).status(), "call " + i);
        }
        RawHttp.Answer fourth = limited(http, session, 4);
        assertEquals(429, fourth.status(), fourth.body());
        assertEquals("1200", fourth.header("Retry-After"));
        JsonObject body = EventLog.parse(fourth.body()).asJsonObject();
        assertEquals(4, body.getInt("id"));
        assertEquals(-32000, body.getJsonObject("error").getInt("code"));
        assertEquals("three-per-session", body.getJsonObject("error").getJsonObject("data").getString("rule"));
    }

    @Test
    void aDeniedCallPaddedPastTheCaptureIsRefusedNotPassedUnseen() {
        String secret = "secret-" + UUID.randomUUID();
        RawHttp http = new RawHttp(deploymentUrl);
        String session = legacySession(http);
        // longer than max-request-capture (1 MiB): the rules could not read it whole
        RawHttp.Answer padded = http.send("POST", RulesServer.PATH, legacyHeaders(session), bytes("{\"jsonrpc\":\"2.0\","
                + "\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"record\",\"arguments\":{\"text\":\""
                + secret + "\"}}" + " ".repeat(1_100_000) + "}"), false);
        assertEquals(413, padded.status(), padded.body());
        JsonObject error = EventLog.parse(padded.body()).asJsonObject().getJsonObject("error");
        assertEquals(-32600, error.getInt("code"));
        assertEquals("unreadable", error.getJsonObject("data").getString("rule"));
        McpSyncClient mcp = client(null, null);
        try {
            assertFalse(seen(mcp).contains("record:" + secret), "the server saw the padded denied call");
        } finally {
            mcp.closeGracefully();
        }
        assertEquals("BLOCKED", awaitRow(e -> "unreadable".equals(e.text("rule"))).text("outcome"));
    }

    @Test
    void aDeniedCallClosedWithinTheCaptureButPaddedPastItWithWhitespaceIsRefusedNotPassedUnseen() {
        String secret = "secret-" + UUID.randomUUID();
        RawHttp http = new RawHttp(deploymentUrl);
        String session = legacySession(http);
        // the message closes well inside max-request-capture (1 MiB); 1.1 MB of spaces follow it
        RawHttp.Answer padded = http.send("POST", RulesServer.PATH, legacyHeaders(session), bytes("{\"jsonrpc\":\"2.0\","
                + "\"id\":10,\"method\":\"tools/call\",\"params\":{\"name\":\"record\",\"arguments\":{\"text\":\""
                + secret + "\"}}}" + " ".repeat(1_100_000)), false);
        assertEquals(413, padded.status(), padded.body());
        JsonObject error = EventLog.parse(padded.body()).asJsonObject().getJsonObject("error");
        assertEquals(-32600, error.getInt("code"));
        assertEquals("unreadable", error.getJsonObject("data").getString("rule"));
        McpSyncClient mcp = client(null, null);
        try {
            assertFalse(seen(mcp).contains("record:" + secret), "the server saw the whitespace-padded denied call");
        } finally {
            mcp.closeGracefully();
        }
    }

    @Test
    void aResourceReadIsJudgedByItsUriNotByADecoyName() {
        RawHttp http = new RawHttp(deploymentUrl);
        String session = legacySession(http);
        RawHttp.Answer read = http.send("POST", RulesServer.PATH, legacyHeaders(session), bytes("{\"jsonrpc\":\"2.0\","
                + "\"id\":11,\"method\":\"resources/read\",\"params\":{\"uri\":\"secret://db\",\"name\":\"x\"}}"),
                false);
        assertEquals(200, read.status(), read.body());
        assertTrue(read.body().startsWith("{"), "the server answered, the rule did not: " + read.body());
        JsonObject error = EventLog.parse(read.body()).asJsonObject().getJsonObject("error");
        assertEquals(-32001, error.getInt("code"), read.body());
        assertEquals("no-secret-resources", error.getJsonObject("data").getString("rule"));
    }

    private static String legacySession(RawHttp http) {
        RawHttp.Answer init = http.send("POST", RulesServer.PATH, legacyHeaders(null), bytes("{\"jsonrpc\":\"2.0\","
                + "\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}"), false);
        assertEquals(200, init.status(), init.body());
        String session = init.header("Mcp-Session-Id");
        http.send("POST", RulesServer.PATH, legacyHeaders(session),
                bytes("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"), false);
        return session;
    }

    @Test
    void aBrokenRulesFileKeepsTheRulesInForceAndAValidChangeTakesEffect() throws Exception {
        McpSyncClient mcp = client(null, null);
        try (LogCapture log = LogCapture.of("dev.mcpgate.rules.RulesFile", Level.INFO)) {
            // every filter instance of the test WAR reads the file; this endpoint's is named "it"
            Files.writeString(rulesFile, RULES.replace("action: deny", "action: forbid"));
            poll(() -> log.lines().stream().anyMatch(l -> l.contains("endpoint it keeps the rules in force")),
                    "the broken file's warning");
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("rules[0] \"no-secrets\": action: must be one of")),
                    log.lines().toString());
            assertThrows(RuntimeException.class, () -> call(mcp, "record", "secret-still-denied"));
            Files.writeString(rulesFile, RULES.replace("\"secret*\"", "\"classified*\""));
            poll(() -> log.lines().stream().anyMatch(l -> l.contains("(endpoint it) reloaded")), "the reload");
            assertThrows(RuntimeException.class, () -> call(mcp, "record", "classified-1"));
            assertEquals("record:secret-now-allowed", call(mcp, "record", "secret-now-allowed"));
        } finally {
            Files.writeString(rulesFile, RULES);
            poll(() -> {
                try {
                    call(mcp, "record", "secret-restored");
                    return false;
                } catch (RuntimeException e) {
                    return true;
                }
            }, "the original rules back");
            mcp.closeGracefully();
        }
    }

    private static RawHttp.Answer limited(RawHttp http, String session, int id) {
        return http.send("POST", RulesServer.PATH, legacyHeaders(session), bytes("{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"limited\",\"arguments\":{\"text\":\"" + id
                + "\"}}}"), false);
    }

    private static List<String> legacyHeaders(String session) {
        List<String> headers = new ArrayList<>(List.of("Accept: application/json, text/event-stream",
                "Content-Type: application/json"));
        if (session != null) {
            headers.add("Mcp-Session-Id: " + session);
            headers.add("MCP-Protocol-Version: 2025-06-18");
        }
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private RecordedEvent awaitRow(java.util.function.Predicate<RecordedEvent> which) {
        EventLog log = new EventLog(EventLog.client(), deploymentUrl);
        return log.awaitUntil("the row", all -> all.stream().anyMatch(e -> e.is(REQUEST_COMPLETED) && which.test(e)))
                .stream().filter(e -> e.is(REQUEST_COMPLETED) && which.test(e)).findFirst().orElseThrow();
    }

    private static void poll(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}

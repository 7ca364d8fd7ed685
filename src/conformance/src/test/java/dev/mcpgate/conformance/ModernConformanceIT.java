package dev.mcpgate.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.McpSessionFilter;
import dev.mcpgate.conformance.ConformanceSuite.Result;
import dev.mcpgate.conformance.fixture.ModernFixtureServer;
import dev.mcpgate.launcher.GatewayServer;
import dev.mcpgate.launcher.LauncherOptions;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.Servlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official conformance suite's 2026-07-28 requirement set (0.2.0-alpha.12, {@code --requirements
 * 2026-07-28}: 37 scored scenarios, plus 13 unscored ones it runs besides) against an MCP Java SDK 2.2.0 modern server with the suite's fixtures
 * ({@link ModernFixtureServer}), three ways, each in one Node process:
 * <ul>
 *   <li>bare ({@value #BARE_PATH} on an embedded Tomcat in this JVM);</li>
 *   <li>behind {@link McpSessionFilter} at {@code guard=enforce} ({@value #FILTERED_PATH}, a second
 *       server instance in the same Tomcat);</li>
 *   <li>through the gateway WAR of this build on the launcher's Tomcat ({@link GatewayServer}), with
 *       {@code upstream-url} = the bare server and {@code guard=enforce} (system properties of this JVM).</li>
 * </ul>
 * Same verdicts everywhere, check by check, for all 50 scenarios the run holds. Ports: {@code mcpgate.conformance.port} (default 18184) and
 * the next one for the gateway.
 */
class ModernConformanceIT {

    static final String SUITE = "@modelcontextprotocol/conformance-next";
    static final String REQUIREMENTS = "2026-07-28";
    static final int REQUIRED_SCENARIOS = 37;
    static final String BARE_PATH = "/bare/mcp";
    static final String FILTERED_PATH = "/filtered/mcp";
    static final String ENDPOINT = "conformance";
    /** The gateway WAR's endpoint name in gateway mode (its default follows the mode; web.xml sets log-exchanges=true). */
    static final String WAR_ENDPOINT = "gateway";
    static final Duration SUITE_TIMEOUT = Duration.ofMinutes(5);

    private static final Map<String, Result> RESULTS = new ConcurrentHashMap<>();
    private static ExchangeLog exchanges;
    private static Tomcat tomcat;
    private static GatewayServer gateway;
    private static int port;

    @BeforeAll
    static void startServers() throws Exception {
        exchanges = ExchangeLog.install();
        port = Integer.getInteger("mcpgate.conformance.port", 18184);
        Path base = Path.of("target", "conformance-tomcat").toAbsolutePath();
        Files.createDirectories(base);
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        addServlet(context, "bare", ModernFixtureServer.servlet(BARE_PATH), BARE_PATH);
        HttpServletMcpTransport filtered = ModernFixtureServer.servlet(FILTERED_PATH);
        addServlet(context, "filtered", filtered, FILTERED_PATH);
        addEnforcingFilter(context, FILTERED_PATH);
        tomcat.start();
        assertEquals(LifecycleState.STARTED, context.getState(), "the fixture servers and the filter started");

        Path war = Path.of(System.getProperty("mcpgate.it.war", "../../war/target/mcpgate-war-0.1.0-SNAPSHOT.war"));
        assertTrue(Files.isRegularFile(war), "the gateway WAR of this build: " + war.toAbsolutePath());
        gateway = GatewayServer.start(new LauncherOptions(war.toAbsolutePath(), port + 1, "127.0.0.1",
                Path.of("target", "conformance-gateway").toAbsolutePath(), "conformance-it", false,
                url(port, BARE_PATH), Map.of("mcpgate.upstream-url", url(port, BARE_PATH),
                        // the WAR's default too, said here so that the claim does not hang on a default
                        "mcpgate.guard", "enforce")));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (exchanges != null) {
            exchanges.uninstall();
        }
    }

    @Test
    void bareServerPassesTheWholeRequirementSet() {
        List<String> required = ConformanceSuite.of(SUITE).requiredServerScenarios(REQUIREMENTS);
        Result bare = run("bare", url(port, BARE_PATH));
        assertAll(bare.summary(),
                () -> assertEquals(REQUIRED_SCENARIOS, required.size(), "scored scenarios of " + REQUIREMENTS),
                () -> assertEquals(List.of(), required.stream().filter(s -> !bare.byScenario().containsKey(s)).toList(),
                        "required scenarios the suite did not run"),
                () -> assertEquals(List.of(), bare.failures().stream()
                        .filter(f -> required.contains(f.substring(0, f.indexOf(':')))).toList(),
                        "failed checks of required scenarios"));
    }

    @Test
    void filterInEnforceModeChangesNoVerdict() {
        Result bare = run("bare", url(port, BARE_PATH));
        Result filtered = run("filtered", url(port, FILTERED_PATH));
        List<JsonObject> seen = exchanges.completed(ENDPOINT);
        assertAll(filtered.summary(),
                () -> assertEquals(List.of(), bare.differencesFrom(filtered), "verdicts, bare vs behind the filter"),
                () -> assertTrue(seen.size() >= REQUIRED_SCENARIOS, "the filter saw the exchanges: " + seen.size()),
                () -> assertTrue(seen.stream().allMatch(e -> e.get("sessionId") == null
                        || e.get("sessionId") == JsonValue.NULL), "no session on a 2026-07-28 exchange"),
                () -> assertTrue(seen.stream().anyMatch(e -> "modern".equalsIgnoreCase(e.getString("era", ""))),
                        "modern exchanges recorded: " + (seen.isEmpty() ? "none" : seen.get(0))));
    }

    @Test
    void gatewayWarChangesNoVerdict() {
        Result bare = run("bare", url(port, BARE_PATH));
        Result gated = run("gateway", url(port + 1, "/mcp"));
        List<JsonObject> seen = exchanges.completed(WAR_ENDPOINT);
        assertAll(gated.summary(),
                () -> assertEquals(List.of(), bare.differencesFrom(gated), "verdicts, bare vs through the gateway WAR"),
                () -> assertTrue(seen.size() >= REQUIRED_SCENARIOS, "the WAR's filter saw the exchanges: "
                        + seen.size()));
    }

    /** Each target runs once per test class, whichever test asks first. */
    private static Result run(String label, String url) {
        return RESULTS.computeIfAbsent(label, l -> {
            Result r = ConformanceSuite.of(SUITE).run(l, url, SUITE_TIMEOUT, "--requirements", REQUIREMENTS);
            System.out.println("[conformance] " + r.summary());
            return r;
        });
    }

    private static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static void addServlet(Context context, String name, Servlet servlet, String path) {
        Wrapper wrapper = Tomcat.addServlet(context, name, servlet);
        wrapper.setAsyncSupported(true); // the SDK servlet goes async
        wrapper.setLoadOnStartup(1);
        context.addServletMappingDecoded(path, name);
    }

    private static void addEnforcingFilter(Context context, String path) {
        FilterDef def = new FilterDef();
        def.setFilterName("mcpgate");
        def.setFilter(new McpSessionFilter());
        def.setAsyncSupported("true");
        def.addInitParameter("endpoint-name", ENDPOINT);
        def.addInitParameter("guard", "enforce");
        def.addInitParameter("log-exchanges", "true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName("mcpgate");
        map.addURLPatternDecoded(path);
        context.addFilterMap(map);
    }
}

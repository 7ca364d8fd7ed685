package dev.mcpgate.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.deployment.McpTestServers;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How an application's {@code web.xml} takes control of the filter the jar's web fragment
 * registers: declare it by hand (fragment off), remap it, switch it off — and an invalid setting
 * fails the deployment. Each case is its own deployment of the same test WAR with another
 * {@code web.xml}; a subclass per server supplies them through {@link #war(WebArchive, String)}.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractFilterRegistrationIT {

    protected static final String DECLARED = "declared";
    protected static final String REMAPPED = "remapped";
    protected static final String DISABLED = "disabled";
    protected static final String INVALID = "invalid";

    @ArquillianResource
    @OperateOnDeployment(DECLARED)
    private URL declaredUrl;

    @ArquillianResource
    @OperateOnDeployment(REMAPPED)
    private URL remappedUrl;

    @ArquillianResource
    @OperateOnDeployment(DISABLED)
    private URL disabledUrl;

    @ArquillianResource
    private Deployer deployer;

    /** The server flavour's test WAR under another name, with {@code deployment/web-<name>.xml} as its web.xml. */
    protected static WebArchive war(WebArchive flavour, String name) {
        return ShrinkWrap.create(WebArchive.class, "mcpgate-it-" + name + ".war")
                .merge(flavour)
                .setWebXML("deployment/web-" + name + ".xml");
    }

    private static EventLog events(URL deployment) {
        HttpClient http = EventLog.client();
        EventLog log = new EventLog(http, deployment);
        log.clear();
        return log;
    }

    /** The names of the McpGate endpoints running in a deployment ({@code /test-endpoints}). */
    private static List<String> runningEndpoints(URL deployment) {
        URI uri = URI.create(deployment.toString().replaceAll("/?$", "/") + "test-endpoints");
        try {
            HttpResponse<String> response = EventLog.client().send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), () -> "GET " + uri + ": " + response.body());
            return EventLog.parse(response.body()).asJsonObject().getJsonArray("endpoints")
                    .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A short Java SDK session: initialize, one echo call, DELETE. */
    private static void session(URL deployment, String path, String clientName) {
        try (JavaSdkSession session = JavaSdkSession.create(deployment, path, clientName, "1.0", null)) {
            session.client().initialize();
            session.client().callTool(CallToolRequest.builder("echo").arguments(Map.of("text", "hi")).build());
        }
    }

    @Test
    void handDeclaredFilterTakesItsInitParamsAndTheFragmentStaysOff() {
        EventLog log = events(declaredUrl);
        session(declaredUrl, McpTestServers.MCP_PATH, "declared-client");
        List<RecordedEvent> events = log.awaitUntil("the declared filter's session end",
                all -> all.stream().anyMatch(e -> e.is(RecordedEvent.SESSION_ENDED)));
        assertAll(
                () -> assertTrue(runningEndpoints(declaredUrl).contains("weather"), "the declared filter runs"),
                () -> assertTrue(events.stream().allMatch(e -> "weather".equals(e.text("endpoint"))),
                        "every event comes from the declared filter:\n" + EventLog.dump(events)),
                () -> assertEquals(1, events.stream().filter(e -> "initialize".equals(e.mcpMethod())).count(),
                        "one filter only, so one initialize row:\n" + EventLog.dump(events)));
    }

    @Test
    void remappedFilterObservesItsNewPathInsteadOfTheDefault() {
        EventLog log = events(remappedUrl);
        session(remappedUrl, McpTestServers.MCP_PATH, "default-path-client");
        session(remappedUrl, McpTestServers.BARE_MCP_PATH, "remapped-path-client");
        // the marker: events leave one queue in order, and a session end is the last event of its
        // session; once one is here, so is everything the default-path session (run first) caused
        List<RecordedEvent> settled = log.awaitUntil("the remapped path's session end",
                all -> all.stream().anyMatch(e -> e.is(RecordedEvent.SESSION_ENDED)));
        assertAll(
                () -> assertTrue(settled.stream().allMatch(e -> "remapped".equals(e.text("endpoint"))),
                        EventLog.dump(settled)),
                () -> assertTrue(settled.stream().filter(e -> e.clientName() != null)
                        .allMatch(e -> "remapped-path-client".equals(e.clientName())),
                        "/mcp is no longer mapped, /bare/mcp is:\n" + EventLog.dump(settled)),
                () -> assertTrue(settled.stream().anyMatch(e -> "tools/call".equals(e.mcpMethod()))));
    }

    /**
     * No waiting for events that must not come: a disabled filter runs no endpoint (no queue, no
     * dispatcher, no heartbeat), so what it has not recorded by the end of the session it never will.
     * (The context-param switches off every filter of the application, the test servers' too.) The
     * declared filter's test shows that {@code /test-endpoints} does see a running one.
     */
    @Test
    void killSwitchMakesTheFilterAPassThrough() {
        EventLog log = events(disabledUrl);
        session(disabledUrl, McpTestServers.MCP_PATH, "unobserved-client");
        assertEquals(List.of(), runningEndpoints(disabledUrl), "a disabled filter runs no endpoint");
        assertEquals(List.of(), log.all(), "a disabled filter records nothing, not even heartbeats");
    }

    @Test
    void invalidSettingFailsTheDeployment() throws Exception {
        try {
            deployer.deploy(INVALID);
        } catch (RuntimeException refused) {
            return; // the server reported the failed start (Payara, WildFly)
        }
        try {
            // Embedded Tomcat reports success but leaves a context that failed to start unavailable.
            URI probe = URI.create(declaredUrl.toString().replace("mcpgate-it-" + DECLARED, "mcpgate-it-" + INVALID)
                    .replaceAll("/?$", "/") + "test-events");
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(probe).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() == 404 || response.statusCode() == 503,
                    "queue-capacity=none must keep the application from starting, but " + probe + " answered "
                            + response.statusCode());
        } finally {
            deployer.undeploy(INVALID);
        }
    }
}

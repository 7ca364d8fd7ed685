package dev.mcpgate.it.node;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static dev.mcpgate.it.RecordedEvent.SESSION_ENDED;
import static dev.mcpgate.it.RecordedEvent.SESSION_STARTED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.EventLog;
import dev.mcpgate.it.RecordedEvent;
import dev.mcpgate.it.deployment.McpTestServers;
import dev.mcpgate.it.node.NodeTools.ConformanceResult;
import dev.mcpgate.it.node.NodeTools.TsClientResult;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The filter in front of the MCP Java SDK servlet, driven by Node peers: the TypeScript SDK client
 * and the official MCP conformance suite ({@code src/node}, installed by the {@code node} profile).
 * The conformance scenarios run against the same SDK server twice — bare ({@code /bare/mcp}, not
 * mapped to the filter) and behind the filter ({@code /mcp}) — and the filter in {@code observe}
 * mode must change no verdict.
 *
 * <p>When the profile is active but Node is not installed, {@link NodeTools#locate()} fails the
 * tests with the command to run: they never skip.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractNodePeersIT {

    @ArquillianResource
    protected URL deploymentUrl;

    private NodeTools node;
    private EventLog eventLog;

    @BeforeEach
    void locateNodeAndClearEvents() {
        node = NodeTools.locate();
        eventLog = EventLog.cleared(deploymentUrl);
    }

    /** The URL of a path in the deployment, on 127.0.0.1 (the conformance suite's DNS-rebinding checks expect a loopback host). */
    private String url(String path) {
        String base = deploymentUrl.toString().replaceAll("/$", "").replace("://localhost:", "://127.0.0.1:");
        return base + path;
    }

    @Test
    void typescriptClientSessionIsObservedEndToEnd() {
        TsClientResult result = node.runTsClient(url(McpTestServers.MCP_PATH), "full", "--text", "hello from node")
                .requireOk();
        assertAll("the TypeScript client's own view through the filter",
                () -> assertEquals("hello from node", result.echo()),
                () -> assertEquals(3, result.progressEvents()),
                () -> assertTrue(result.progressAllBeforeResult(), "progress must arrive before the result: " + result),
                () -> assertTrue(result.failIsError()),
                () -> assertTrue(result.boomThrew()),
                () -> assertTrue(result.terminated()));
        String sessionId = result.sessionId();

        // Other tests' streams may still end while this one runs: look at this client's exchanges only.
        List<RecordedEvent> all = eventLog.awaitUntil("the TypeScript session to end", recorded -> recorded.stream()
                .anyMatch(e -> e.is(SESSION_ENDED) && sessionId.equals(e.sessionId())));
        List<RecordedEvent> events = all.stream()
                .filter(e -> sessionId.equals(e.sessionId()) || "mcpgate-ts-it".equals(e.clientName()))
                .toList();
        RecordedEvent started = single(events, e -> e.is(SESSION_STARTED));
        Map<String, String> outcomeByTool = events.stream()
                .filter(e -> e.is(REQUEST_COMPLETED) && "tools/call".equals(e.mcpMethod()))
                .collect(Collectors.toMap(e -> e.text("target"), e -> e.text("outcome")));
        RecordedEvent ended = single(events, e -> e.is(SESSION_ENDED));
        List<RecordedEvent> requests = events.stream().filter(e -> e.is(REQUEST_COMPLETED)).toList();
        assertAll("the filter's view of the TypeScript session",
                () -> assertEquals(sessionId, started.sessionId()),
                () -> assertEquals("mcpgate-ts-it", started.clientName()),
                () -> assertEquals("1.0.0", started.clientVersion()),
                () -> assertEquals(result.protocolVersion(), started.text("protocolVersion")),
                () -> assertEquals(Map.of("echo", "OK", "progress", "OK", "fail", "TOOL_ERROR", "boom", "ERROR"),
                        outcomeByTool),
                () -> assertEquals("CLIENT_DELETE", ended.text("reason")),
                () -> assertTrue(requests.size() >= 8, () -> "initialize, initialized, list, 4 calls, DELETE:\n"
                        + EventLog.dump(all)),
                () -> assertTrue(requests.stream().allMatch(e -> sessionId.equals(e.sessionId())),
                        () -> "every exchange of the client carries its session:\n" + EventLog.dump(all)),
                () -> assertTrue(requests.stream().allMatch(e -> "mcpgate-ts-it".equals(e.clientName())),
                        () -> "every exchange of the session names the client:\n" + EventLog.dump(all)));
    }

    /** The conformance scenarios that need no fixture tools on the server. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"server-initialize", "tools-list", "ping", "logging-set-level",
        "server-sse-multiple-streams", "dns-rebinding-protection", "server-sse-polling"})
    void conformanceVerdictIsTheSameBareAndBehindTheFilter(String scenario) {
        ConformanceResult bare = node.runConformance(url(McpTestServers.BARE_MCP_PATH), scenario);
        ConformanceResult filtered = node.runConformance(url(McpTestServers.MCP_PATH), scenario);
        assertAll(scenario,
                () -> assertFalse(filtered.checks().isEmpty(), "the suite reported no checks: " + filtered),
                () -> assertEquals(verdictsById(bare), verdictsById(filtered),
                        "bare: " + bare.summary() + "\nfiltered: " + filtered.summary()),
                () -> assertEquals(bare.failed(), filtered.failed()),
                () -> assertEquals(bare.warnings(), filtered.warnings()));
        eventLog.awaitUntil("the filtered run's exchanges to be recorded", all -> all.stream()
                .anyMatch(e -> e.is(REQUEST_COMPLETED)));
    }

    private static Map<String, String> verdictsById(ConformanceResult result) {
        return result.checks().stream().filter(NodeTools.Check::isVerdict)
                .collect(Collectors.toMap(NodeTools.Check::id, NodeTools.Check::status, (a, b) -> a + "," + b));
    }

    private static RecordedEvent single(List<RecordedEvent> events, java.util.function.Predicate<RecordedEvent> which) {
        List<RecordedEvent> found = events.stream().filter(which).toList();
        assertEquals(1, found.size(), () -> "expected exactly one matching event in\n" + EventLog.dump(events));
        return found.get(0);
    }
}

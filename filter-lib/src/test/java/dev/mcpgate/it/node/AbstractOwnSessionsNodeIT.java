package dev.mcpgate.it.node;

import static dev.mcpgate.it.RecordedEvent.REQUEST_COMPLETED;
import static dev.mcpgate.it.RecordedEvent.SESSION_ENDED;
import static dev.mcpgate.it.RecordedEvent.SESSION_STARTED;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.it.EventLog;
import dev.mcpgate.it.RecordedEvent;
import dev.mcpgate.it.deployment.OwnModeServers;
import dev.mcpgate.it.node.NodeTools.TsClientResult;
import java.net.URL;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code own} mode driven by the MCP TypeScript SDK client ({@code src/node/ts-client.mjs}): the
 * SDK 2.1.0 stateless servlet keeps no session, the filter mints it ({@link OwnModeServers}), and
 * the TypeScript client must work through it exactly as with a server that keeps sessions.
 */
@ExtendWith(ArquillianExtension.class)
public abstract class AbstractOwnSessionsNodeIT {

    private static final String MINTED_ID = "[A-Za-z0-9_-]{32}";

    @ArquillianResource
    protected URL deploymentUrl;

    private NodeTools node;
    private EventLog eventLog;

    @BeforeEach
    void locateNodeAndClearEvents() {
        node = NodeTools.locate();
        eventLog = EventLog.cleared(deploymentUrl);
    }

    private String url(String path) {
        return deploymentUrl.toString().replaceAll("/$", "").replace("://localhost:", "://127.0.0.1:") + path;
    }

    @Test
    void typescriptClientWorksThroughAMintedSessionAndEndsIt() {
        TsClientResult result = node.runTsClient(url(OwnModeServers.OWN_PATH), "basic", "--text", "hello, own")
                .requireOk();
        String sessionId = result.sessionId();
        assertAll("the TypeScript client's view",
                () -> assertEquals("hello, own", result.echo()),
                () -> assertEquals(List.of("echo"), result.tools()),
                () -> assertTrue(result.terminated(), "DELETE answered 204: " + result),
                () -> assertTrue(sessionId != null && sessionId.matches(MINTED_ID), "a minted id: " + sessionId));

        List<RecordedEvent> events = own(eventLog.awaitUntil("the TypeScript session to end", all -> all.stream()
                .anyMatch(e -> e.is(SESSION_ENDED) && sessionId.equals(e.sessionId()))));
        RecordedEvent started = single(events, e -> e.is(SESSION_STARTED));
        RecordedEvent ended = single(events, e -> e.is(SESSION_ENDED));
        List<RecordedEvent> posts = events.stream()
                .filter(e -> e.is(REQUEST_COMPLETED) && "POST".equals(e.httpMethod())).toList();
        assertAll("the filter's book",
                () -> assertEquals(sessionId, started.sessionId()),
                () -> assertEquals("mcpgate-ts-it", started.clientName()),
                () -> assertEquals("CLIENT_DELETE", ended.text("reason")),
                () -> assertTrue(posts.size() >= 4, () -> "initialize, initialized, list, call:\n" + EventLog.dump(events)),
                () -> assertTrue(posts.stream().allMatch(e -> "OK".equals(e.text("outcome"))
                        && sessionId.equals(e.sessionId())), () -> EventLog.dump(events)),
                () -> assertTrue(events.stream().filter(e -> e.is(REQUEST_COMPLETED) && "GET".equals(e.httpMethod()))
                        .allMatch(e -> Long.valueOf(405).equals(e.number("httpStatus"))
                                && "METHOD_NOT_ALLOWED".equals(e.text("violation"))),
                        () -> "a GET stream, if the client asks for one, is refused 405:\n" + EventLog.dump(events)));
    }

    @Test
    void concurrentTypescriptClientsEachGetTheirOwnSession() {
        TsClientResult result = node.runTsClient(url(OwnModeServers.OWN_PATH), "echo", "--clients", "4",
                "--calls", "3").requireOk();
        List<String> ids = result.sessionIds();
        Set<String> distinct = new HashSet<>(ids);
        assertAll(
                () -> assertEquals(4, ids.size(), result::toString),
                () -> assertEquals(4, distinct.size(), () -> "one session per client: " + ids),
                () -> assertTrue(distinct.stream().allMatch(id -> id.matches(MINTED_ID)), ids::toString),
                () -> assertEquals(12, result.echoCallsTotal()),
                () -> assertEquals(0, result.echoMismatchesTotal()));
        List<RecordedEvent> events = own(eventLog.awaitUntil("four sessions to end", all -> all.stream()
                .filter(e -> e.is(SESSION_ENDED) && distinct.contains(e.sessionId())).count() == 4));
        assertEquals(4, events.stream().filter(e -> e.is(SESSION_STARTED)).count(), () -> EventLog.dump(events));
    }

    private static List<RecordedEvent> own(List<RecordedEvent> events) {
        return events.stream().filter(e -> OwnModeServers.OWN_ENDPOINT.equals(e.text("endpoint"))).toList();
    }

    private static RecordedEvent single(List<RecordedEvent> events, Predicate<RecordedEvent> which) {
        List<RecordedEvent> found = events.stream().filter(which).toList();
        assertEquals(1, found.size(), () -> "expected exactly one such event in:\n" + EventLog.dump(events));
        return found.get(0);
    }
}

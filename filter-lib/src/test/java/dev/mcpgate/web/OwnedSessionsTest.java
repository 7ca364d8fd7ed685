package dev.mcpgate.web;

import dev.mcpgate.session.ForwardingSessionStore;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Violation;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.session.InMemorySessionStore;
import dev.mcpgate.session.SessionIdMint;
import dev.mcpgate.session.SessionStore;
import dev.mcpgate.session.TrackedSession;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OwnedSessionsTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
            + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}";
    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\"}}";

    private final GateMetrics metrics = new GateMetrics();
    private final FakeResponse client = new FakeResponse();

    /** A store that reports room but is full by the time the session is saved: the race at the limit. */
    private static final class FilledMeanwhile extends Delegating {
        @Override
        public boolean save(TrackedSession session) {
            return false;
        }

        @Override
        public int size() {
            return 0;
        }
    }

    /** A store that fails: its size and remove throw (a remote store that lost its connection). */
    private static final class Broken extends Delegating {
        @Override
        public int size() {
            throw new IllegalStateException("store unreachable");
        }

        @Override
        public TrackedSession remove(String id) {
            throw new IllegalStateException("store unreachable");
        }
    }

    private static class Delegating extends ForwardingSessionStore {
    }

    private OwnedSessions owned(SessionStore store, int maxSessions) {
        SessionBook book = new SessionBook("mcp", store, new EventQueue(100, metrics), metrics, Duration.ofMinutes(30),
                Duration.ofHours(24), true);
        return new OwnedSessions(book, new SessionIdMint(), metrics, maxSessions, Duration.ofSeconds(30));
    }

    private Exchange exchange(String httpMethod, String body, String sessionId, TrackedSession session) {
        Exchange.Builder b = new Exchange.Builder();
        b.start = Instant.now();
        b.original = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> httpMethod;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        b.envelope = body == null ? null : EnvelopeReader.read(body);
        b.era = Era.LEGACY;
        b.sessionId = sessionId;
        b.session = session;
        b.servletPath = "/mcp";
        Exchange x = new Exchange(b);
        ResponseTap tap = new ResponseTap(() -> client.contentType, "1", 1024, 4096, metrics);
        x.wrap(null, new ObservedResponse(client.response, tap), tap);
        return x;
    }

    /** What the server does with a request the filter passed on: answers initialize with 200. */
    private void serverAnswers(Exchange x) throws IOException {
        x.response().setContentType("application/json");
        x.response().getOutputStream().write(ANSWER.getBytes(StandardCharsets.UTF_8));
        x.response().flushBuffer();
        client.finish();
    }

    @Test
    void retryAfterIsTheSweepIntervalInWholeSecondsRoundedUpAtLeastOne() {
        assertEquals(60, OwnedSessions.retryAfterSeconds(Duration.ofMinutes(1)));
        assertEquals(2, OwnedSessions.retryAfterSeconds(Duration.ofMillis(1500)));
        assertEquals(1, OwnedSessions.retryAfterSeconds(Duration.ofMillis(100)));
    }

    @Test
    void initializeWithRoomGetsASessionKeptBeforeTheServerAnswers() throws IOException {
        InMemorySessionStore store = new InMemorySessionStore(10);
        Exchange x = exchange("POST", INITIALIZE, null, null);
        owned(store, 10).admit(x);
        assertFalse(x.answered);
        assertNotNull(x.trackedEarly, "the slot is taken before the server sees the request");
        assertNotNull(store.find(x.trackedEarly));
        serverAnswers(x);
        assertEquals(200, client.status);
        assertEquals(x.trackedEarly, client.headers.get(McpHeaders.SESSION_ID));
    }

    /**
     * Review of issue 11, item 7: the store filled between the limit check and the save. The client
     * must not get a 200 initialize without a session id (it would get 400 on every later request,
     * and no SDK initializes again on 400): it gets the 503 of a full store, counted with its row.
     */
    @Test
    void initializeRacingTheLimitIsAnswered503NotA200WithoutSession() throws IOException {
        Exchange x = exchange("POST", INITIALIZE, null, null);
        owned(new FilledMeanwhile(), 10).admit(x);
        if (!x.answered) {
            serverAnswers(x);
        }
        assertTrue(client.status != 200 || client.headers.containsKey(McpHeaders.SESSION_ID),
                "a 200 initialize answer left without Mcp-Session-Id");
        assertEquals(503, client.status);
        assertTrue(x.answered && x.rejected);
        assertEquals(Violation.SESSION_LIMIT, x.violation);
        assertNotNull(client.headers.get("Retry-After"));
        assertEquals(1, metrics.sessionsRefused());
        assertEquals(1, metrics.violationsRejected(Violation.SESSION_LIMIT));
        assertEquals(0, metrics.sessionsUntracked(), "a refused initialize is no untracked session: counted once");
    }

    /** Review of issue 11, item 2: a store that throws fails open; the request goes to the server. */
    @Test
    void aStoreThatThrowsLetsTheRequestPassCountedAsTheFiltersOwnFailure() {
        OwnedSessions owned = owned(new Broken(), 10);
        Exchange initialize = exchange("POST", INITIALIZE, null, null);
        assertDoesNotThrow(() -> owned.admit(initialize));
        assertFalse(initialize.answered, "passes to the server");
        assertEquals(1, metrics.observerFailures());

        TrackedSession live = new TrackedSession("s1", "/mcp", Era.LEGACY, "2025-06-18", ClientIdentity.UNKNOWN,
                null, System.currentTimeMillis());
        Exchange delete = exchange("DELETE", null, "s1", live);
        assertDoesNotThrow(() -> owned.admit(delete));
        assertFalse(delete.answered, "passes to the server");
        assertEquals(2, metrics.observerFailures());
    }

    /** A store that fails only when saving: the initialize passes and a 200 still names a session. */
    @Test
    void aStoreThatFailsToSaveStillGivesTheInitializeAnswerASessionId() throws IOException {
        Exchange x = exchange("POST", INITIALIZE, null, null);
        owned(new Delegating() {
            @Override
            public boolean save(TrackedSession session) {
                throw new IllegalStateException("store unreachable");
            }
        }, 10).admit(x);
        assertFalse(x.answered);
        serverAnswers(x);
        assertEquals(200, client.status);
        assertNotNull(client.headers.get(McpHeaders.SESSION_ID));
        assertEquals(1, metrics.observerFailures());
    }
}

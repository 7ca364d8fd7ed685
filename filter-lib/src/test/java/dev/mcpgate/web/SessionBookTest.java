package dev.mcpgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.CollectingSink;
import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.EventDispatcher;
import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.SessionStarted;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.session.InMemorySessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionBookTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final GateMetrics metrics = new GateMetrics();
    private final EventQueue queue = new EventQueue(100, metrics);
    private final CollectingSink sink = new CollectingSink();
    private final EventDispatcher dispatcher = new EventDispatcher(queue, List.of(sink), 100, metrics,
            getClass().getClassLoader());

    private SessionBook book(int maxSessions) {
        return new SessionBook("mcp", new InMemorySessionStore(maxSessions), queue, metrics,
                Duration.ofMinutes(30), Duration.ofHours(24));
    }

    private List<McpEvent> events() {
        dispatcher.drain();
        return sink.events();
    }

    @Test
    void startedSessionIsTrackedAndReported() {
        SessionBook book = book(10);
        book.started("s1", "/mcp", null, "2025-11-25", ClientIdentity.of("claude-code", "2.1"), "alice", T0);
        assertTrue(book.isTracked("s1"));
        SessionStarted started = (SessionStarted) events().get(0);
        assertEquals("s1", started.sessionId());
        assertEquals("claude-code", started.client().name());
        assertEquals("alice", started.principal());
        assertEquals("2025-11-25", started.protocolVersion());
    }

    @Test
    void idleSessionIsEndedBySweepWithItsCounters() {
        SessionBook book = book(10);
        book.started("s1", "/mcp", null, "2025-11-25", ClientIdentity.UNKNOWN, null, T0);
        book.touch("s1", T0.plusSeconds(60).toEpochMilli()).countRequest(false);
        book.touch("s1", T0.plusSeconds(120).toEpochMilli()).countRequest(true);
        assertEquals(0, book.sweep(T0.plus(Duration.ofMinutes(31))));
        assertEquals(1, book.sweep(T0.plus(Duration.ofMinutes(32))));
        SessionEnded ended = (SessionEnded) events().get(1);
        assertEquals(EndReason.IDLE_TIMEOUT, ended.reason());
        assertEquals(2, ended.requestCount());
        assertEquals(1, ended.errorCount());
        assertEquals(T0.plusSeconds(120), ended.lastSeen());
        assertFalse(book.isTracked("s1"));
    }

    @Test
    void busySessionIsStillEndedAtTheAbsoluteTimeout() {
        SessionBook book = book(10);
        book.started("s1", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        Instant late = T0.plus(Duration.ofHours(24));
        book.touch("s1", late.toEpochMilli());
        assertEquals(1, book.sweep(late));
        assertEquals(EndReason.ABSOLUTE_TIMEOUT, ((SessionEnded) events().get(1)).reason());
    }

    @Test
    void sessionsBeyondTheBoundAreReportedButCountedAsUntracked() {
        SessionBook book = book(1);
        book.started("s1", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        book.started("s2", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        assertEquals(1, metrics.sessionsUntracked());
        assertFalse(book.isTracked("s2"));
        assertEquals(2, events().stream().filter(SessionStarted.class::isInstance).count());
    }

    @Test
    void deleteOfAnUntrackedSessionIsStillReportedButAnUpstream404IsNot() {
        SessionBook book = book(10);
        book.ended("gone", EndReason.UPSTREAM_NOT_FOUND, T0);
        book.ended("unknown", EndReason.CLIENT_DELETE, T0);
        List<McpEvent> events = events();
        assertEquals(1, events.size());
        SessionEnded ended = (SessionEnded) events.get(0);
        assertEquals("unknown", ended.sessionId());
        assertNull(ended.started());
    }

    /**
     * Issue 10, item 6: the filter is mapped at {@code /mcp/*}; a 404 for another path under it,
     * naming a live session, says nothing about that session. Only the 404 of the path the session
     * was started at (servlet path + path info of its {@code initialize}) ends it.
     */
    @Test
    void onlyA404FromTheSessionsOwnPathEndsIt() {
        SessionBook book = book(10);
        book.started("s1", "/mcp", null, "2025-11-25", ClientIdentity.UNKNOWN, null, T0);
        book.started("s2", "/mcp", "/tenant-b", "2025-11-25", ClientIdentity.UNKNOWN, null, T0);

        book.notFound("s1", "/mcp", "/other", T0.plusSeconds(1));
        book.notFound("s1", "/mcp", "/", T0.plusSeconds(1));
        book.notFound("s1", "/other", null, T0.plusSeconds(1));
        book.notFound("s2", "/mcp", null, T0.plusSeconds(1));
        assertTrue(book.isTracked("s1"), "404s of other paths leave the session alone");
        assertTrue(book.isTracked("s2"));
        assertEquals(2, events().size(), "two SessionStarted, no SessionEnded");

        book.notFound("s1", "/mcp", null, T0.plusSeconds(2));
        book.notFound("s2", "/mcp", "/tenant-b", T0.plusSeconds(2));
        assertFalse(book.isTracked("s1"), "the 404 of the session's own path ends it");
        assertFalse(book.isTracked("s2"));
        List<McpEvent> ended = events().stream().filter(SessionEnded.class::isInstance).toList();
        assertEquals(2, ended.size());
        assertEquals(EndReason.UPSTREAM_NOT_FOUND, ((SessionEnded) ended.get(0)).reason());
    }

    @Test
    void onlyADeleteOfTheSessionsOwnPathEndsIt() {
        SessionBook book = book(10);
        book.started("s1", "/mcp", null, "2025-11-25", ClientIdentity.UNKNOWN, null, T0);
        book.deleted("s1", "/mcp", "/other", T0.plusSeconds(1));
        assertTrue(book.isTracked("s1"), "a DELETE accepted by another servlet under /mcp/*");
        book.deleted("s1", "/mcp", null, T0.plusSeconds(2));
        assertFalse(book.isTracked("s1"));
        book.deleted("unknown", "/mcp", "/other", T0.plusSeconds(3));
        List<SessionEnded> ended = events().stream().filter(SessionEnded.class::isInstance)
                .map(SessionEnded.class::cast).toList();
        assertEquals(List.of("s1", "unknown"), ended.stream().map(SessionEnded::sessionId).toList(),
                "an untracked session's DELETE is still reported");
        assertEquals(EndReason.CLIENT_DELETE, ended.get(0).reason());
    }

    @Test
    void sessionsAtTheSamePathShareOnePathInstance() {
        SessionBook book = book(10);
        book.started("s1", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        book.started("s2", new String("/mcp"), null, null, ClientIdentity.UNKNOWN, null, T0);
        assertSame(book.touch("s1", 0).path(), book.touch("s2", 0).path());
        assertEquals("/mcp", book.touch("s2", 0).path());
    }

    @Test
    void overlongSessionIdsAreNeverTracked() {
        SessionBook book = book(10);
        String id = "x".repeat(SessionBook.MAX_SESSION_ID_LENGTH + 1);
        book.started(id, "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        assertNull(book.touch(id, T0.toEpochMilli()));
        assertEquals(0, book.size());
    }

    /** The MCP specification: a session id contains only visible ASCII characters (0x21 to 0x7E). */
    @Test
    void sessionIdsTheSpecificationForbidsAreNeverTracked() {
        SessionBook book = book(10);
        for (String id : List.of("", "with space", "nul\u0000", "tab\t", "caf\u00e9", "del\u007f",
                "x".repeat(SessionBook.MAX_SESSION_ID_LENGTH + 1), "lone\uD800")) {
            book.started(id, "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
            assertNull(book.touch(id, T0.toEpochMilli()), id);
        }
        assertEquals(0, book.size());
        String longest = "!~".repeat(SessionBook.MAX_SESSION_ID_LENGTH / 2);
        book.started(longest, "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        assertTrue(book.isTracked(longest), "128 visible ASCII characters are fine");
    }

    private SessionBook ownBook(dev.mcpgate.session.SessionStore store) {
        return new SessionBook("mcp", store, queue, metrics, Duration.ofMinutes(30), Duration.ofHours(4), true);
    }

    @Test
    void ownModeEndsAnIdleSessionWhenItIsNextUsedBeforeTheSweep() {
        SessionBook book = ownBook(new InMemorySessionStore(10));
        book.started("s1", "/mcp", null, "2025-11-25", ClientIdentity.UNKNOWN, null, T0);
        assertNull(book.touch("s1", T0.plus(Duration.ofMinutes(30)).toEpochMilli()),
                "a request after the idle timeout must not renew the session");
        assertFalse(book.isTracked("s1"));
        SessionEnded ended = (SessionEnded) events().get(1);
        assertEquals(EndReason.IDLE_TIMEOUT, ended.reason());
        assertEquals(0, book.sweep(T0.plus(Duration.ofMinutes(31))), "ended once, not again by the sweep");
        assertEquals(2, events().size());
    }

    @Test
    void ownModeEndsABusySessionAtTheAbsoluteTimeoutWhenItIsUsed() {
        SessionBook book = ownBook(new InMemorySessionStore(10));
        book.started("s1", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        for (int minute = 20; minute < 240; minute += 20) {
            assertTrue(book.touch("s1", T0.plus(Duration.ofMinutes(minute)).toEpochMilli()) != null);
        }
        assertNull(book.touch("s1", T0.plus(Duration.ofHours(4)).toEpochMilli()));
        assertEquals(EndReason.ABSOLUTE_TIMEOUT, ((SessionEnded) events().get(1)).reason());
    }

    @Test
    void observeModeLeavesExpiryToTheSweep() {
        SessionBook book = book(10);
        book.started("s1", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        assertTrue(book.touch("s1", T0.plus(Duration.ofHours(1)).toEpochMilli()) != null);
        assertTrue(book.isTracked("s1"));
    }

    @Test
    void everyUseIsHandedToTheStoreForAWriteBack() {
        List<String> touched = new java.util.ArrayList<>();
        InMemorySessionStore store = new InMemorySessionStore(10);
        dev.mcpgate.session.SessionStore remote = new dev.mcpgate.session.SessionStore() {
            @Override
            public dev.mcpgate.session.TrackedSession find(String id) {
                return store.find(id);
            }

            @Override
            public boolean save(dev.mcpgate.session.TrackedSession session) {
                return store.save(session);
            }

            @Override
            public dev.mcpgate.session.TrackedSession remove(String id) {
                return store.remove(id);
            }

            @Override
            public int size() {
                return store.size();
            }

            @Override
            public void forEach(java.util.function.Consumer<dev.mcpgate.session.TrackedSession> action) {
                store.forEach(action);
            }

            @Override
            public void touched(dev.mcpgate.session.TrackedSession session) {
                touched.add(session.id() + "@" + session.lastSeenMillis());
            }
        };
        SessionBook book = ownBook(remote);
        book.started("s1", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0);
        book.touch("s1", T0.plusSeconds(5).toEpochMilli());
        book.touch("unknown", T0.plusSeconds(6).toEpochMilli());
        assertEquals(List.of("s1@" + T0.plusSeconds(5).toEpochMilli()), touched);
    }

    @Test
    void trackSaysWhetherTheStoreTookTheSession() {
        SessionBook book = book(1);
        assertTrue(book.track("s1", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0));
        assertFalse(book.track("s2", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0));
        assertFalse(book.track("bad id", "/mcp", null, null, ClientIdentity.UNKNOWN, null, T0));
    }
}

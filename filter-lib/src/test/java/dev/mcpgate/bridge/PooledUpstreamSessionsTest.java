package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PooledUpstreamSessionsTest {

    private final AtomicLong now = new AtomicLong();
    private final ScriptedUpstream upstream = new ScriptedUpstream(
            (call, message) -> ScriptedUpstream.json(200, Map.of(), ""));

    private PooledUpstreamSessions pool(int max) {
        return new PooledUpstreamSessions(upstream, new BridgeSettings(UpstreamEra.LEGACY, Duration.ZERO,
                CacheScope.PRIVATE, Duration.ofMinutes(10), max, Duration.ofSeconds(5), Duration.ofMinutes(5)),
                now::get);
    }

    private static SessionKey key(String client) {
        return new SessionKey("", client, "1", "d", "2026-07-28");
    }

    @Test
    void closeGivesUpOnDeletesThatHangAfterOneParallelPassOfAboutTwoSeconds() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger deletes = new java.util.concurrent.atomic.AtomicInteger();
        ScriptedUpstream paused = new ScriptedUpstream((call, message) -> ScriptedUpstream.json(200, Map.of(), "")) {
            @Override
            public UpstreamAnswer send(UpstreamCall call) throws IOException {
                if ("DELETE".equals(call.httpMethod())) {
                    deletes.incrementAndGet();
                    try {
                        never.await(60, TimeUnit.SECONDS); // a paused connector: bridge-upstream-timeout
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted");
                    }
                }
                return super.send(call);
            }
        };
        PooledUpstreamSessions pool = new PooledUpstreamSessions(paused, new BridgeSettings(UpstreamEra.LEGACY,
                Duration.ZERO, CacheScope.PRIVATE, Duration.ofMinutes(10), 10, Duration.ofSeconds(5),
                Duration.ofMinutes(5)), now::get);
        for (String client : List.of("a", "b", "c", "d")) {
            pool.acquire(key(client), null);
        }
        long start = System.nanoTime();
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> pool.close());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        org.junit.jupiter.api.Assertions.assertTrue(tookMs < 4_000, "close took " + tookMs + " ms");
        assertEquals(4, deletes.get(), "every session's DELETE was tried, in parallel");
        assertEquals(0, pool.size());
    }

    @Test
    void aSessionIdlePastTheSettingIsDeletedBySweep() throws Exception {
        PooledUpstreamSessions pool = pool(10);
        UpstreamSession idle = pool.acquire(key("a"), null);
        now.addAndGet(Duration.ofMinutes(6).toNanos());
        pool.acquire(key("b"), null);
        now.addAndGet(Duration.ofMinutes(5).toNanos());

        pool.sweep();

        assertEquals(1, pool.size());
        assertEquals(List.of(idle.sessionId()), upstream.calls("DELETE").stream()
                .map(c -> c.headers().get("Mcp-Session-Id")).toList());
    }

    @Test
    void pastTheMaximumTheLeastRecentlyUsedIsEnded() throws Exception {
        PooledUpstreamSessions pool = pool(2);
        UpstreamSession a = pool.acquire(key("a"), null);
        now.incrementAndGet();
        pool.acquire(key("b"), null);
        now.incrementAndGet();
        pool.acquire(key("a"), null); // a is used again: b is now the least recent
        now.incrementAndGet();

        pool.acquire(key("c"), null);

        assertEquals(2, pool.size());
        assertEquals("s-2", upstream.calls("DELETE").get(0).headers().get("Mcp-Session-Id"));
        assertSame(a, pool.acquire(key("a"), null));
    }

    @Test
    void pastTheMaximumAHeldSessionIsNeverEndedButTheLeastRecentUnheldOneIs() throws Exception {
        PooledUpstreamSessions pool = pool(2);
        UpstreamSession listening = pool.acquire(key("a"), null);
        pool.hold(listening); // a listen, or a call parked for input
        now.incrementAndGet();
        pool.acquire(key("b"), null);
        now.incrementAndGet();

        pool.acquire(key("c"), null);

        assertEquals("s-2", upstream.calls("DELETE").get(0).headers().get("Mcp-Session-Id"),
                "the unheld b goes, though a is older");
        assertSame(listening, pool.acquire(key("a"), null));
    }

    @Test
    void callersOfOneKeyShareOneHandshake() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedUpstream slow = new ScriptedUpstream((call, message) -> ScriptedUpstream.json(200, Map.of(), "")) {
            @Override
            public UpstreamAnswer send(UpstreamCall call) throws IOException {
                if (call.body() != null && call.body().contains("\"initialize\"")) {
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.send(call);
            }
        };
        PooledUpstreamSessions pool = new PooledUpstreamSessions(slow, BridgeSettings.defaults());
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<UpstreamSession>> sessions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sessions.add(callers.submit(() -> pool.acquire(key("a"), null)));
            }
            release.countDown();
            for (Future<UpstreamSession> session : sessions) {
                assertSame(sessions.get(0).get(5, TimeUnit.SECONDS), session.get(5, TimeUnit.SECONDS));
            }
            assertEquals(1, slow.posted("initialize").size());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void anInvalidatedSessionIsMadeAgain() throws Exception {
        PooledUpstreamSessions pool = pool(10);
        UpstreamSession first = pool.acquire(key("a"), null);

        pool.invalidate(first);

        assertNotEquals(first.sessionId(), pool.acquire(key("a"), null).sessionId());
    }

    @Test
    void aRefusedInitializeFailsTheCallerAndIsNotPooled() {
        ScriptedUpstream refusing = new ScriptedUpstream((call, message) -> ScriptedUpstream.json(200, Map.of(), "")) {
            @Override
            public UpstreamAnswer send(UpstreamCall call) throws IOException {
                calls.add(call);
                return ScriptedUpstream.json(200, Map.of(), "{\"jsonrpc\":\"2.0\",\"id\":\""
                        + UpstreamMessages.parseObject(call.body()).getString("id")
                        + "\",\"error\":{\"code\":-32602,\"message\":\"Unsupported protocol version\"}}");
            }
        };
        PooledUpstreamSessions pool = new PooledUpstreamSessions(refusing, BridgeSettings.defaults());

        IOException failed = assertThrows(IOException.class,
                () -> pool.acquire(key("a"), JsonValue.EMPTY_JSON_OBJECT, null));

        assertEquals("the MCP server refused initialize: -32602 Unsupported protocol version", failed.getMessage());
        assertEquals(0, pool.size());
    }
}

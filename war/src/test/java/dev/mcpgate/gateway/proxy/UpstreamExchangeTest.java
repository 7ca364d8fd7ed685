package dev.mcpgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One proxied exchange against a real upstream HTTP server on a loopback socket (every byte of its
 * answer scripted by the test) and each real {@link UpstreamClient} ({@link UpstreamClientKind}: every
 * test runs once per client library), with the container's side faked
 * ({@link ClientSide}): what goes upstream, what comes back to the client and when, the errors the
 * gateway answers itself, and how the exchange ends when the client goes, the upstream stays silent or
 * a stream outlives its lifetime.
 */
class UpstreamExchangeTest {

    /** A test run once with each upstream client library. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "{0}")
    @EnumSource(UpstreamClientKind.class)
    @interface EachClient {
    }

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";
    private static final String SSE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final Duration LIFETIME = Duration.ofHours(1);

    private final AtomicInteger ends = new AtomicInteger();
    private ExecutorService threads;
    private UpstreamClient client;
    private ScriptedUpstream upstream;
    private UpstreamLoad load;

    @BeforeEach
    void start() throws IOException {
        threads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "upstream-exchange-test");
            thread.setDaemon(true);
            return thread;
        });
        upstream = new ScriptedUpstream();
        load = new UpstreamLoad(4);
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        upstream.close();
        threads.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------
    // what goes upstream
    // ---------------------------------------------------------------------------------------------

    @EachClient
    void endToEndHeadersGoUpstreamAndHopByHopOnesDoNot(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer t-1")
                .header("Mcp-Session-Id", "s-1")
                .header("MCP-Protocol-Version", "2025-06-18")
                .header("Mcp-Method", "tools/list")
                .header("Last-Event-ID", "e-9")
                .header("Connection", "keep-alive, X-Hop-Private")
                .header("X-Hop-Private", "secret-hop")
                .header("Keep-Alive", "timeout=5")
                .header("Proxy-Authorization", "Basic secret-proxy")
                .header("TE", "trailers")
                .header("Upgrade", "h2c")
                .header("Host", "gateway.example:8443")
                .header("X-Forwarded-For", "10.0.0.1")
                .header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Host", "spoofed.example");
        start(kind, side);

        try (ScriptedUpstream.Call call = upstream.accept()) {
            assertEquals("POST /mcp HTTP/1.1", call.requestLine());
            assertEquals("Bearer t-1", call.header("Authorization"));
            assertEquals("s-1", call.header("Mcp-Session-Id"));
            assertEquals("2025-06-18", call.header("MCP-Protocol-Version"));
            assertEquals("tools/list", call.header("Mcp-Method"));
            assertEquals("e-9", call.header("Last-Event-ID"));
            assertEquals("application/json, text/event-stream", call.header("Accept"));
            assertEquals("application/json", call.header("Content-Type"));
            for (String hopByHop : List.of("X-Hop-Private", "Keep-Alive", "Proxy-Authorization", "TE", "Upgrade")) {
                assertNull(call.header(hopByHop), () -> hopByHop + " went upstream: " + call.headerLines());
            }
            assertFalse(call.headerLines().toString().contains("secret"), call.headerLines()::toString);
            assertEquals(List.of("127.0.0.1:" + upstream.port()), call.headers("Host"), "the upstream's own Host");
            assertEquals(List.of("10.0.0.1, 192.0.2.7"), call.headers("X-Forwarded-For"));
            assertEquals(List.of("https"), call.headers("X-Forwarded-Proto"));
            assertEquals(List.of("gateway.example:8443"), call.headers("X-Forwarded-Host"));
            call.answer(202, "");
            side.awaitCompleted();
        }
        assertEquals(202, side.status());
    }

    @EachClient
    void aShortBodyGoesUpstreamWhole(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL).header("Content-Type", "application/json");
        start(kind, side, CALL.getBytes(StandardCharsets.UTF_8));
        try (ScriptedUpstream.Call call = upstream.accept()) {
            assertEquals(CALL, new String(call.body(), StandardCharsets.UTF_8));
            call.answer(202, "");
            side.awaitCompleted();
        }
    }

    @EachClient
    void aLongBodyIsStreamedUpstreamWholeWithItsLength(UpstreamClientKind kind) throws Exception {
        byte[] body = new byte[3 * UpstreamExchange.ID_PREFIX_BYTES + 17];
        new Random(17).nextBytes(body);
        ClientSide side = new ClientSide("POST").body(body, false).header("Content-Type", "application/json");
        start(kind, side, UpstreamExchange.readShortBody(side.request()));
        try (ScriptedUpstream.Call call = upstream.accept()) {
            assertEquals(Integer.toString(body.length), call.header("Content-Length"));
            assertArrayEquals(body, call.body());
            call.answer(202, "");
            side.awaitCompleted();
        }
    }

    /**
     * The client keeps its upstream connections: one whose answer was read to its end carries the
     * next call (a lean client that never gave it back to its pool would open a new one each time,
     * and stop at upstream-max-concurrent).
     */
    @EachClient
    void aConnectionWhoseAnswerWasReadToItsEndCarriesTheNextCall(UpstreamClientKind kind) throws Exception {
        ClientSide first = new ClientSide("POST").body(CALL);
        start(kind, first);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.answer(200, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", "Content-Type: application/json");
            first.awaitCompleted();
            ClientSide second = new ClientSide("POST").body(CALL);
            startWithSameClient(second);
            ScriptedUpstream.Call again = call.next(); // times out if the call went over a new connection
            assertEquals("POST /mcp HTTP/1.1", again.requestLine());
            assertEquals(CALL, new String(again.body(), StandardCharsets.UTF_8));
            again.answer(202, "");
            second.awaitCompleted();
            assertEquals(202, second.status());
        }
        assertEquals(200, first.status());
    }

    /**
     * The upstream URL's user-info is a secret (GatewayErrors keeps it from the client): it never goes
     * upstream in {@code Host}, which names the host and the URL's port only.
     */
    @EachClient
    void theHostHeaderNamesTheUpstreamsHostAndPortWithoutTheUrlsUserInfo(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        URI target = URI.create("http://user:pw-secret@127.0.0.1:" + upstream.port() + "/mcp");
        start(kind, side, target, CALL.getBytes(StandardCharsets.UTF_8));
        try (ScriptedUpstream.Call call = upstream.accept()) {
            assertEquals(List.of("127.0.0.1:" + upstream.port()), call.headers("Host"));
            assertFalse(call.headerLines().toString().contains("pw-secret"), call.headerLines()::toString);
            call.answer(202, "");
            side.awaitCompleted();
        }
        assertEquals(202, side.status());
    }

    @EachClient
    void theHostHeaderOfAnIpv6UpstreamHasItsAddressInBrackets(UpstreamClientKind kind) throws Exception {
        upstream.close();
        upstream = new ScriptedUpstream(InetAddress.getByName("::1"));
        ClientSide side = new ClientSide("POST").body(CALL);
        URI target = URI.create("http://user:pw-secret@[::1]:" + upstream.port() + "/mcp");
        start(kind, side, target, CALL.getBytes(StandardCharsets.UTF_8));
        try (ScriptedUpstream.Call call = upstream.accept()) {
            assertEquals(List.of("[::1]:" + upstream.port()), call.headers("Host"));
            call.answer(202, "");
            side.awaitCompleted();
        }
        assertEquals(202, side.status());
    }

    /**
     * An upstream that says how long it keeps an idle connection ({@code Keep-Alive: timeout=N}) closes
     * it then: the pool must not offer it past that (a POST on it would meet the close and fail, and is
     * not retried), as HttpClient's own chain did not (DefaultConnectionKeepAliveStrategy).
     */
    @Test
    void theApacheClientKeepsAConnectionNoLongerThanTheAnswersKeepAliveTimeout() throws Exception {
        ClientSide first = new ClientSide("POST").body(CALL);
        start(UpstreamClientKind.APACHE, first);
        ApacheUpstreamClient apache = (ApacheUpstreamClient) client;
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.answer(200, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", "Content-Type: application/json",
                    "Keep-Alive: timeout=1");
            first.awaitCompleted();
            awaitIdleConnections(apache, 1, Duration.ofSeconds(5)); // given back to the pool
            awaitIdleConnections(apache, 0, Duration.ofSeconds(5)); // its keep-alive (1 s) is over
            assertTrue(call.closedByGateway(), "the expired connection is still open");

            ClientSide second = new ClientSide("POST").body(CALL);
            startWithSameClient(second);
            try (ScriptedUpstream.Call fresh = upstream.accept()) { // a new connection
                fresh.answer(202, "");
                second.awaitCompleted();
            }
            assertEquals(202, second.status());
        }
    }

    /** Polls the Apache client's pool until it holds this many idle connections (expired ones closed). */
    private static void awaitIdleConnections(ApacheUpstreamClient client, int expected, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int idle = client.idleConnections();
        while (idle != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            idle = client.idleConnections();
        }
        assertEquals(expected, idle, "idle connections in the pool");
    }

    // ---------------------------------------------------------------------------------------------
    // what comes back
    // ---------------------------------------------------------------------------------------------

    @EachClient
    void theUpstreamStatusEndToEndHeadersAndBodyReachTheClientAndTheExchangeEndsOnce(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        start(kind, side);
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32601,\"message\":\"nope\"}}";
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.answer(404, answer, "Content-Type: application/json", "Mcp-Session-Id: up-1",
                    "Connection: X-Up-Private", "X-Up-Private: secret-up", "Proxy-Authenticate: Basic");
            side.awaitCompleted();
        }
        assertEquals(404, side.status());
        assertEquals(answer, side.written());
        assertEquals(answer, side.flushed(), "the answer was left unflushed");
        assertEquals(List.of("up-1"), side.responseHeaders("Mcp-Session-Id"));
        assertEquals(List.of("application/json"), side.responseHeaders("Content-Type"));
        for (String hopByHop : List.of("Connection", "X-Up-Private", "Proxy-Authenticate")) {
            assertEquals(List.of(), side.responseHeaders(hopByHop), hopByHop + " reached the client");
        }
        assertEquals(1, side.completions());
        assertEquals(1, ends.get(), "the exchange reported its end once");
    }

    /**
     * A JSON answer is of no use to the client before its end: it leaves in one flush, however the
     * upstream's bytes arrived (before session 10: one flush for the headers, one per read, one at the end).
     */
    @EachClient
    void aJsonAnswerReachesTheClientInOneFlushAtItsEnd(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        start(kind, side);
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":[]}}";
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + answer.length()
                    + "\r\n\r\n" + answer.substring(0, 10));
            call.send(answer.substring(10));
            side.awaitCompleted();
        }
        assertEquals(answer, side.flushed());
        assertEquals(1, side.flushes(), "flushes to the client");
    }

    @EachClient
    void eachSseEventReachesTheClientAsItComesNotWhenTheStreamEnds(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        start(kind, side);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.send(SSE_HEAD);
            call.send("event: message\ndata: {\"progress\":1}\n\n");
            side.awaitFlushed("data: {\"progress\":1}\n\n"); // while the upstream still holds the rest back
            assertEquals(0, side.completions());
            call.send("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n");
            side.awaitFlushed("\"result\":{}}\n\n");
            assertEquals(0, side.completions(), "the stream ended before the upstream ended it");
        }
        side.awaitCompleted();
        assertEquals(200, side.status());
        assertEquals(List.of("text/event-stream"), side.responseHeaders("Content-Type"));
        assertEquals("event: message\ndata: {\"progress\":1}\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}\n\n",
                side.written());
    }

    @EachClient
    void anUpstream5xxJsonRpcAnswerIsRelayedAsItIs(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        start(kind, side);
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32603,\"message\":\"boom\"}}";
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.answer(500, answer, "Content-Type: application/json");
            side.awaitCompleted();
        }
        assertEquals(500, side.status());
        assertEquals(answer, side.written());
    }

    // ---------------------------------------------------------------------------------------------
    // the gateway's own answers
    // ---------------------------------------------------------------------------------------------

    @EachClient
    void anUnreachableUpstreamIsAnswered502WithAJsonRpcErrorForTheRequestsId(UpstreamClientKind kind) throws Exception {
        URI closed;
        try (ServerSocket gone = new ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + gone.getLocalPort() + "/mcp");
        }
        ClientSide side = new ClientSide("POST").body(CALL);
        start(kind, side, closed, CALL.getBytes(StandardCharsets.UTF_8));
        side.awaitCompleted();

        assertEquals(502, side.status());
        assertEquals(List.of("application/json"), side.responseHeaders("Content-Type"));
        JsonObject error = json(side.written());
        assertEquals(7, error.getInt("id"));
        assertEquals(GatewayErrors.UPSTREAM_UNAVAILABLE, error.getJsonObject("error").getInt("code"));
        assertEquals("Upstream MCP server unavailable: connection refused",
                error.getJsonObject("error").getString("message"));
        assertEquals(closed.toString(), error.getJsonObject("error").getJsonObject("data").getString("upstream"));
        assertEquals(1, ends.get());
    }

    @EachClient
    void anUpstream5xxThatIsNotAnMcpMessageIsAnswered502NamingItsStatus(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        start(kind, side);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.answer(503, "<html>down for maintenance</html>", "Content-Type: text/html");
            side.awaitCompleted();
        }
        assertEquals(502, side.status());
        JsonObject error = json(side.written());
        assertEquals(7, error.getInt("id"));
        assertEquals(GatewayErrors.UPSTREAM_UNAVAILABLE, error.getJsonObject("error").getInt("code"));
        assertEquals(503, error.getJsonObject("error").getJsonObject("data").getInt("upstreamStatus"));
        assertFalse(side.written().contains("maintenance"), "the upstream's page reached the client");
    }

    @EachClient
    void anUpstreamSilentPastTheIdleTimeoutIsAnswered504AndItsCallIsGivenUp(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        UpstreamExchange exchange = start(kind, side);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            exchange.expireIfIdle(System.nanoTime(), IDLE);
            assertEquals(0, side.completions(), "given up before its idle timeout");

            exchange.expireIfIdle(System.nanoTime() + IDLE.toNanos(), IDLE);

            side.awaitCompleted();
            assertTrue(call.closedByGateway(), "the silent upstream call is still open");
        }
        assertEquals(504, side.status());
        JsonObject error = json(side.written());
        assertEquals(7, error.getInt("id"));
        assertEquals(GatewayErrors.UPSTREAM_TIMEOUT, error.getJsonObject("error").getInt("code"));
        assertEquals(1, ends.get());
    }

    // ---------------------------------------------------------------------------------------------
    // the client going away
    // ---------------------------------------------------------------------------------------------

    @EachClient
    void theClientGoingAwayBeforeTheAnswerCancelsTheUpstreamCall(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        start(kind, side);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            side.reportError();
            assertTrue(call.closedByGateway(), "the upstream call is still open");
        }
        assertNull(side.status(), "an answer was written to a client that had gone");
        assertEquals("", side.written());
        assertEquals(1, side.completions());
        assertEquals(1, ends.get());
    }

    @EachClient
    void theClientGoingAwayMidStreamClosesTheUpstreamStream(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("GET").header("Accept", "text/event-stream");
        start(kind, side);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.send(SSE_HEAD).send("data: one\n\n");
            side.awaitFlushed("data: one\n\n");

            side.reportError();

            assertTrue(call.closedByGateway(), "the upstream stream is still open");
        }
        side.awaitCompleted();
        assertEquals("data: one\n\n", side.written(), "something was written after the client went");
        assertEquals(1, side.completions());
        assertEquals(1, ends.get());
    }

    @EachClient
    void aWriteToAClientThatHasGoneEndsTheExchangeAndClosesTheUpstreamStream(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("GET").header("Accept", "text/event-stream");
        start(kind, side);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.send(SSE_HEAD).send("data: one\n\n");
            side.awaitFlushed("data: one\n\n");
            side.clientGone();

            call.send("data: two\n\n");

            side.awaitCompleted();
            assertTrue(call.closedByGateway(), "the upstream stream is still open");
        }
        assertEquals(1, ends.get());
    }

    /**
     * A pool thread interrupted while it waits for the upstream (the servlet's pool shutting down)
     * keeps its interrupt: the exchange answers 502 and leaves the flag for the pool to see.
     */
    @Test
    void aCallInterruptedWhileWaitingKeepsItsThreadsInterruptFlag() throws Exception {
        ClientSide side = new ClientSide("POST").body(CALL);
        UpstreamClient interrupted = new UpstreamClient() {
            @Override
            public Call prepare(UpstreamRequest request) {
                return new Call() {
                    @Override
                    public Answer send() throws InterruptedException {
                        throw new InterruptedException("pool shutting down");
                    }

                    @Override
                    public void cancel() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        AtomicBoolean flagAfterCall = new AtomicBoolean();
        Executor inline = task -> {
            task.run();
            flagAfterCall.set(Thread.interrupted()); // reads and clears it: the test thread goes on uninterrupted
        };
        URI target = upstream.uri("/mcp");
        UpstreamSettings settings = new UpstreamSettings(target, Duration.ofSeconds(5), IDLE, 4, LIFETIME,
                UpstreamClientKind.DEFAULT);
        new UpstreamExchange(settings, interrupted, inline, side.async(), side.request(), side.response(), target,
                UpstreamExchange.readShortBody(side.request()), load, ended -> ends.incrementAndGet()).start();

        side.awaitCompleted();
        assertEquals(502, side.status());
        assertTrue(flagAfterCall.get(), "the pool thread's interrupt was swallowed");
    }

    // ---------------------------------------------------------------------------------------------
    // upstream-max-stream-lifetime
    // ---------------------------------------------------------------------------------------------

    @EachClient
    void aStreamBetweenEventsEndsAtOnceWhenItsLifetimeIsOver(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("GET").header("Accept", "text/event-stream");
        UpstreamExchange exchange = start(kind, side);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.send(SSE_HEAD).send("data: one\n\n");
            side.awaitFlushed("data: one\n\n");
            exchange.expireIfOverLifetime(System.nanoTime(), LIFETIME);
            assertEquals(0, side.completions(), "ended before its lifetime");

            exchange.expireIfOverLifetime(System.nanoTime() + LIFETIME.toNanos(), LIFETIME);

            side.awaitCompleted();
            assertTrue(call.closedByGateway(), "the upstream stream is still open");
        }
        assertEquals("data: one\n\n", side.written());
        assertEquals(1, load.snapshot().streamsEndedAtLifetime());
    }

    @EachClient
    void aStreamInsideAnEventWhenItsLifetimeIsOverEndsAfterThatEvent(UpstreamClientKind kind) throws Exception {
        ClientSide side = new ClientSide("GET").header("Accept", "text/event-stream");
        UpstreamExchange exchange = start(kind, side);
        try (ScriptedUpstream.Call call = upstream.accept()) {
            call.send(SSE_HEAD).send("data: one\n\ndata: tw");
            side.awaitFlushed("data: tw");

            exchange.expireIfOverLifetime(System.nanoTime() + LIFETIME.toNanos(), LIFETIME);
            call.send("o\n\n");

            side.awaitCompleted();
            assertTrue(call.closedByGateway(), "the upstream stream is still open");
        }
        assertEquals("data: one\n\ndata: two\n\n", side.written(), "the stream was cut inside an event");
        assertEquals(1, load.snapshot().streamsEndedAtLifetime());
    }

    // ---------------------------------------------------------------------------------------------

    private UpstreamExchange start(UpstreamClientKind kind, ClientSide side) throws IOException {
        return start(kind, side, UpstreamExchange.readShortBody(side.request()));
    }

    private UpstreamExchange start(UpstreamClientKind kind, ClientSide side, byte[] shortBody) {
        return start(kind, side, upstream.uri("/mcp"), shortBody);
    }

    private UpstreamExchange start(UpstreamClientKind kind, ClientSide side, URI target, byte[] shortBody) {
        UpstreamSettings settings = new UpstreamSettings(target, Duration.ofSeconds(5), IDLE, 4, LIFETIME, kind);
        client = kind.open(settings, threads);
        UpstreamExchange exchange = new UpstreamExchange(settings, client, threads, side.async(), side.request(),
                side.response(), target, shortBody, load, ended -> ends.incrementAndGet());
        exchange.start();
        return exchange;
    }

    /** A second exchange through the client the last {@link #start} opened. */
    private void startWithSameClient(ClientSide side) throws IOException {
        URI target = upstream.uri("/mcp");
        UpstreamSettings settings = new UpstreamSettings(target, Duration.ofSeconds(5), IDLE, 4, LIFETIME,
                UpstreamClientKind.DEFAULT);
        new UpstreamExchange(settings, client, threads, side.async(), side.request(), side.response(), target,
                UpstreamExchange.readShortBody(side.request()), load, ended -> ends.incrementAndGet()).start();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}

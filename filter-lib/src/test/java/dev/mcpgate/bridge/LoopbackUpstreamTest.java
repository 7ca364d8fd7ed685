package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the loopback calls: the endpoint's mapping, never a path the client chose, never plain HTTP to TLS. */
class LoopbackUpstreamTest {

    private static LoopbackUpstream loopback() {
        return new LoopbackUpstream(null, LoopbackMarker.random(), Duration.ofSeconds(60));
    }

    @Test
    void theUrlIsTheContextPathAndTheMappedPathOnlyAndTheFirstOneStays() {
        LoopbackUpstream upstream = loopback();
        upstream.learn(8080, "/ctx", "/mcp", false);
        assertEquals(URI.create("http://127.0.0.1:8080/ctx/mcp"), upstream.url());
        upstream.learn(8081, "/other", "/x", false);
        assertEquals(URI.create("http://127.0.0.1:8080/ctx/mcp"), upstream.url(), "kept");
    }

    @Test
    void aDefaultOrExtensionMappingTeachesNothingAndCallsFailAtOnce() {
        LoopbackUpstream upstream = loopback();
        upstream.learn(8080, "/ctx", null, false);
        assertNull(upstream.url());
        IOException e = assertThrows(IOException.class, () -> upstream.send(UpstreamCall.post(Map.of(), "{}")));
        assertTrue(e.getMessage().contains("bridge-upstream-url"), e.getMessage());
        upstream.learn(8080, "/ctx", "/mcp", false);
        assertEquals(URI.create("http://127.0.0.1:8080/ctx/mcp"), upstream.url(), "a mapped request shows the way");
    }

    @Test
    void aTlsRequestTeachesNothingAndCallsFailAtOnceNamingTheSetting() {
        LoopbackUpstream upstream = loopback();
        upstream.learn(8443, "/ctx", "/mcp", true);
        assertNull(upstream.url(), "plain HTTP to a TLS connector would wait for bridge-upstream-timeout");
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> upstream.send(UpstreamCall.post(Map.of(), "{}")));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "fails fast");
        assertTrue(e.getMessage().contains("TLS") && e.getMessage().contains("bridge-upstream-url"), e.getMessage());
        assertTrue(!upstream.reachable(), "exchanges then go on unbridged at once");
        upstream.learn(8080, "/ctx", "/mcp", false);
        assertTrue(upstream.reachable(), "a plain-HTTP request shows the way");
    }

    @Test
    void aConfiguredUrlIsNeverReplaced() {
        LoopbackUpstream upstream = new LoopbackUpstream(URI.create("https://mcp.internal/api/mcp"),
                LoopbackMarker.random(), Duration.ofSeconds(60));
        upstream.learn(8080, "/ctx", "/mcp", false);
        assertEquals(URI.create("https://mcp.internal/api/mcp"), upstream.url());
    }
}

package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the era probe tells the server's era, what it keeps and what it tries again. */
class UpstreamEraProbeTest {

    private static final String MODERN_RESULT = "{\"jsonrpc\":\"2.0\",\"id\":\"mcpgate-bridge-probe\",\"result\":"
            + "{\"supportedVersions\":[\"2026-07-28\"],\"capabilities\":{},\"resultType\":\"complete\"}}";

    @Test
    void aDiscoverResultNamingTheModernVersionIsModernAndIsKept() throws Exception {
        Scripted upstream = new Scripted().answer(200, "application/json", MODERN_RESULT);
        UpstreamEraProbe probe = new UpstreamEraProbe(UpstreamEra.AUTO, upstream);
        assertEquals(UpstreamEra.AUTO, probe.known());
        assertEquals(UpstreamEra.MODERN, probe.resolve());
        assertEquals(UpstreamEra.MODERN, probe.resolve());
        assertEquals(UpstreamEra.MODERN, probe.known());
        assertEquals(1, upstream.calls.size(), "probed once");
        UpstreamCall call = upstream.calls.get(0);
        assertEquals("server/discover", call.headers().get("Mcp-Method"));
        assertEquals("2026-07-28", call.headers().get("MCP-Protocol-Version"));
        assertTrue(call.body().contains("\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\""), call.body());
    }

    @Test
    void aDiscoverResultInAnEventStreamIsReadToItsFirstMessage() throws Exception {
        Scripted upstream = new Scripted().answer(200, "text/event-stream;charset=UTF-8",
                ": primed\n\nid: 1\nevent: message\ndata: " + MODERN_RESULT + "\n\n");
        assertEquals(UpstreamEra.MODERN, new UpstreamEraProbe(UpstreamEra.AUTO, upstream).resolve());
    }

    @Test
    void aRefusalOrAnErrorOrAResultWithoutTheVersionIsLegacy() throws Exception {
        assertEquals(UpstreamEra.LEGACY, probe(400, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":null,"
                + "\"error\":{\"code\":-32600,\"message\":\"Session ID required\"}}"));
        assertEquals(UpstreamEra.LEGACY, probe(400, "application/json", "{\"jsonRpcError\":{\"code\":-32000,"
                + "\"message\":\"Session ID required in mcp-session-id header\"},\"stackTrace\":[]}"));
        assertEquals(UpstreamEra.LEGACY, probe(404, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":null,"
                + "\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}"));
        assertEquals(UpstreamEra.LEGACY, probe(200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":"
                + "\"mcpgate-bridge-probe\",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}"));
        assertEquals(UpstreamEra.LEGACY, probe(200, "application/json", "{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"result\":{\"supportedVersions\":[\"2025-11-25\"]}}"));
    }

    @Test
    void anAnswerThatIsNotTheMcpServersTellsNothingAndIsNotKept() throws Exception {
        String error = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"no\"}}";
        for (int status : new int[] {401, 403, 407, 429, 302}) {
            Scripted upstream = new Scripted().answer(status, "application/json", error)
                    .answer(200, "application/json", MODERN_RESULT);
            UpstreamEraProbe probe = new UpstreamEraProbe(UpstreamEra.AUTO, upstream);
            assertThrows(IOException.class, probe::resolve, "HTTP " + status);
            assertEquals(UpstreamEra.AUTO, probe.known(), "HTTP " + status + " is not kept");
            assertEquals(UpstreamEra.MODERN, probe.resolve(), "the next exchange probes again");
        }
        assertThrows(IOException.class, () -> probe(404, "text/html", "<h1>Not Found</h1>"),
                "a 404 page of a path the MCP server does not serve");
        assertThrows(IOException.class, () -> probe(400, "text/plain", "Bad Request"));
        assertThrows(IOException.class, () -> probe(200, "text/html", "<html>login</html>"));
        assertThrows(IOException.class, () -> probe(200, "application/json", "not json"));
    }

    @Test
    void theProbeCarriesTheTriggeringCallersAuthorization() throws Exception {
        Scripted upstream = new Scripted().answer(200, "application/json", MODERN_RESULT);
        new UpstreamEraProbe(UpstreamEra.AUTO, upstream).resolve("Bearer caller-token");
        assertEquals("Bearer caller-token", upstream.calls.get(0).headers().get("Authorization"));
        Scripted anonymous = new Scripted().answer(200, "application/json", MODERN_RESULT);
        new UpstreamEraProbe(UpstreamEra.AUTO, anonymous).resolve(null);
        assertTrue(!anonymous.calls.get(0).headers().containsKey("Authorization"));
    }

    @Test
    void aServerErrorOrAFailedCallTellsNothingAndTheNextResolveProbesAgain() throws Exception {
        Scripted upstream = new Scripted().answer(503, "text/plain", "starting").fail()
                .answer(200, "application/json", MODERN_RESULT);
        UpstreamEraProbe probe = new UpstreamEraProbe(UpstreamEra.AUTO, upstream);
        assertThrows(IOException.class, probe::resolve);
        assertEquals(UpstreamEra.AUTO, probe.known(), "a 5xx is not kept");
        assertThrows(IOException.class, probe::resolve);
        assertEquals(UpstreamEra.AUTO, probe.known(), "a failed call is not kept");
        assertEquals(UpstreamEra.MODERN, probe.resolve());
        assertEquals(3, upstream.calls.size());
    }

    @Test
    void aSetEraIsTakenAsSaidWithoutAProbe() throws Exception {
        Scripted upstream = new Scripted();
        UpstreamEraProbe probe = new UpstreamEraProbe(UpstreamEra.LEGACY, upstream);
        assertEquals(UpstreamEra.LEGACY, probe.known());
        assertEquals(UpstreamEra.LEGACY, probe.resolve());
        assertEquals(List.of(), upstream.calls);
    }

    private static UpstreamEra probe(int status, String type, String body) throws Exception {
        return new UpstreamEraProbe(UpstreamEra.AUTO, new Scripted().answer(status, type, body)).resolve();
    }

    /** Answers calls from a script, in order; a {@code null} entry is a failed call. */
    static final class Scripted implements BridgeUpstream {
        final List<UpstreamCall> calls = new ArrayList<>();
        private final Deque<Optional<UpstreamAnswer>> script = new ArrayDeque<>();

        Scripted answer(int status, String type, String body) {
            script.add(Optional.of(new Canned(status, type, body)));
            return this;
        }

        Scripted fail() {
            script.add(Optional.empty());
            return this;
        }

        @Override
        public UpstreamAnswer send(UpstreamCall call) throws IOException {
            calls.add(call);
            Optional<UpstreamAnswer> next = script.poll();
            if (next == null || next.isEmpty()) {
                throw new IOException("connection refused (scripted)");
            }
            return next.get();
        }

        @Override
        public void close() {
        }
    }

    private record Canned(int status, String type, String text) implements UpstreamAnswer {
        @Override
        public Optional<String> header(String name) {
            return "Content-Type".equalsIgnoreCase(name) ? Optional.of(type) : Optional.empty();
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theMarkerMatchesOnlyItselfAndNeverShowsInText() {
        LoopbackMarker marker = LoopbackMarker.random();
        assertTrue(marker.matches(marker.value()));
        assertEquals(43, marker.value().length(), "32 bytes, base64url without padding");
        assertTrue(!marker.matches(LoopbackMarker.random().value()) && !marker.matches(null) && !marker.matches(""));
        assertTrue(!marker.toString().contains(marker.value()));
    }
}

package dev.mcpgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.CatalogueCaptures;
import dev.mcpgate.event.CollectingSink;
import dev.mcpgate.event.EventDispatcher;
import dev.mcpgate.event.EventQueue;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.session.InMemorySessionStore;
import jakarta.json.JsonObject;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The era bridge's place in the observer (issue 14), with a hand-made bridge: what it is shown of an exchange,
 * the marker header hidden from the servlet, its refusals recorded like the guard's, legs and untaken exchanges
 * recorded as without it. The asynchronous translation itself is proven in a real server (TomcatEmbeddedBridgeIT).
 */
class BridgedExchangeTest {

    private static final String MODERN_LIST = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":"
            + "{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}";
    private static final String LIST_RESULT = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"tools\":[]}}";

    private final GateMetrics metrics = new GateMetrics();
    private final EventQueue queue = new EventQueue(100, metrics);
    private final CollectingSink sink = new CollectingSink();
    private final EventDispatcher dispatcher = new EventDispatcher(queue, List.of(sink), 100, metrics,
            getClass().getClassLoader());
    private final SessionBook book = new SessionBook("mcp", new InMemorySessionStore(10), queue, metrics,
            Duration.ofMinutes(30), Duration.ofHours(24));
    private final FakeResponse client = new FakeResponse();
    /** What the servlet saw of the marker header: its value by name, and whether its name was listed. */
    private final List<String> servletSaw = new ArrayList<>();
    private int exchanges;

    private ExchangeObserver observer(ExchangeBridge bridge) {
        ExchangeObserver observer = new ExchangeObserver("mcp", 1 << 16, 1 << 16, 4096, book, queue, metrics,
                CatalogueCaptures.NONE, 0, null, null);
        if (bridge != null) {
            observer.bridge(bridge);
        }
        return observer;
    }

    @Test
    void theBridgeIsShownTheClientsEraItsMessageAndHeaders() throws IOException {
        List<Object> shown = new ArrayList<>();
        RequestCompleted row = exchange(observer(x -> {
            shown.add(x.era());
            shown.add(x.httpMethod());
            shown.add(x.header("Mcp-Method").orElse(null));
            shown.add(x.message().map(m -> m.getString("method")).orElse(null));
            shown.add(x.isBatch());
            shown.add(x.marker());
            return false;
        }), request(MODERN_LIST, modern()));
        assertEquals(List.of(Era.MODERN, "POST", "tools/list", "tools/list", false), shown.subList(0, 5));
        assertNull(shown.get(5), "no marker");
        assertEquals(Outcome.OK, row.outcome());
    }

    @Test
    void anExchangeTheBridgeDoesNotTakeIsRecordedAsWithoutTheBridge() throws IOException {
        RequestCompleted with = exchange(observer(x -> false), request(MODERN_LIST, modern()));
        RequestCompleted without = exchange(observer(null), request(MODERN_LIST, modern()));
        assertEquals(timeless(without), timeless(with));
        assertNull(with.upstreamEra());
        assertFalse(with.bridgeLeg());
    }

    /** The row without what differs between two runs (id, time, latency). */
    private static RequestCompleted timeless(RequestCompleted r) {
        return new RequestCompleted(null, java.time.Instant.EPOCH, r.endpoint(), r.sessionId(), r.era(),
                r.protocolVersion(), r.httpMethod(), r.httpStatus(), r.mcpMethod(), r.jsonRpcId(), r.target(),
                r.outcome(), r.errorCode(), r.errorMessage(), 0, r.bytesIn(), r.bytesOut(), r.client(), r.principal(),
                r.sse(), r.messagesOut(), r.violation(), r.rule(), r.upstreamEra(), r.bridgeLeg());
    }

    @Test
    void aMarkedRequestIsJudgedByTheBridgeAndTheServletNeverSeesTheHeader() throws IOException {
        Map<String, String> headers = modern();
        headers.put("Mcp-Gate-Bridge", "secret");
        List<String> judged = new ArrayList<>();
        RequestCompleted row = exchange(observer(x -> {
            judged.add(x.marker());
            x.markLeg();
            return false;
        }), new UnmarkedRequest(request(MODERN_LIST, headers), "Mcp-Gate-Bridge"));
        assertEquals(List.of("secret"), judged);
        assertEquals(List.of("null", "listed:false"), servletSaw);
        assertTrue(row.bridgeLeg(), "the row is a leg");
        assertNull(row.upstreamEra());
    }

    @Test
    void aRefusalOfTheBridgeIsAnsweredHereAndRecordedAsRejected() throws IOException {
        RequestCompleted row = exchange(observer(x -> {
            x.refuse(400, -32600, "forged marker");
            return true;
        }), request(MODERN_LIST, modern()));
        assertEquals(List.of(), servletSaw, "the servlet never saw it");
        assertEquals(400, client.status);
        JsonObject answer = jakarta.json.Json.createReader(new java.io.StringReader(client.sentText())).readObject();
        assertEquals(-32600, answer.getJsonObject("error").getInt("code"));
        assertEquals(3, answer.getInt("id"), "the request's id");
        assertEquals(Outcome.REJECTED, row.outcome());
        assertEquals(-32600, row.errorCode());
    }

    @Test
    void aBatchIsToldApart() throws IOException {
        List<Boolean> batch = new ArrayList<>();
        exchange(observer(x -> {
            batch.add(x.isBatch());
            return false;
        }),
                request("[" + MODERN_LIST + "]", Map.of("Content-Type", "application/json")));
        assertEquals(List.of(true), batch);
    }

    /** Runs one exchange; the servlet (unless the filter answered) notes what it saw of the marker and answers. */
    private RequestCompleted exchange(ExchangeObserver observer, HttpServletRequest request) throws IOException {
        ObservedExchange x = observer.begin(request, client.response);
        assertNotNull(x, "the observer classified the request");
        if (!x.answered()) {
            HttpServletRequest seen = x.request();
            servletSaw.add(String.valueOf(seen.getHeader("Mcp-Gate-Bridge")));
            servletSaw.add("listed:" + Collections.list(seen.getHeaderNames()).stream()
                    .anyMatch("Mcp-Gate-Bridge"::equalsIgnoreCase));
            x.response().setStatus(200);
            x.response().setContentType("application/json");
            x.response().getOutputStream().write(LIST_RESULT.getBytes(StandardCharsets.UTF_8));
        }
        client.finish();
        x.chainReturned();
        dispatcher.drain();
        List<RequestCompleted> rows = sink.events().stream().filter(RequestCompleted.class::isInstance)
                .map(RequestCompleted.class::cast).toList();
        assertEquals(++exchanges, rows.size(), "exactly one row per exchange");
        return rows.get(rows.size() - 1);
    }

    private static Map<String, String> modern() {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", "application/json");
        headers.put("MCP-Protocol-Version", "2026-07-28");
        headers.put("Mcp-Method", "tools/list");
        return headers;
    }

    /** A request as the container hands it over: method POST, headers (case-insensitive) and body. */
    private static HttpServletRequest request(String body, Map<String, String> headers) {
        Map<String, String> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        named.putAll(headers);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        ServletInputStream stream = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        };
        Map<String, Object> attributes = new java.util.HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(BridgedExchangeTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getProtocol" -> "HTTP/1.1";
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "getMethod" -> "POST";
                    case "getHeader" -> named.get((String) args[0]);
                    case "getHeaders" -> named.containsKey((String) args[0])
                            ? Collections.enumeration(List.of(named.get((String) args[0])))
                            : Collections.emptyEnumeration();
                    case "getHeaderNames" -> Collections.enumeration(List.copyOf(named.keySet()));
                    case "getContentType" -> named.get("Content-Type");
                    case "getContentLengthLong" -> (long) bytes.length;
                    case "getContentLength" -> bytes.length;
                    case "getInputStream" -> stream;
                    case "getServletPath" -> "/mcp";
                    case "getPathInfo", "getUserPrincipal", "getAsyncContext", "getCharacterEncoding" -> null;
                    case "isSecure", "isAsyncStarted" -> false;
                    case "toString" -> "FakeRequest POST";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

package dev.mcpgate.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.McpGateConfig;
import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.approval.InMemoryApprovals;
import dev.mcpgate.event.ApprovalDecided;
import dev.mcpgate.intercept.InterceptedRequest;
import dev.mcpgate.intercept.RequestVerdict;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approvals API over a real {@link InMemoryApprovals} of an endpoint (store off): the pending hold is
 * listed, a POST decides it for the authenticated user, a second POST is told what won, and cross-site or
 * malformed POSTs are refused before anything is decided.
 */
class ApprovalsApiServletTest {

    private final ApprovalsApiServlet servlet = new ApprovalsApiServlet();
    private final List<ApprovalDecided> rows = new CopyOnWriteArrayList<>();
    private final InMemoryApprovals approvals = new InMemoryApprovals("demo", 4, Duration.ofMinutes(1), rows::add,
            Clock.systemUTC());
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private int status;

    @BeforeEach
    void start() throws Exception {
        McpGateEndpoint endpoint = endpoint();
        ServletContext context = proxy(ServletContext.class, (name, args) -> switch (name) {
            case "getAttributeNames" -> Collections.enumeration(List.of(McpGateEndpoint.ATTRIBUTE_PREFIX + "demo"));
            case "getAttribute" -> endpoint;
            default -> throw new UnsupportedOperationException(name);
        });
        servlet.init(proxy(ServletConfig.class, (name, args) -> switch (name) {
            case "getServletContext" -> context;
            case "getServletName" -> "approvals";
            case "getInitParameter" -> null;
            default -> throw new UnsupportedOperationException(name);
        }));
    }

    @AfterEach
    void stop() {
        servlet.destroy();
        pool.shutdownNow();
    }

    /** An endpoint as the filter makes it (package-private constructor), with only its config and approvals. */
    private McpGateEndpoint endpoint() throws Exception {
        Constructor<?> constructor = McpGateEndpoint.class.getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Object[] args = new Object[constructor.getParameterCount()];
        args[0] = McpGateConfig.defaults("demo");
        McpGateEndpoint endpoint = (McpGateEndpoint) constructor.newInstance(args);
        Method setter = McpGateEndpoint.class.getDeclaredMethod("approvals", InMemoryApprovals.class);
        setter.setAccessible(true);
        setter.invoke(endpoint, approvals);
        return endpoint;
    }

    @Test
    void aHeldCallIsListedAndProceedsWhenTheOperatorApprovesIt() throws Exception {
        Future<RequestVerdict> held = pool.submit(() -> approvals.hold(call(), "hold-mail", "v1", null));
        JsonObject list = awaitPending();
        JsonObject pending = list.getJsonArray("pending").getJsonObject(0);
        assertEquals("send_mail", pending.getString("target"));
        assertEquals("alice", pending.getString("caller"));
        assertEquals("{\"to\":\"all\"}", pending.getString("arguments"));
        assertEquals(false, pending.getBoolean("argumentsTruncated"));
        assertEquals(4, list.getInt("maxHolds"));

        JsonObject answer = post("/" + pending.getString("id"), "{\"decision\":\"approve\",\"reason\":\"ok\"}",
                "application/json", null, "bob");

        assertEquals(200, status, answer.toString());
        assertEquals("decided", answer.getString("status"));
        assertEquals("approved", answer.getJsonObject("decision").getString("decision"));
        assertEquals("bob", answer.getJsonObject("decision").getString("decidedBy"));
        assertEquals(RequestVerdict.Action.PROCEED, held.get(10, TimeUnit.SECONDS).action());
        JsonObject after = get();
        assertEquals(0, after.getInt("pendingCount"));
        assertEquals("memory", after.getString("decisionsFrom"));
        assertEquals("bob", after.getJsonArray("decisions").getJsonObject(0).getString("decidedBy"));
    }

    @Test
    void argumentsLongerThanShownAreFlaggedTruncatedWithTheirFullLength() throws Exception {
        JsonObject big = Json.createObjectBuilder().add("body", "x".repeat(5000)).build();
        Future<RequestVerdict> held = pool.submit(() -> approvals.hold(call(big), "hold-mail", "v1", null));
        JsonObject pending = awaitPending().getJsonArray("pending").getJsonObject(0);
        assertEquals(true, pending.getBoolean("argumentsTruncated"), pending.toString());
        assertEquals(5011, pending.getInt("argumentsLength"));
        assertEquals(InMemoryApprovals.MAX_ARGUMENTS_SHOWN + 1, pending.getString("arguments").length());
        post("/" + pending.getString("id"), "{\"decision\":\"deny\"}", "application/json", null, "bob");
        held.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSecondDecisionIs409WithTheFirstAndAnUnknownIdIs404() throws Exception {
        Future<RequestVerdict> held = pool.submit(() -> approvals.hold(call(), "hold-mail", "v1", null));
        String id = awaitPending().getJsonArray("pending").getJsonObject(0).getString("id");
        post("/" + id, "{\"decision\":\"deny\",\"reason\":\"no\"}", "application/json", null, "bob");
        assertEquals(RequestVerdict.Action.BLOCK, held.get(10, TimeUnit.SECONDS).action());

        JsonObject again = post("/" + id, "{\"decision\":\"approve\"}", "application/json", null, "eve");
        assertEquals(409, status, again.toString());
        assertEquals("denied", again.getJsonObject("decision").getString("decision"));
        post("/nope", "{\"decision\":\"approve\"}", "application/json", null, "bob");
        assertEquals(404, status);
        assertEquals(1, rows.size());
    }

    @Test
    void crossSiteMalformedOrAnonymousDecisionsAreRefusedAndDecideNothing() throws Exception {
        pool.submit(() -> approvals.hold(call(), "hold-mail", "v1", null));
        String id = awaitPending().getJsonArray("pending").getJsonObject(0).getString("id");
        String approve = "{\"decision\":\"approve\"}";

        assertEquals("forbidden", post("/" + id, approve, "text/plain", null, "bob").getString("error"));
        assertEquals(403, status);
        post("/" + id, approve, "application/json", "https://evil.example", "bob");
        assertEquals(403, status);
        post("/" + id, approve, "application/json", null, null);
        assertEquals(403, status);
        JsonObject bad = post("/" + id, "{\"decision\":\"maybe\"}", "application/json", null, "bob");
        assertEquals(400, status);
        assertEquals("decision", bad.getString("parameter"));
        post("/" + id, "not json", "application/json", null, "bob");
        assertEquals(400, status);

        assertEquals(1, get().getInt("pendingCount"));
        assertTrue(rows.isEmpty());
        post("/" + id, approve, "application/json", "http://localhost:8080", "bob");
        assertEquals(200, status, "the server's own origin may decide");
    }

    @Test
    void behindATlsTerminatingProxyTheBrowsersOwnOriginMayDecideAForeignOneMayNot() throws Exception {
        Future<RequestVerdict> held = pool.submit(() -> approvals.hold(call(), "hold-mail", "v1", null));
        String id = awaitPending().getJsonArray("pending").getJsonObject(0).getString("id");
        String approve = "{\"decision\":\"approve\"}";
        // the container speaks plain http on 8080; the browser's page is https://gw.example (Host kept by the proxy)
        post("/" + id, approve, "application/json", "https://evil.example", "gw.example", "bob");
        assertEquals(403, status, "a foreign site");
        post("/" + id, approve, "application/json", "https://gw.example.evil.example", "gw.example", "bob");
        assertEquals(403, status, "a host that only starts like ours");
        post("/" + id, approve, "application/json", "null", "gw.example", "bob");
        assertEquals(403, status, "an opaque origin");
        post("/" + id, approve, "application/json", "https://gw.example", null, "bob");
        assertEquals(403, status, "no Host to compare with");
        assertTrue(rows.isEmpty());
        JsonObject answer = post("/" + id, approve, "application/json", "https://GW.example", "gw.example:443", "bob");
        assertEquals(200, status, answer.toString());
        assertEquals(RequestVerdict.Action.PROCEED, held.get(10, TimeUnit.SECONDS).action());
    }

    private JsonObject awaitPending() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (approvals.pending().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "no hold within 10 s");
            Thread.onSpinWait();
        }
        return get();
    }

    private static InterceptedRequest call() {
        return call(Json.createObjectBuilder().add("to", "all").build());
    }

    private static InterceptedRequest call(JsonObject arguments) {
        JsonObject params = Json.createObjectBuilder().add("name", "send_mail").add("arguments", arguments).build();
        return proxy(InterceptedRequest.class, (name, args) -> switch (name) {
            case "method" -> "tools/call";
            case "id" -> Json.createValue(7);
            case "target" -> "send_mail";
            case "params" -> params;
            case "era" -> Era.LEGACY;
            case "principal" -> "alice";
            case "sessionId" -> "s-1";
            case "client" -> ClientIdentity.of("c", "1");
            case "endpoint" -> "demo";
            case "header" -> Optional.empty();
            case "attributes" -> new HashMap<>();
            default -> null;
        });
    }

    private JsonObject get() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getPathInfo" -> null;
            case "getParameterMap" -> Map.of();
            default -> throw new UnsupportedOperationException(name);
        });
        servlet.doGet(request, response(body));
        return read(body);
    }

    private JsonObject post(String path, String json, String type, String origin, String user) throws IOException {
        return post(path, json, type, origin, "localhost:8080", user);
    }

    /** A POST as the container sees it on http://localhost:8080 (behind a proxy, {@code host} is the client's). */
    private JsonObject post(String path, String json, String type, String origin, String host, String user)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteArrayInputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
        ServletInputStream input = new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
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
        Principal principal = user == null ? null : () -> user;
        HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getPathInfo" -> path;
            case "getParameterMap" -> Map.of();
            case "getContentType" -> type;
            case "getHeader" -> "Origin".equalsIgnoreCase((String) args[0]) ? origin
                    : "Host".equalsIgnoreCase((String) args[0]) ? host : null;
            case "getScheme" -> "http";
            case "getServerName" -> "localhost";
            case "getServerPort" -> 8080;
            case "getUserPrincipal" -> principal;
            case "getInputStream" -> input;
            default -> throw new UnsupportedOperationException(name);
        });
        servlet.doPost(request, response(body));
        return read(body);
    }

    private HttpServletResponse response(ByteArrayOutputStream body) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return proxy(HttpServletResponse.class, (name, args) -> switch (name) {
            case "setStatus" -> {
                status = (Integer) args[0];
                yield null;
            }
            case "getOutputStream" -> out;
            case "setHeader", "setContentType", "setCharacterEncoding", "setContentLength" -> null;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static JsonObject read(ByteArrayOutputStream body) {
        try (var reader = Json.createReader(new StringReader(body.toString(StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    private interface Answer {
        Object of(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(ApprovalsApiServletTest.class.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    default -> method.isDefault() && answer.of(method.getName(), args) == null
                            ? java.lang.reflect.InvocationHandler.invokeDefault(p, method, args)
                            : answer.of(method.getName(), args);
                });
    }
}

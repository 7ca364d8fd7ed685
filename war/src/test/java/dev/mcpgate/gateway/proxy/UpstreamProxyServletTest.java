package dev.mcpgate.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The servlet's permit accounting, driven through fakes of the container: what the container may
 * do to an exchange (end it with an error, complete it) must give its permit back exactly once and
 * stop its upstream call; with each upstream client library.
 */
class UpstreamProxyServletTest {

    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final List<AsyncListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream(); // what nobody reads
    private UpstreamProxyServlet servlet;
    private UpstreamLoad load;

    @AfterEach
    void destroy() {
        if (servlet != null) {
            servlet.destroy();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(UpstreamClientKind.class)
    void anExchangeThatFailsToStartAndIsThenEndedByTheContainerGivesItsPermitBackOnce(UpstreamClientKind kind) throws Exception {
        start(kind, URI.create("http://127.0.0.1:1/mcp"));
        servlet.destroy(); // a request that comes while the servlet goes: its pool refuses the call
        HttpServletRequest request = request();
        assertThrows(RejectedExecutionException.class, () -> servlet.service(request, response()));
        assertEquals(0, load.snapshot().active());

        AsyncListener exchange = onlyListener();
        exchange.onError(new AsyncEvent(asyncContext(request)));
        exchange.onTimeout(new AsyncEvent(asyncContext(request)));
        exchange.onComplete(new AsyncEvent(asyncContext(request)));

        assertEquals(0, load.snapshot().active(), "the permit was given back more than once");
        assertTrue(load.tryAcquire());
        assertFalse(load.tryAcquire(), "upstream-max-concurrent 1 allows a second exchange");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(UpstreamClientKind.class)
    void theContainerCompletingTheRequestStopsTheUpstreamCallAndFreesItsPermit(UpstreamClientKind kind) throws Exception {
        try (ServerSocket upstream = new ServerSocket(0)) {
            upstream.setSoTimeout(10_000);
            start(kind, URI.create("http://127.0.0.1:" + upstream.getLocalPort() + "/mcp"));
            HttpServletRequest request = request();
            servlet.service(request, response());
            assertEquals(1, load.snapshot().active());
            try (Socket call = upstream.accept()) {
                call.setSoTimeout(10_000);
                readHead(call.getInputStream()); // the upstream call is under way

                onlyListener().onComplete(new AsyncEvent(asyncContext(request)));

                assertEquals(0, load.snapshot().active());
                assertTrue(closed(call.getInputStream()), "the upstream connection is still open");
            }
        }
    }

    /**
     * Whether the peer closed the connection: the end of the stream, or a reset (the Apache client
     * aborts a cancelled call's connection with a reset); a read that times out means it is still open.
     */
    private static boolean closed(InputStream in) throws Exception {
        try {
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    private void start(UpstreamClientKind kind, URI upstream) throws Exception {
        servlet = new UpstreamProxyServlet(new UpstreamSettings(upstream, Duration.ofSeconds(5), Duration.ofSeconds(60), 1,
                Duration.ofHours(1), kind));
        servlet.init(fake(ServletConfig.class, (name, args) -> switch (name) {
            case "getServletContext" -> servletContext();
            case "getServletName" -> "gateway";
            case "getInitParameterNames" -> Collections.emptyEnumeration();
            default -> null;
        }));
        load = (UpstreamLoad) attributes.get(UpstreamLoad.ATTRIBUTE);
        assertNotNull(load);
    }

    private AsyncListener onlyListener() {
        assertEquals(1, listeners.size(), listeners.toString());
        return listeners.get(0);
    }

    private static void readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the upstream call ended before its headers: " + head);
            }
            head.append((char) b);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // fakes of the container
    // ---------------------------------------------------------------------------------------------

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(UpstreamProxyServletTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        Object value = answer.answer(method.getName(), args);
                        if (value == null && method.getReturnType() == boolean.class) {
                            value = false;
                        } else if (value == null && method.getReturnType() == int.class) {
                            value = 0;
                        } else if (value == null && method.getReturnType() == long.class) {
                            value = 0L;
                        }
                        yield value;
                    }
                });
    }

    private ServletContext servletContext() {
        return fake(ServletContext.class, (name, args) -> switch (name) {
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "removeAttribute" -> attributes.remove((String) args[0]);
            case "getContextPath" -> "/gw";
            default -> null;
        });
    }

    /** A GET without a body at {@code /gw/mcp}. */
    private HttpServletRequest request() {
        AsyncContext[] async = new AsyncContext[1];
        HttpServletRequest[] self = new HttpServletRequest[1];
        self[0] = fake(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getRequestURI" -> "/gw/mcp";
            case "getContextPath" -> "/gw";
            case "getServletPath" -> "/mcp";
            case "getMethod" -> "GET";
            case "getContentLengthLong" -> -1L;
            case "getContentLength" -> -1;
            case "getHeaders", "getHeaderNames" -> Collections.emptyEnumeration();
            case "getRemoteAddr" -> "127.0.0.1";
            case "getScheme" -> "http";
            case "startAsync", "getAsyncContext" -> {
                if (async[0] == null) {
                    async[0] = fake(AsyncContext.class, (asyncMethod, asyncArgs) -> {
                        if (asyncMethod.equals("addListener")) {
                            listeners.add((AsyncListener) asyncArgs[0]);
                        } else if (asyncMethod.equals("getRequest")) {
                            return self[0];
                        }
                        return null;
                    });
                }
                yield async[0];
            }
            case "getInputStream" -> throw new IllegalStateException("a GET without a body is not read");
            default -> null;
        });
        return self[0];
    }

    private static AsyncContext asyncContext(HttpServletRequest request) {
        return request.getAsyncContext();
    }

    private HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void write(int b) {
                written.write(b);
            }
        };
        return fake(HttpServletResponse.class, (name, args) -> switch (name) {
            case "getOutputStream" -> out;
            default -> null;
        });
    }
}

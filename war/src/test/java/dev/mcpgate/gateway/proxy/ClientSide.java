package dev.mcpgate.gateway.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The container's side of one proxied exchange, faked: the client's request (method, headers, body),
 * the response the gateway writes (status, headers, bytes, and what has been flushed to the client),
 * and the async context it completes. Waits are on a monitor that every flush and completion
 * notifies: a test waits for a marker, never for a fixed time.
 */
final class ClientSide {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String method;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private boolean chunked;

    private final List<AsyncListener> listeners = new CopyOnWriteArrayList<>();
    private Integer status;
    private final Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private int flushedLength;
    private int flushes;
    private boolean committed;
    private boolean writesFail;
    private int completions;

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AsyncContext async;

    ClientSide(String method) {
        this.method = method;
        request = fake(HttpServletRequest.class, this::request);
        response = fake(HttpServletResponse.class, this::response);
        async = fake(AsyncContext.class, this::async);
    }

    ClientSide header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    ClientSide body(String text) {
        body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    ClientSide body(byte[] bytes, boolean sentChunked) {
        body = bytes;
        chunked = sentChunked;
        return this;
    }

    /** From now on every write or flush to the client fails, as when the client has gone. */
    synchronized void clientGone() {
        writesFail = true;
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    AsyncContext async() {
        return async;
    }

    /** The container reports the client connection failed, to every listener the exchange added. */
    void reportError() {
        listeners.forEach(l -> {
            try {
                l.onError(new AsyncEvent(async));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    synchronized Integer status() {
        return status;
    }

    synchronized List<String> responseHeaders(String name) {
        return responseHeaders.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    synchronized String written() {
        return written.toString(StandardCharsets.UTF_8);
    }

    /** What the client has been sent so far: the bytes written up to the last flush. */
    synchronized String flushed() {
        return new String(written.toByteArray(), 0, flushedLength, StandardCharsets.UTF_8);
    }

    /** How many times the gateway flushed to the client (each one a write to its connection). */
    synchronized int flushes() {
        return flushes;
    }

    synchronized int completions() {
        return completions;
    }

    /** Waits until {@code text} has been flushed to the client. */
    void awaitFlushed(String text) throws InterruptedException {
        await(() -> flushed().contains(text), () -> "flushed to the client: " + text + "; flushed so far: " + flushed());
    }

    /** Waits until the exchange has completed the async context. */
    void awaitCompleted() throws InterruptedException {
        await(() -> completions > 0, () -> "the exchange completed; written so far: " + written());
    }

    private synchronized void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited " + WAIT + " for: " + what.get());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the fakes' answers
    // ---------------------------------------------------------------------------------------------

    private Object request(String name, Object[] args) {
        return switch (name) {
            case "getMethod" -> method;
            case "getRequestURI" -> "/gw/mcp";
            case "getScheme" -> "https";
            case "getRemoteAddr" -> "192.0.2.7";
            case "getHeader" -> values((String) args[0]).stream().findFirst().orElse(null);
            case "getHeaders" -> Collections.enumeration(values((String) args[0]));
            case "getHeaderNames" -> Collections.enumeration(headers.keySet());
            case "getContentLengthLong" -> chunked ? -1L : (long) body.length;
            case "getInputStream" -> input(body);
            default -> null;
        };
    }

    private List<String> values(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .flatMap(e -> e.getValue().stream()).toList();
    }

    private Object response(String name, Object[] args) throws IOException {
        synchronized (this) {
            switch (name) {
                case "setStatus" -> status = (Integer) args[0];
                case "addHeader" -> responseHeaders.computeIfAbsent(((String) args[0]).toLowerCase(Locale.ROOT),
                        n -> new ArrayList<>()).add((String) args[1]);
                case "setContentType" -> responseHeaders.put("content-type", List.of((String) args[0]));
                case "isCommitted" -> {
                    return committed;
                }
                case "resetBuffer" -> {
                    if (committed) {
                        throw new IllegalStateException("committed");
                    }
                    written.reset();
                }
                case "getOutputStream" -> {
                    return output();
                }
                default -> {
                    return null;
                }
            }
            return null;
        }
    }

    private Object async(String name, Object[] args) {
        switch (name) {
            case "addListener" -> listeners.add((AsyncListener) args[0]);
            case "complete" -> {
                synchronized (this) {
                    completions++;
                    notifyAll();
                }
            }
            case "getRequest" -> {
                return request;
            }
            case "getResponse" -> {
                return response;
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    private ServletOutputStream output() {
        return new ServletOutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                synchronized (ClientSide.this) {
                    failIfGone();
                    written.write(bytes, offset, length);
                }
            }

            @Override
            public void flush() throws IOException {
                synchronized (ClientSide.this) {
                    failIfGone();
                    committed = true;
                    flushes++;
                    flushedLength = written.size();
                    ClientSide.this.notifyAll();
                }
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private void failIfGone() throws IOException {
        if (writesFail) {
            throw new IOException("Broken pipe (the client has gone)");
        }
    }

    private static ServletInputStream input(byte[] bytes) {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        return new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
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
                throw new UnsupportedOperationException();
            }
        };
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(ClientSide.class.getClassLoader(), new Class<?>[] {type},
                (proxy, m, args) -> switch (m.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        Object value = answer.answer(m.getName(), args);
                        if (value == null && m.getReturnType() == boolean.class) {
                            value = false;
                        } else if (value == null && m.getReturnType() == int.class) {
                            value = 0;
                        } else if (value == null && m.getReturnType() == long.class) {
                            value = 0L;
                        }
                        yield value;
                    }
                });
    }
}

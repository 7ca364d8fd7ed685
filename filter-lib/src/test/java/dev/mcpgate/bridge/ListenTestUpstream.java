package dev.mcpgate.bridge;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BridgeUpstream} whose answers a test scripts: every call is recorded in {@link #calls}, and the
 * script answers it with a {@link Answer} (a JSON body, a status, or an SSE stream the test feeds as it goes).
 */
public final class ListenTestUpstream implements BridgeUpstream {

    /** Answers one call. */
    @FunctionalInterface
    public interface Script {
        UpstreamAnswer answer(UpstreamCall call) throws IOException, InterruptedException;
    }

    /** Calls not yet taken by {@link #nextCall}. */
    public final BlockingQueue<UpstreamCall> calls = new LinkedBlockingQueue<>();
    /** Every call, in order. */
    public final java.util.List<UpstreamCall> history = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Script script;

    public ListenTestUpstream(Script script) {
        this.script = script;
    }

    @Override
    public UpstreamAnswer send(UpstreamCall call) throws IOException, InterruptedException {
        history.add(call);
        calls.add(call);
        return script.answer(call);
    }

    /** The next recorded call that matches, within 10 s (others are skipped). */
    public UpstreamCall nextCall(java.util.function.Predicate<UpstreamCall> matching) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            UpstreamCall call = calls.poll(100, TimeUnit.MILLISECONDS);
            if (call != null && matching.test(call)) {
                return call;
            }
        }
        throw new AssertionError("no such upstream call within 10 s");
    }

    @Override
    public void close() {
    }

    public static Answer json(int status, String body) {
        return new Answer(status, "application/json", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    public static Answer status(int status) {
        return new Answer(status, null, new ByteArrayInputStream(new byte[0]));
    }

    /** An SSE answer whose body the test feeds with {@link Answer#push} and ends with {@link Answer#end}. */
    public static Answer stream() {
        return new Answer(200, "text/event-stream", null);
    }

    /** A scripted answer. */
    public static final class Answer implements UpstreamAnswer {

        private static final byte[] EOF = new byte[0];

        private final int status;
        private final String contentType;
        private final InputStream fixed;
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private volatile boolean closed;

        Answer(int status, String contentType, InputStream fixed) {
            this.status = status;
            this.contentType = contentType;
            this.fixed = fixed;
        }

        /** SSE text for the reader. */
        public void push(String text) {
            chunks.add(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The upstream ends the stream. */
        public void end() {
            chunks.add(EOF);
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public Optional<String> header(String name) {
            return "content-type".equals(name.toLowerCase(Locale.ROOT)) ? Optional.ofNullable(contentType)
                    : Optional.empty();
        }

        @Override
        public InputStream body() {
            return fixed != null ? fixed : new InputStream() {
                private byte[] chunk = new byte[0];
                private int at;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    while (at == chunk.length) {
                        if (chunk == EOF) {
                            return -1;
                        }
                        chunk = take();
                        at = 0;
                    }
                    int n = Math.min(len, chunk.length - at);
                    System.arraycopy(chunk, at, b, off, n);
                    at += n;
                    return n;
                }
            };
        }

        private byte[] take() throws IOException {
            try {
                while (!closed) {
                    byte[] next = chunks.poll(20, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        return next;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("closed");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A recorded call's header, by exact name. */
    public static String header(UpstreamCall call, String name) {
        return call.headers().get(name);
    }

    /** Whether a call is a POST whose body has this method. */
    public static boolean isPost(UpstreamCall call, String method) {
        return "POST".equals(call.httpMethod()) && call.body() != null && call.body().contains("\"method\":\"" + method + "\"");
    }

    /** Whether a call is a GET. */
    public static boolean isGet(UpstreamCall call) {
        return "GET".equals(call.httpMethod());
    }

    /** Headers in a map, for readability of assertions. */
    public static Map<String, String> headers(UpstreamCall call) {
        return call.headers();
    }
}

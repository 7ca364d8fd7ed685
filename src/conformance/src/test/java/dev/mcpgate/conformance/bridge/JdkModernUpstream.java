package dev.mcpgate.conformance.bridge;

import dev.mcpgate.bridge.BridgeUpstream;
import dev.mcpgate.bridge.UpstreamAnswer;
import dev.mcpgate.bridge.UpstreamCall;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bridge's way to the 2026-07-28 server in this test: plain HTTP/1.1 with {@code java.net.http}, the
 * body as a stream whose blocked read ends when the answer is closed from another thread (the bridge closes
 * an upstream stream to cancel a call or to re-open a listen).
 */
final class JdkModernUpstream implements BridgeUpstream {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    JdkModernUpstream(URI uri) {
        this.uri = uri;
    }

    @Override
    public UpstreamAnswer send(UpstreamCall call) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        call.headers().forEach(request::header);
        request.method(call.httpMethod(), call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body()));
        try {
            // ofPublisher: the answer is there with its head, the body streams (an SSE answer may never end)
            HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = client.sendAsync(request.build(),
                    HttpResponse.BodyHandlers.ofPublisher()).get(60, TimeUnit.SECONDS);
            Body body = new Body();
            response.body().subscribe(body);
            return new Answer(response, body);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("upstream call failed: " + e, e);
        }
    }

    @Override
    public void close() {
        // the HttpClient's threads end with the JVM of the test
    }

    private record Answer(HttpResponse<?> response, Body stream) implements UpstreamAnswer {
        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        @Override
        public InputStream body() {
            return stream;
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    /** The body's buffers as they arrive; a read blocks for the next, and fails once closed. */
    private static final class Body extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
        private static final ByteBuffer END = ByteBuffer.allocate(0);
        private static final ByteBuffer CLOSED = ByteBuffer.allocate(0);
        private final LinkedBlockingQueue<ByteBuffer> buffers = new LinkedBlockingQueue<>();
        private volatile Flow.Subscription subscription;
        private volatile boolean closed;
        private ByteBuffer current = ByteBuffer.allocate(0);
        private boolean ended;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (closed) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            buffers.addAll(items);
        }

        @Override
        public void onError(Throwable t) {
            buffers.add(CLOSED);
        }

        @Override
        public void onComplete() {
            buffers.add(END);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!current.hasRemaining()) {
                if (ended) {
                    return -1;
                }
                ByteBuffer next;
                try {
                    next = buffers.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                if (next == CLOSED || closed) {
                    throw new IOException("closed");
                }
                if (next == END) {
                    ended = true;
                    return -1;
                }
                current = next;
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        @Override
        public void close() {
            closed = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            buffers.add(CLOSED);
        }
    }
}

package dev.mcpgate.bridge;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** What a translator answered the client: a JSON body, an empty status, or SSE messages as they come. */
final class RecordedAnswer implements ClientAnswer {

    volatile int status;
    volatile JsonObject json;
    volatile Map<String, String> headers = Map.of();
    volatile String kind;
    final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    final CountDownLatch done = new CountDownLatch(1);
    volatile int keepAlives;
    volatile boolean clientGone;

    @Override
    public void json(int status, JsonObject message, Map<String, String> headers) {
        this.kind = "json";
        this.status = status;
        this.json = message;
        this.headers = headers;
        done.countDown();
    }

    @Override
    public void empty(int status, Map<String, String> headers) {
        this.kind = "empty";
        this.status = status;
        this.headers = headers;
        done.countDown();
    }

    @Override
    public SseSink sse(int status, Map<String, String> headers) {
        this.kind = "sse";
        this.status = status;
        this.headers = headers;
        return new SseSink() {
            @Override
            public void message(String id, JsonObject message) throws IOException {
                if (clientGone) {
                    throw new IOException("client gone");
                }
                events.add(message);
            }

            @Override
            public void keepAlive() throws IOException {
                if (clientGone) {
                    throw new IOException("client gone");
                }
                keepAlives++;
            }

            @Override
            public boolean open() {
                return !clientGone && done.getCount() > 0;
            }

            @Override
            public void close() {
                done.countDown();
            }
        };
    }

    /** The next SSE message, waiting for it up to 10 s. */
    JsonObject next() throws InterruptedException {
        JsonObject message = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "an SSE message within 10 s");
        return message;
    }

    /** Waits until the answer is complete (a body, a status, or the stream closed). */
    RecordedAnswer await() throws InterruptedException {
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the answer did not complete within 10 s");
        }
        return this;
    }

    boolean complete() {
        return done.getCount() == 0;
    }
}

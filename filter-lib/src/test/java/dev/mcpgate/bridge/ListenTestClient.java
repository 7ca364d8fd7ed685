package dev.mcpgate.bridge;

import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.security.Principal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client's side of one bridged exchange in a test: a {@link ClientCall} carrying one POSTed message and a
 * {@link ClientAnswer} that records what the translator wrote ({@link #messages}: the JSON answer or each SSE
 * message, in order). {@link #leave()} plays a client that closed its stream.
 */
public final class ListenTestClient implements ClientCall, ClientAnswer {

    public final BlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    public final AtomicInteger keepAlives = new AtomicInteger();
    private final JsonObject message;
    private final Map<String, String> headers;
    private volatile int status;
    private volatile Map<String, String> answerHeaders = Map.of();
    private volatile boolean gone;
    private volatile boolean closed;

    public ListenTestClient(String json, Map<String, String> headers) {
        this.message = Json.createReader(new StringReader(json)).readObject();
        this.headers = headers;
    }

    /** A subscriptions/listen with the given id (JSON text) and notifications filter (JSON text). */
    public static ListenTestClient listen(String id, String filter) {
        return new ListenTestClient("""
                {"jsonrpc":"2.0","id":%s,"method":"subscriptions/listen","params":{"_meta":{
                "io.modelcontextprotocol/protocolVersion":"2026-07-28",
                "io.modelcontextprotocol/clientInfo":{"name":"listen-test","version":"1.0"},
                "io.modelcontextprotocol/clientCapabilities":{}},"notifications":%s}}""".formatted(id, filter),
                Map.of("authorization", "Bearer listen-test"));
    }

    /** The next message written, within 10 s. */
    public JsonObject next() throws InterruptedException {
        JsonObject next = messages.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("no message within 10 s");
        }
        return next;
    }

    /** The client closes its stream: the next write fails. */
    public void leave() {
        gone = true;
    }

    public int status() {
        return status;
    }

    public Map<String, String> answerHeaders() {
        return answerHeaders;
    }

    public boolean closed() {
        return closed;
    }

    // ----------------------------------------------------------------------------------------- ClientCall

    @Override
    public String httpMethod() {
        return "POST";
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Optional<JsonObject> message() {
        return Optional.of(message);
    }

    @Override
    public Era era() {
        return Era.MODERN;
    }

    @Override
    public Principal principal() {
        return null;
    }

    // --------------------------------------------------------------------------------------- ClientAnswer

    @Override
    public void json(int status, JsonObject answer, Map<String, String> headers) {
        this.status = status;
        this.answerHeaders = headers;
        messages.add(answer);
        closed = true;
    }

    @Override
    public void empty(int status, Map<String, String> headers) {
        this.status = status;
        this.answerHeaders = headers;
        closed = true;
    }

    @Override
    public SseSink sse(int status, Map<String, String> headers) {
        this.status = status;
        this.answerHeaders = headers;
        return new SseSink() {
            @Override
            public void message(String id, JsonObject message) throws IOException {
                check();
                messages.add(message);
            }

            @Override
            public void keepAlive() throws IOException {
                check();
                keepAlives.incrementAndGet();
            }

            @Override
            public boolean open() {
                return !gone && !closed;
            }

            @Override
            public void close() {
                closed = true;
            }
        };
    }

    private void check() throws IOException {
        if (gone || closed) {
            throw new IOException("the client has gone");
        }
    }
}

package dev.mcpgate.it.bridge;

import dev.mcpgate.bridge.BridgeUpstream;
import dev.mcpgate.bridge.ClientAnswer;
import dev.mcpgate.bridge.ClientCall;
import dev.mcpgate.bridge.EraTranslator;
import dev.mcpgate.bridge.MetaKeys;
import dev.mcpgate.bridge.UpstreamAnswer;
import dev.mcpgate.bridge.UpstreamCall;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test translator for 2026-07-28 clients of a legacy server, just enough to prove the bridge's spine: per
 * call, a fresh upstream session (initialize, notifications/initialized), the call in it, the answer with
 * {@code resultType: "complete"}, then DELETE. Everything goes through the {@link BridgeUpstream} the filter
 * gave it (so the legs are observed), and the answer through the {@link ClientAnswer}.
 */
final class InitializingTranslator implements EraTranslator {

    /** Released by a {@code release/listens} call: ends the streams held so far. */
    private static final AtomicReference<CountDownLatch> LISTENS = new AtomicReference<>(new CountDownLatch(1));

    private final BridgeUpstream upstream;

    InitializingTranslator(BridgeUpstream upstream) {
        this.upstream = upstream;
    }

    @Override
    public void handle(ClientCall call, ClientAnswer answer) throws IOException, InterruptedException {
        JsonObject message = call.message().orElseThrow(() -> new IOException("no message"));
        if ("boom/translator".equals(message.getString("method", ""))) {
            throw new IllegalStateException("the test translator fails on purpose");
        }
        if ("subscriptions/listen".equals(message.getString("method", ""))) {
            holdStream(answer);
            return;
        }
        if ("release/listens".equals(message.getString("method", ""))) {
            LISTENS.getAndSet(new CountDownLatch(1)).countDown();
            answer.json(200, Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", message.get("id"))
                    .add("result", Json.createObjectBuilder()).build(), Map.of());
            return;
        }
        String sessionId;
        try (UpstreamAnswer init = upstream.send(UpstreamCall.post(headers(null), initialize()))) {
            sessionId = init.header("Mcp-Session-Id").orElseThrow(() -> new IOException("no session id"));
            read(init);
        }
        try (UpstreamAnswer initialized = upstream.send(UpstreamCall.post(headers(sessionId),
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))) {
            initialized.body().readAllBytes();
        }
        JsonObjectBuilder forwarded = Json.createObjectBuilder(message);
        if (message.containsKey("params")) {
            forwarded.add("params", Json.createObjectBuilder(message.getJsonObject("params")).remove("_meta"));
        }
        JsonObject reply;
        try (UpstreamAnswer result = upstream.send(UpstreamCall.post(headers(sessionId), forwarded.build().toString()))) {
            reply = read(result);
        }
        try (UpstreamAnswer deleted = upstream.send(new UpstreamCall("DELETE", Map.of("Mcp-Session-Id", sessionId,
                "MCP-Protocol-Version", MetaKeys.LEGACY_VERSION), null))) {
            deleted.body().readAllBytes();
        }
        if (reply.containsKey("result")) {
            reply = Json.createObjectBuilder(reply).add("result", Json.createObjectBuilder(reply.getJsonObject("result"))
                    .add("resultType", "complete")).build();
        }
        answer.json(200, reply, Map.of());
    }

    /** A stand-in for a listen: an open event stream until {@code release/listens} (or 60 s) ends it. */
    private static void holdStream(ClientAnswer answer) throws IOException, InterruptedException {
        CountDownLatch released = LISTENS.get();
        try (ClientAnswer.SseSink sink = answer.sse(200, Map.of())) {
            released.await(60, TimeUnit.SECONDS);
        }
    }

    private static Map<String, String> headers(String sessionId) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            headers.put("Mcp-Session-Id", sessionId);
            headers.put("MCP-Protocol-Version", MetaKeys.LEGACY_VERSION);
        }
        return headers;
    }

    private static String initialize() {
        return Json.createObjectBuilder().add("jsonrpc", "2.0").add("id", "bridge-init").add("method", "initialize")
                .add("params", Json.createObjectBuilder().add("protocolVersion", MetaKeys.LEGACY_VERSION)
                        .add("capabilities", Json.createObjectBuilder())
                        .add("clientInfo", Json.createObjectBuilder().add("name", "bridge-it").add("version", "1")))
                .build().toString();
    }

    /** The JSON-RPC response of a JSON or event-stream answer. */
    private static JsonObject read(UpstreamAnswer answer) throws IOException {
        String body = new String(answer.body().readAllBytes(), StandardCharsets.UTF_8);
        String json = body;
        if (answer.mediaType().equals("text/event-stream")) {
            json = body.lines().filter(line -> line.startsWith("data:") && line.contains("\"id\""))
                    .map(line -> line.substring(5).trim()).reduce((first, second) -> second)
                    .orElseThrow(() -> new IOException("no response in the stream: " + body));
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Override
    public void close() {
    }
}

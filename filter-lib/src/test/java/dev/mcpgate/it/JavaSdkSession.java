package dev.mcpgate.it;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * An MCP Java SDK client session (the real peer), plus what it put on the wire as seen from its
 * request customizer: the {@code Mcp-Session-Id} values it sent, and every POSTed JSON-RPC message
 * (method, id, exact body length). The tests compare the filter's events with these.
 */
public final class JavaSdkSession implements AutoCloseable {

    /**
     * A JSON-RPC message the client POSTed.
     *
     * @param method    the JSON-RPC method, {@code null} for a response the client sent
     * @param jsonRpcId the id as text, {@code null} for a notification
     * @param target    {@code params.name} (the tool of a {@code tools/call}), or {@code null}
     * @param bodyBytes the exact size of the request body
     */
    public record Sent(String method, String jsonRpcId, String target, long bodyBytes) {
    }

    private final McpSyncClient client;
    private final Set<String> sessionIdsSent = ConcurrentHashMap.newKeySet();
    private final List<Sent> posted = new ArrayList<>();
    private final List<String> httpMethods = new ArrayList<>();

    private JavaSdkSession(URL deploymentUrl, String endpointPath, McpSchema.Implementation clientInfo,
            Consumer<McpSchema.ProgressNotification> progress, Duration requestTimeout) {
        URI base = URI.create(deploymentUrl.toString());
        String origin = base.getScheme() + "://" + base.getAuthority();
        String endpoint = base.getPath().replaceAll("/$", "") + endpointPath;
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(origin)
                .endpoint(endpoint)
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .addHttpRequestCustomizer((builder, method, uri, body, context) -> record(builder, method, body))
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport)
                .clientInfo(clientInfo)
                .requestTimeout(requestTimeout);
        if (progress != null) {
            spec.progressConsumer(progress);
        }
        this.client = spec.build();
    }

    /** A client (not yet initialized) for {@code endpointPath} below the deployment's context path. */
    public static JavaSdkSession create(URL deploymentUrl, String endpointPath, String clientName,
            String clientVersion, Consumer<McpSchema.ProgressNotification> progress) {
        return create(deploymentUrl, endpointPath, clientName, clientVersion, progress, Duration.ofSeconds(30));
    }

    /** As {@link #create(URL, String, String, String, Consumer)}, with the client's request timeout. */
    public static JavaSdkSession create(URL deploymentUrl, String endpointPath, String clientName,
            String clientVersion, Consumer<McpSchema.ProgressNotification> progress, Duration requestTimeout) {
        return new JavaSdkSession(deploymentUrl, endpointPath,
                McpSchema.Implementation.builder(clientName, clientVersion).build(), progress, requestTimeout);
    }

    public McpSyncClient client() {
        return client;
    }

    /** The one session id the client sent; fails when it sent none or several. */
    public String sessionId() {
        if (sessionIdsSent.size() != 1) {
            throw new AssertionError("expected the client to use exactly one Mcp-Session-Id, it sent " + sessionIdsSent);
        }
        return sessionIdsSent.iterator().next();
    }

    public Set<String> sessionIdsSent() {
        return Set.copyOf(sessionIdsSent);
    }

    /** The JSON-RPC messages POSTed so far, in order. */
    public List<Sent> posted() {
        synchronized (posted) {
            return List.copyOf(posted);
        }
    }

    /** The HTTP methods of the requests sent so far, in order. */
    public List<String> httpMethods() {
        synchronized (posted) {
            return List.copyOf(httpMethods);
        }
    }


    private void record(java.net.http.HttpRequest.Builder builder, String method, String body) {
        builder.copy().build().headers().firstValue("Mcp-Session-Id").ifPresent(sessionIdsSent::add);
        synchronized (posted) {
            httpMethods.add(method);
            if ("POST".equals(method) && body != null) {
                JsonObject message = EventLog.parse(body).asJsonObject();
                JsonValue id = message.get("id");
                String idText = id == null || id == JsonValue.NULL ? null
                        : id instanceof JsonString s ? s.getString() : id.toString();
                JsonValue params = message.get("params");
                String target = params instanceof JsonObject p && p.get("name") instanceof JsonString n
                        ? n.getString() : null;
                posted.add(new Sent(message.getString("method", null), idText, target,
                        body.getBytes(StandardCharsets.UTF_8).length));
            }
        }
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}

package dev.mcpgate.gateway.it;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** An MCP Java SDK 2.1.0 client on {@code /mcp} of a deployment, remembering the session id it used. */
final class McpSdkClient implements AutoCloseable {

    private final McpSyncClient client;
    private final Set<String> sessionIds = ConcurrentHashMap.newKeySet();

    McpSdkClient(URL deployment, String clientName, Consumer<McpSchema.ProgressNotification> progress) {
        URI base = URI.create(deployment.toString());
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(base.getScheme() + "://" + base.getAuthority())
                .endpoint(base.getPath().replaceAll("/$", "") + "/mcp")
                .clientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1))
                .addHttpRequestCustomizer((builder, method, uri, body, context) ->
                        builder.copy().build().headers().firstValue("Mcp-Session-Id").ifPresent(sessionIds::add))
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport)
                .clientInfo(McpSchema.Implementation.builder(clientName, "1.0.0").build())
                .requestTimeout(Duration.ofSeconds(30));
        if (progress != null) {
            spec.progressConsumer(progress);
        }
        client = spec.build();
    }

    /** One short session (initialize, ping, DELETE): the endpoint is up and its filter started. */
    static void ping(URL deployment) {
        try (McpSdkClient client = new McpSdkClient(deployment, "war-it-ping", null)) {
            client.client().initialize();
            client.client().ping();
        }
    }

    McpSyncClient client() {
        return client;
    }

    /** The one session id the client sent. */
    String sessionId() {
        if (sessionIds.size() != 1) {
            throw new AssertionError("expected exactly one Mcp-Session-Id, the client sent " + sessionIds);
        }
        return sessionIds.iterator().next();
    }

    @Override
    public void close() {
        client.closeGracefully(); // DELETE of the session
    }
}

package dev.mcpgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The alternative load client ({@code -Dbench.client=jdk}): {@code java.net.http.HttpClient}
 * forced to HTTP/1.1, one client (one keep-alive connection) per session thread. Kept to compare
 * client noise with {@link HttpConn}.
 */
final class JdkConn implements LoadRun.Conn {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    JdkConn(String host, int port) {
        this.base = "http://" + host + ":" + port;
    }

    @Override
    public HttpConn.Response exchange(String method, String path, String sessionId, byte[] body) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            b.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-06-18");
        }
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new HttpConn.Response(r.statusCode(), r.headers().firstValue("mcp-session-id").orElse(null),
                    r.headers().firstValue("content-type").orElse(null), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        // HttpClient (Java 17) has no close; its connection goes idle and times out
    }
}

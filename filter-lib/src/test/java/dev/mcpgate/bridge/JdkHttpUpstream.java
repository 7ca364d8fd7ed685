package dev.mcpgate.bridge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A plain java.net.http BridgeUpstream (HTTP/1.1) to one URL: what the tests reach a real legacy server with. A GET
 * (a session's stream, which may stay silent for long) has no timeout; other calls have the one given.
 */
public final class JdkHttpUpstream implements BridgeUpstream {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;
    private final Duration timeout;

    public JdkHttpUpstream(URI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
    }

    @Override
    public UpstreamAnswer send(UpstreamCall call) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(call.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(call.httpMethod(), body);
        for (Map.Entry<String, String> header : call.headers().entrySet()) {
            request.header(header.getKey(), header.getValue());
        }
        if (!"GET".equals(call.httpMethod())) {
            request.timeout(timeout);
        }
        return new LoopbackUpstream.Answer(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    @Override
    public void close() {
        // the shared client's connections end with it
    }
}

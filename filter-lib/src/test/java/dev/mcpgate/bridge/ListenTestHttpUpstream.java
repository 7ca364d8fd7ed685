package dev.mcpgate.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link BridgeUpstream} over plain {@code java.net.http} (HTTP/1.1) to one MCP endpoint URL, for tests
 * against a real server: a POST's head is awaited at most 30 s, a GET's without limit (the MCP Java SDK 2.1.0
 * sends a GET stream's head only with its first event).
 */
public final class ListenTestHttpUpstream implements BridgeUpstream {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;

    public ListenTestHttpUpstream(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public UpstreamAnswer send(UpstreamCall call) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).method(call.httpMethod(),
                call.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(call.body()));
        call.headers().forEach(request::header);
        if (!"GET".equals(call.httpMethod())) {
            request.timeout(Duration.ofSeconds(30));
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new UpstreamAnswer() {
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
                return response.body();
            }

            @Override
            public void close() {
                try {
                    response.body().close();
                } catch (IOException ignored) {
                    // closing is all that is asked
                }
            }
        };
    }

    @Override
    public void close() {
    }
}

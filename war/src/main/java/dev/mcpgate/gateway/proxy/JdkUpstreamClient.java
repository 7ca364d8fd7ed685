package dev.mcpgate.gateway.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * {@code upstream-client=jdk}: the JDK's {@link HttpClient} (HTTP/1.1, no redirects), its own tasks
 * on the gateway's pool. The blocking {@link HttpClient#send} and not {@code sendAsync}:
 * {@code sendAsync} hands every answer to {@code CompletableFuture}'s default executor before its
 * dependants run, and where the common pool has fewer than two threads (machines with one or two
 * CPUs) that executor starts a new thread per task, so a new thread per proxied request. A call is
 * cancelled by interrupting the thread blocked in {@code send}, which cancels the exchange.
 */
final class JdkUpstreamClient implements UpstreamClient {

    private final HttpClient client;

    JdkUpstreamClient(UpstreamSettings settings, Executor threads) {
        client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt: MCP servers speak HTTP/1.1
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(threads)
                .build();
    }

    @Override
    public Call prepare(UpstreamRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.target())
                .timeout(request.idleTimeout())
                .method(request.method(), publisher(request));
        for (Map.Entry<String, String> header : request.headers()) {
            builder.header(header.getKey(), header.getValue());
        }
        return new JdkCall(builder.build());
    }

    private static HttpRequest.BodyPublisher publisher(UpstreamRequest request) {
        if (!request.streamed()) {
            return request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(request.body());
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(request::stream);
        return request.length() > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, request.length()) : stream;
    }

    /** Nothing to close: the client's tasks run on the gateway's pool, which ends with the servlet. */
    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its selector thread ends once unreferenced
    }

    private final class JdkCall implements Call {

        private final HttpRequest request;
        /** The thread blocked in send(), to interrupt; guarded by this. */
        private Thread caller;
        private boolean cancelled;

        JdkCall(HttpRequest request) {
            this.request = request;
        }

        @Override
        public Answer send() throws IOException, InterruptedException {
            synchronized (this) {
                if (cancelled) {
                    throw new IOException("the upstream call was cancelled");
                }
                caller = Thread.currentThread();
            }
            try {
                return new JdkAnswer(client.send(request, HttpResponse.BodyHandlers.ofInputStream()));
            } catch (HttpConnectTimeoutException e) {
                throw e;
            } catch (HttpTimeoutException e) {
                throw new UpstreamSilentException(e);
            } finally {
                synchronized (this) {
                    caller = null;
                    Thread.interrupted(); // an interrupt that came late is not for the relay or the next task
                }
            }
        }

        @Override
        public synchronized void cancel() {
            cancelled = true;
            if (caller != null) {
                caller.interrupt(); // send() cancels the exchange when interrupted
            }
        }
    }

    private record JdkAnswer(HttpResponse<InputStream> response) implements Answer {

        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public Map<String, List<String>> headers() {
            return response.headers().map();
        }

        @Override
        public List<String> headers(String name) {
            return response.headers().allValues(name);
        }

        @Override
        public InputStream body() {
            return response.body();
        }

        @Override
        public void close() {
            try {
                response.body().close(); // cancels the body subscription; an unfinished one closes its connection
            } catch (IOException e) {
                System.getLogger(JdkUpstreamClient.class.getName()).log(System.Logger.Level.DEBUG,
                        "closing an upstream answer failed", e);
            }
        }
    }
}

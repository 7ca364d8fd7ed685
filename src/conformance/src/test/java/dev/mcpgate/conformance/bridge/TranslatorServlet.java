package dev.mcpgate.conformance.bridge;

import dev.mcpgate.bridge.ClientAnswer;
import dev.mcpgate.bridge.ClientCall;
import dev.mcpgate.bridge.EraTranslator;
import dev.mcpgate.protocol.Era;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stand-in for the filter's bridge spine (helper A's part) in this test: every request goes async to a
 * translator on a thread of its own, with a {@link ClientCall} read from the request and a {@link ClientAnswer}
 * writing the response.
 */
final class TranslatorServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient EraTranslator translator;
    private final transient ExecutorService threads;

    TranslatorServlet(EraTranslator translator, ExecutorService threads) {
        this.translator = translator;
        this.threads = threads;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String text = "POST".equals(request.getMethod())
                ? new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : null;
        JsonObject message = text == null ? null : Json.createReader(new StringReader(text)).readObject();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        Answer answer = new Answer(async, response);
        Call call = new Call(request.getMethod(), request, message);
        threads.execute(() -> {
            try {
                translator.handle(call, answer);
            } catch (Exception e) {
                answer.failed(e);
            } finally {
                answer.end();
            }
        });
    }

    /** The request's fields, read on the container thread (the request object is not used after). */
    private static final class Call implements ClientCall {
        private final String method;
        private final Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final JsonObject message;

        Call(String method, HttpServletRequest request, JsonObject message) {
            this.method = method;
            this.message = message;
            for (String name : java.util.Collections.list(request.getHeaderNames())) {
                headers.put(name, request.getHeader(name));
            }
        }

        @Override
        public String httpMethod() {
            return method;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        @Override
        public Optional<JsonObject> message() {
            return Optional.ofNullable(message);
        }

        @Override
        public Era era() {
            return Era.LEGACY;
        }

        @Override
        public Principal principal() {
            return null;
        }
    }

    private static final class Answer implements ClientAnswer {
        private final AsyncContext async;
        private final HttpServletResponse response;
        private final AtomicBoolean streaming = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();

        Answer(AsyncContext async, HttpServletResponse response) {
            this.async = async;
            this.response = response;
        }

        @Override
        public void json(int status, JsonObject message, Map<String, String> headers) throws IOException {
            response.setStatus(status);
            headers.forEach(response::setHeader);
            response.setContentType("application/json");
            response.getOutputStream().write(message.toString().getBytes(StandardCharsets.UTF_8));
            end();
        }

        @Override
        public void empty(int status, Map<String, String> headers) {
            response.setStatus(status);
            headers.forEach(response::setHeader);
            end();
        }

        @Override
        public SseSink sse(int status, Map<String, String> headers) throws IOException {
            streaming.set(true);
            response.setStatus(status);
            headers.forEach(response::setHeader);
            response.setContentType("text/event-stream");
            response.flushBuffer();
            return new SseSink() {
                @Override
                public synchronized void message(String id, JsonObject message) throws IOException {
                    write("event: message\ndata: " + message + "\n\n");
                }

                @Override
                public synchronized void keepAlive() throws IOException {
                    write(":\n\n");
                }

                @Override
                public boolean open() {
                    return !ended.get();
                }

                @Override
                public void close() {
                    end();
                }
            };
        }

        private void write(String text) throws IOException {
            if (ended.get()) {
                throw new IOException("the answer has ended");
            }
            response.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
        }

        void failed(Exception e) {
            if (!streaming.get() && !ended.get() && !response.isCommitted()) {
                response.setStatus(500);
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                async.complete();
            }
        }
    }
}

package dev.mcpgate.it.deployment;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Answers as servlets answer in the wild, chosen by the query parameter {@code answer}: HTML error
 * pages, serialized exceptions, empty error bodies, {@code sendError}, a JSON-RPC error, a thrown
 * exception — synchronously and from another thread after {@code startAsync} — and a
 * deterministic SSE stream whose second event waits for {@code GET /hygiene-release}.
 */
public class HygieneProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    public static final String HTML_PAGE = "<!doctype html><html><head><title>Error</title><style>h1 {color:red}</style>"
            + "</head><body><h1>HTTP Status 404</h1><pre>java.lang.IllegalStateException: no such thing\n"
            + "\tat com.example.Secret.lookup(Secret.java:42)</pre></body></html>";
    public static final String EXCEPTION_JSON = "{\"stackTrace\":[{\"methodName\":\"run\",\"lineNumber\":7,"
            + "\"className\":\"com.example.Worker\"}],\"message\":\"database at jdbc:postgresql://db/x?password=hunter2 down\"}";
    public static final String JSON_RPC_ERROR =
            "{\"jsonrpc\":\"2.0\",\"id\":\"keep-me\",\"error\":{\"code\":-32602,\"message\":\"Unknown tool: nope\",\"data\":{\"é\":[1,2]}}}";
    public static final String SSE_FIRST = "id: 1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
            + "\"notifications/progress\",\"params\":{\"progressToken\":\"t\",\"progress\":1}}\n\n";
    public static final String SSE_SECOND = "id: 2\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":\"sse-1\","
            + "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ünïcode ✓\"}]}}\n\n";

    private static final AtomicReference<CountDownLatch> RELEASE = new AtomicReference<>(new CountDownLatch(1));

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String answer = String.valueOf(request.getParameter("answer"));
        switch (answer) {
            case "html404" -> html(response, 404);
            case "jsonrpc400" -> {
                response.setStatus(400);
                response.setContentType("application/json");
                response.getOutputStream().write(JSON_RPC_ERROR.getBytes(StandardCharsets.UTF_8));
            }
            case "empty502" -> response.setStatus(502);
            case "throw500" -> throw new IllegalStateException("boom at jdbc:postgresql://db/x?password=hunter2");
            case "async-html500" -> async(request, () -> html(response, 500));
            case "async-exception400" -> async(request, () -> {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                response.setStatus(400);
                PrintWriter writer = response.getWriter();
                writer.write(EXCEPTION_JSON);
                writer.flush();
            });
            case "async-sendError503" -> async(request, () -> response.sendError(503, "Server is shutting down"));
            case "sse" -> sse(request, response);
            default -> {
                response.setContentType("text/plain");
                response.getWriter().write("ok");
            }
        }
    }

    private static void html(HttpServletResponse response, int status) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        writer.write(HTML_PAGE.substring(0, 50));
        writer.flush();
        writer.write(HTML_PAGE.substring(50));
    }

    /** Answers on another thread, then completes: the MCP Java SDK's pattern. */
    private static void async(HttpServletRequest request, IoStep step) {
        AsyncContext context = request.startAsync();
        context.start(() -> {
            try {
                step.run();
            } catch (IOException e) {
                // the client went away
            } finally {
                context.complete();
            }
        });
    }

    private static void sse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        RELEASE.set(release);
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        AsyncContext context = request.startAsync();
        context.setTimeout(60_000);
        PrintWriter writer = response.getWriter();
        writer.write(SSE_FIRST);
        writer.flush();
        context.start(() -> {
            try {
                if (release.await(30, TimeUnit.SECONDS)) {
                    writer.write(SSE_SECOND);
                    writer.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                context.complete();
            }
        });
    }

    private interface IoStep {
        void run() throws IOException;
    }

    /** {@code GET /hygiene-release}: lets the waiting SSE probe write its second event. */
    public static class Release extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) {
            RELEASE.get().countDown();
            response.setStatus(204);
        }
    }
}

package dev.mcpgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.guard.GuardLevel;
import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.JsonRpcEnvelope;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Error hygiene on the response wrapper, against a container response that shows what the client got. */
class ErrorHygieneTest {

    private static final String SESSION = "5f0c1b2a-session-id";
    /** What MCP Java SDK 2.1.0 writes for a request without a session id (abridged). */
    private static final String SDK_EXCEPTION = "{\"stackTrace\":[{\"methodName\":\"doPost\",\"lineNumber\":412,"
            + "\"className\":\"io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider\"}],"
            + "\"jsonRpcError\":{\"code\":-32601,\"message\":\"Session ID required in mcp-session-id header\"},"
            + "\"message\":\"Session ID required in mcp-session-id header\"}";
    private static final String REPLACEMENT_400 =
            "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"error\":{\"code\":-32600,\"message\":\"HTTP 400 Bad Request\"}}";
    private static final String JSON_RPC_ERROR =
            "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"error\":{\"code\":-32602,\"message\":\"Unknown tool: nope\"}}";

    private final FakeResponse client = new FakeResponse();
    private final GateMetrics metrics = new GateMetrics();
    private final ResponseTap tap = new ResponseTap(client.response::getContentType, "r-1", 1 << 20, 4096, metrics);
    private final ObservedResponse response = new ObservedResponse(client.response, tap);

    private ErrorHygiene hygiene(GuardLevel level, int maxHeld) {
        JsonRpcEnvelope request = EnvelopeReader.read(
                "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\"}}");
        response.checkErrorBodies(level, request, SESSION, maxHeld);
        return response.hygiene();
    }

    @Test
    void aSuccessfulAnswerPassesEveryWriteAndFlushAtOnceAfterOneStatusCheck() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setContentType("text/event-stream");
        PrintWriter writer = response.getWriter();
        writer.write("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n");
        writer.flush();
        assertTrue(hygiene.passing, "decided at the first write");
        assertEquals("event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n",
                client.sentText(), "the first event reached the client at its flush");
        writer.write("data: {}\n\n");
        writer.flush();
        assertTrue(client.sentText().endsWith("data: {}\n\n"));
        assertFalse(hygiene.found());
    }

    @Test
    void anErrorStatusOnAnEventStreamIsNeverHeldBack() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setStatus(409);
        response.setContentType("text/event-stream");
        ServletOutputStream out = response.getOutputStream();
        out.write("data: x\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals("data: x\n\n", client.sentText());
        assertTrue(hygiene.passing);
    }

    @Test
    void theSdksSerializedExceptionIsReplacedBeforeItsFlushCanCommitIt() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setStatus(400);
        PrintWriter writer = response.getWriter();
        writer.write(SDK_EXCEPTION.substring(0, 40));
        writer.flush();
        assertEquals("", client.sentText(), "held, the flush swallowed");
        assertFalse(client.committed);
        writer.write(SDK_EXCEPTION.substring(40));
        writer.flush();
        client.finish();
        assertEquals(REPLACEMENT_400, client.sentText());
        assertEquals(400, client.status);
        assertEquals("application/json", client.contentType);
        assertEquals(REPLACEMENT_400.length(), client.contentLength);
        assertTrue(hygiene.found());
        assertTrue(hygiene.replaced());
        String row = hygiene.rowMessage();
        assertTrue(row.startsWith("error body replaced (application/json;charset=UTF-8, " + SDK_EXCEPTION.length()
                + " chars): {\"stackTrace\":[…],\"jsonRpcError\":{\"code\":-32601,\"message\":\"Session ID required"), row);
        tap.finish();
        assertEquals("r-1", tap.answer() == null ? null : tap.answer().id(), "the tap saw what the client got");
    }

    @Test
    void aJsonRpcErrorBodyPassesUnchangedByteForByte() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setContentType("application/json");
        response.setStatus(400);
        ServletOutputStream out = response.getOutputStream();
        byte[] body = JSON_RPC_ERROR.getBytes(StandardCharsets.UTF_8);
        out.write(body, 0, 10);
        out.flush();
        assertEquals("", client.sentText());
        out.write(body, 10, body.length - 10);
        out.flush();
        assertEquals(JSON_RPC_ERROR, client.sentText());
        assertTrue(hygiene.passing);
        assertFalse(hygiene.found());
        assertNull(client.contentLength);
    }

    @Test
    void anHtmlPageIsReplacedAtItsFirstByteAndTheRestIsDropped() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setStatus(404);
        response.setContentType("text/html;charset=utf-8");
        ServletOutputStream out = response.getOutputStream();
        out.write("<html><body><h1>Not".getBytes(StandardCharsets.UTF_8));
        assertEquals(404, client.status);
        assertTrue(client.sentText().contains("\"HTTP 404 Not Found\""), "answered at the first byte");
        out.write(" Found</h1><pre>java.lang.IllegalStateException at Foo.bar(Foo.java:1)</pre></body></html>"
                .getBytes(StandardCharsets.UTF_8));
        out.close();
        client.finish();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"error\":{\"code\":-32600,\"message\":\"HTTP 404 Not Found\"}}",
                client.sentText());
        assertTrue(hygiene.rowMessage().contains("Not Found java.lang.IllegalStateException at Foo.bar"),
                hygiene.rowMessage());
    }

    @Test
    void sendErrorIsAnsweredAsJsonRpcAndNeverReachesTheContainersErrorPage() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setHeader("Allow", "GET, POST, DELETE");
        response.sendError(405, "Method PUT is not supported by this URL");
        assertEquals(List.of(), client.sendErrors);
        assertEquals(405, client.status);
        assertEquals("GET, POST, DELETE", client.headers.get("Allow"), "the servlet's headers stay");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"error\":{\"code\":-32600,\"message\":\"HTTP 405 Method Not Allowed\"}}",
                client.sentText());
        assertTrue(hygiene.rowMessage().endsWith("sendError(405): Method PUT is not supported by this URL"),
                hygiene.rowMessage());
    }

    @Test
    void anErrorWithoutABodyIsAnsweredWhenTheExchangeEnds() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setStatus(502);
        hygiene.end();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"error\":{\"code\":-32603,\"message\":\"HTTP 502 Bad Gateway\"}}",
                client.sentText());
        assertTrue(hygiene.rowMessage().endsWith("(no content type, 0 bytes): (empty)"), hygiene.rowMessage());
    }

    @Test
    void reportChangesNothingAndRecordsTheBody() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.REPORT, 1024);
        response.setStatus(404);
        response.setContentType("text/html");
        PrintWriter writer = response.getWriter();
        writer.write("<html><body>Session 5f0c1b2a-session-id not found</body></html>");
        writer.flush();
        assertEquals("<html><body>Session 5f0c1b2a-session-id not found</body></html>", client.sentText());
        hygiene.end();
        assertTrue(hygiene.found());
        assertFalse(hygiene.replaced());
        assertTrue(hygiene.rowMessage().startsWith("error body not JSON-RPC (text/html, 63 chars): "),
                hygiene.rowMessage());
        assertTrue(hygiene.rowMessage().endsWith("Session *** not found"), hygiene.rowMessage());

        FakeResponse other = new FakeResponse();
        ObservedResponse reported = new ObservedResponse(other.response, tap);
        reported.checkErrorBodies(GuardLevel.REPORT, null, null, 1024);
        reported.sendError(404);
        assertEquals(List.of("404"), other.sendErrors, "the container renders its page");
        assertTrue(reported.hygiene().found());
    }

    @Test
    void aJsonBodyLongerThanTheBoundIsJudgedByItsBeginning() throws IOException {
        String data = "x".repeat(5000);
        String longError = "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"error\":{\"code\":-32603,\"message\":\"m\",\"data\":\""
                + data + "\"}}";
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setStatus(500);
        response.setContentType("application/json");
        ServletOutputStream out = response.getOutputStream();
        byte[] body = longError.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < body.length; i += 100) {
            out.write(body, i, Math.min(100, body.length - i));
        }
        client.finish();
        assertEquals(longError, client.sentText(), "released whole, in order");
        assertFalse(hygiene.found());

        FakeResponse other = new FakeResponse();
        ObservedResponse second = new ObservedResponse(other.response, tap);
        second.checkErrorBodies(GuardLevel.ENFORCE, null, null, 1024);
        second.setStatus(500);
        second.setContentType("application/json");
        second.getWriter().write("{\"trace\":\"" + data + "\"}");
        other.finish();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32603,\"message\":\"HTTP 500 Internal Server Error\"}}",
                other.sentText());
    }

    @Test
    void anAsynchronousAnswerIsJudgedBeforeItsContextCompletes() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        List<String> steps = new ArrayList<>();
        AsyncContext container = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                    steps.add(method.getName() + " after sending " + client.sentText().length());
                    return null;
                });
        AsyncContext context = new CompletingAsyncContext(container, () -> {
            try {
                hygiene.end();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        response.setStatus(500);
        response.setContentType("application/json");
        response.getWriter().write("{\"stackTrace\":[{\"methodName\":\"run\""); // cut short: never closes
        context.complete();
        assertEquals(List.of("complete after sending " + client.sentText().length()), steps);
        assertTrue(client.sentText().contains("\"HTTP 500 Internal Server Error\""), client.sentText());
    }

    @Test
    void aResetBufferForgetsAHeldBody() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setStatus(400);
        response.setContentType("application/json");
        ServletOutputStream out = response.getOutputStream();
        out.write("{\"partial\":".getBytes(StandardCharsets.UTF_8));
        response.resetBuffer();
        response.setStatus(200);
        out.write("{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{}}".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{}}", client.sentText());
        assertFalse(hygiene.found());
    }

    @Test
    void aResetBufferKeepsNothingOfTheBodyBeforeItInTheRow() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setStatus(400);
        response.setContentType("application/json");
        ServletOutputStream out = response.getOutputStream();
        out.write("{\"before-reset\":".getBytes(StandardCharsets.UTF_8));
        response.resetBuffer();
        response.setStatus(404);
        response.setContentType("text/html");
        out.write("<html>after</html>".getBytes(StandardCharsets.UTF_8));
        out.flush();
        hygiene.end();
        assertTrue(hygiene.found());
        assertFalse(hygiene.rowMessage().contains("before-reset"), hygiene.rowMessage());
    }

    @Test
    void aServletFailureIsAnsweredWith500AndKeptRedacted() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        assertTrue(hygiene.failed(new IllegalStateException("no db at jdbc:postgresql://db/x?password=hunter2")));
        assertEquals(500, client.status);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"error\":{\"code\":-32603,\"message\":\"HTTP 500 Internal Server Error\"}}",
                client.sentText());
        assertTrue(hygiene.rowMessage().endsWith(
                "servlet failed: java.lang.IllegalStateException: no db at jdbc:postgresql://db/x?password=***"),
                hygiene.rowMessage());

        FakeResponse other = new FakeResponse();
        ObservedResponse reported = new ObservedResponse(other.response, tap);
        reported.checkErrorBodies(GuardLevel.REPORT, null, null, 1024);
        assertFalse(reported.hygiene().failed(new IllegalStateException("x")), "report leaves it to the container");
    }

    @Test
    void aResponseCommittedBeforeItsErrorBodyIsOnlyRecordedWithItsExcerpt() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 1024);
        response.setStatus(400);
        client.committed = true; // the container committed the head already (a client that went away, a flush)
        response.getOutputStream().write("Bad body: the request ended early".getBytes(StandardCharsets.UTF_8));
        client.finish();
        assertEquals("Bad body: the request ended early", client.sentText(), "nothing can be replaced");
        assertTrue(hygiene.found());
        assertFalse(hygiene.replaced());
        assertEquals("error body not JSON-RPC (no content type, 33 bytes): Bad body: the request ended early",
                hygiene.rowMessage());
    }

    @Test
    void aServletThatWritesAfterItsSendErrorWasAnsweredWritesIntoNothing() throws IOException {
        hygiene(GuardLevel.ENFORCE, 1024);
        response.sendError(404);
        String answered = client.sentText();
        response.getWriter().write("<html>late page</html>"); // the container would allow it: no exception here either
        response.getWriter().flush();
        client.finish();
        assertEquals(answered, client.sentText());
        assertTrue(answered.contains("\"HTTP 404 Not Found\""), answered);
    }

    @Test
    void aHeldBodyFoundCommittedAtTheBoundIsLetThroughWhole() throws IOException {
        ErrorHygiene hygiene = hygiene(GuardLevel.ENFORCE, 64);
        response.setStatus(500);
        response.setContentType("application/json");
        ServletOutputStream out = response.getOutputStream();
        out.write("{\"trace\":".getBytes(StandardCharsets.UTF_8));
        client.committed = true; // committed meanwhile: nothing can be replaced any more
        String rest = "\"" + "y".repeat(200) + "\"}";
        out.write(rest.getBytes(StandardCharsets.UTF_8)); // over the bound of 64: judged now
        client.finish();
        assertEquals("{\"trace\":" + rest, client.sentText(), "held part and the rest, in order");
        assertTrue(hygiene.found());
        assertFalse(hygiene.replaced());
    }

    /**
     * A client as the hygiene reaches it: records every write, and whether the hygiene's lock was
     * held while it was made. The first forward can be made to wait for {@link #unblock}.
     */
    private static final class RecordingTarget implements ErrorHygiene.Target {
        final List<String> writes = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> underLock = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.CountDownLatch unblock = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(1);
        volatile boolean blockFirstForward;
        volatile ErrorHygiene hygiene;
        int status = 400;

        @Override
        public int status() {
            return status;
        }

        @Override
        public String contentType() {
            return "application/json";
        }

        @Override
        public java.nio.charset.Charset charset() {
            return StandardCharsets.UTF_8;
        }

        @Override
        public boolean isCommitted() {
            return false;
        }

        @Override
        public void answer(int status, byte[] body) {
            record("answer " + status);
        }

        @Override
        public void forward(byte[] bytes, int offset, int length) {
            if (blockFirstForward) {
                blockFirstForward = false;
                blocked.countDown();
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            record(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override
        public void forward(String text) {
            record(text);
        }

        private void record(String write) {
            if (Thread.holdsLock(hygiene)) {
                underLock.add(write);
            }
            writes.add(write);
        }
    }

    private static ErrorHygiene hygiene(RecordingTarget target, GuardLevel level) {
        ErrorHygiene hygiene = new ErrorHygiene(target, level, EnvelopeReader.read(
                "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"method\":\"tools/call\"}"), SESSION, 1024);
        target.hygiene = hygiene;
        return hygiene;
    }

    /**
     * Review of issue 11, item 11: DESIGN §8, no lock held across I/O. Releasing a held body,
     * forwarding the rest of a write, a replacement (at a write, at the end, at sendError, at a
     * servlet failure): all reach the client with the hygiene's lock free.
     */
    @Test
    void theClientIsWrittenWithoutTheHygienesLockHeld() throws IOException {
        RecordingTarget target = new RecordingTarget();
        ErrorHygiene released = hygiene(target, GuardLevel.ENFORCE);
        byte[] body = (JSON_RPC_ERROR + "\n").getBytes(StandardCharsets.UTF_8);
        assertFalse(released.bytes(body, 0, 10));
        assertFalse(released.bytes(body, 10, body.length - 10), "the held part and the rest are written by the hygiene");
        assertEquals(List.of(JSON_RPC_ERROR + "\n"), target.writes);

        assertFalse(hygiene(target, GuardLevel.ENFORCE).chars(SDK_EXCEPTION));
        ErrorHygiene atEnd = hygiene(target, GuardLevel.ENFORCE);
        assertFalse(atEnd.chars("{\"stackTrace\":["));
        atEnd.end();
        assertTrue(hygiene(target, GuardLevel.ENFORCE).sendError(404, null));
        assertTrue(hygiene(target, GuardLevel.ENFORCE).failed(new IllegalStateException("x")));
        assertEquals(List.of("answer 400", "answer 400", "answer 404", "answer 500"),
                target.writes.subList(1, target.writes.size()));
        assertEquals(List.of(), target.underLock, "written while holding the hygiene's lock");
    }

    /**
     * Writing outside the lock keeps the order: a write that comes while held bytes are being
     * released (here blocked at the client) joins the queue behind them instead of overtaking them,
     * and returns once it is written.
     */
    @Test
    void aWriteDuringTheReleaseOfAHeldBodyFollowsIt() throws Exception {
        RecordingTarget target = new RecordingTarget();
        ErrorHygiene hygiene = hygiene(target, GuardLevel.ENFORCE);
        byte[] body = JSON_RPC_ERROR.getBytes(StandardCharsets.UTF_8);
        assertFalse(hygiene.bytes(body, 0, 10));
        target.blockFirstForward = true;
        java.util.concurrent.CompletableFuture<Boolean> releasing = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> write(hygiene, body, 10, body.length - 10));
        assertTrue(target.blocked.await(30, java.util.concurrent.TimeUnit.SECONDS), "the release reached the client");
        byte[] later = "LATER".getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.FutureTask<Boolean> writing = new java.util.concurrent.FutureTask<>(
                () -> write(hygiene, later, 0, later.length));
        Thread writer = new Thread(writing, "later-write");
        writer.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (writer.getState() != Thread.State.WAITING && writer.getState() != Thread.State.BLOCKED
                && !writing.isDone()) { // the later write waits for the release
            assertTrue(System.nanoTime() < deadline, "the later write neither waited nor returned");
            Thread.onSpinWait();
        }
        target.unblock.countDown();
        assertFalse(releasing.get(30, java.util.concurrent.TimeUnit.SECONDS));
        if (writing.get(30, java.util.concurrent.TimeUnit.SECONDS)) {
            target.forward("LATER"); // the caller forwards it itself
        }
        assertEquals(List.of(JSON_RPC_ERROR, "LATER"), target.writes);
        assertTrue(hygiene.passing);
    }

    private static boolean write(ErrorHygiene hygiene, byte[] bytes, int offset, int length) {
        try {
            return hygiene.bytes(bytes, offset, length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

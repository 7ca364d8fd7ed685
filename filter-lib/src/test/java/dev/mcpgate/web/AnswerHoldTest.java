package dev.mcpgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.GateMetrics;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The answer held for rewriting, on the response wrapper, against a container response that shows what the client got. */
class AnswerHoldTest {

    private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{\"text\":\"server\"}}";
    private static final String REWRITTEN = "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{\"text\":\"gateway\"}}";
    private static final String PROGRESS = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
            + "\"params\":{\"progress\":1}}\n\n";

    /** One provider: {@code Json.create...} looks it up again at every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private FakeResponse client = new FakeResponse();
    private final GateMetrics metrics = new GateMetrics();
    private ResponseTap tap;
    private ObservedResponse response;
    /** Every message the rewriter was shown. */
    private final List<JsonObject> shown = new ArrayList<>();

    AnswerHoldTest() {
        fresh(1 << 20);
    }

    private void fresh(int limit) {
        client = new FakeResponse();
        tap = new ResponseTap(client.response::getContentType, "r-1", limit, 4096, metrics);
        response = new ObservedResponse(client.response, tap);
        response.holdForRewrite(this::rewrite);
    }

    /** Replaces {@code result.text} by "gateway"; leaves every other message alone (the same instance). */
    private JsonObject rewrite(JsonObject message) {
        shown.add(message);
        JsonObject result = message.getJsonObject("result");
        if (result == null || !result.containsKey("text")) {
            return message;
        }
        return JSON.createObjectBuilder(message)
                .add("result", JSON.createObjectBuilder(result).add("text", "gateway")).build();
    }

    @Test
    void aJsonAnswerReachesTheClientRewrittenWithItsCorrectedLengthAndTheTapSeesTheServers() throws IOException {
        tap.keepAnswer(1 << 20);
        response.setContentType("application/json");
        response.setContentLength(ANSWER.length());
        ServletOutputStream out = response.getOutputStream();
        out.write(ANSWER.getBytes(StandardCharsets.UTF_8));
        out.flush();
        tap.finish();
        assertEquals(REWRITTEN, client.sentText());
        assertEquals(REWRITTEN.length(), client.contentLength, "the servlet's length corrected for the new body");
        assertEquals("server", Json.createReader(new java.io.StringReader(
                new String(tap.capturedAnswer(), StandardCharsets.UTF_8))).readObject()
                .getJsonObject("result").getString("text"), "the tap sees the server's answer");
    }

    @Test
    void aFlushBeforeTheJsonValueClosesSendsNothingAndCommitsNothing() throws IOException {
        response.setContentType("application/json");
        ServletOutputStream out = response.getOutputStream();
        out.write(ANSWER.substring(0, 20).getBytes(StandardCharsets.UTF_8));
        out.flush();
        response.flushBuffer();
        assertEquals("", client.sentText());
        assertFalse(client.committed, "nothing committed while the body is held");
        out.write(ANSWER.substring(20).getBytes(StandardCharsets.UTF_8));
        out.close();
        client.finish();
        assertEquals(REWRITTEN, client.sentText());
        assertEquals(REWRITTEN.length(), client.contentLength, "the exact length at the end");
    }

    @Test
    void aJsonAnswerSplitAtEveryByteIsRewrittenThroughTheStream() throws IOException {
        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= answer.length; split++) {
            fresh(1 << 20);
            response.setContentType("application/json");
            ServletOutputStream out = response.getOutputStream();
            out.write(answer, 0, split);
            out.flush();
            out.write(answer, split, answer.length - split);
            response.endHeldAnswer();
            client.finish();
            assertEquals(REWRITTEN, client.sentText(), "split at " + split);
        }
    }

    @Test
    void aUtf8AnswerWrittenThroughTheWriterSplitAtEveryCharacterIsRewrittenWithItsByteLength() throws IOException {
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{\"text\":\"caf\u00e9 \uD83D\uDE00\",\"note\":\"\u00fcber\"}}";
        String expected = "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{\"text\":\"gateway\",\"note\":\"\u00fcber\"}}";
        for (int split = 0; split <= answer.length(); split++) {
            fresh(1 << 20);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getWriter();
            writer.write(answer.substring(0, split)); // splits the surrogate pair once
            writer.flush();
            writer.write(answer.substring(split));
            writer.close();
            client.finish();
            assertEquals(expected, client.sentText(), "split at " + split);
            // a flush after the value closed sends it with no length (the servlet may write more); else the exact one
            Integer length = split == answer.length() ? null : expected.getBytes(StandardCharsets.UTF_8).length;
            assertEquals(length, client.contentLength, "bytes, not chars; split at " + split);
        }
    }

    @Test
    void theSameInstanceBackLeavesTheAnswerByteForByte() throws IOException {
        String answer = "{ \"jsonrpc\" : \"2.0\", \"id\":\"r-1\", \"result\": {\"other\": 1.50} }\n";
        response.setContentType("application/json");
        response.setContentLength(answer.length());
        ServletOutputStream out = response.getOutputStream();
        out.write(answer.getBytes(StandardCharsets.UTF_8));
        out.close();
        client.finish();
        assertEquals(answer, client.sentText());
        assertEquals(answer.length(), client.contentLength);
        assertEquals(1, shown.size());
    }

    @Test
    void progressEventsPassAsTheyCompleteAndTheAnsweringEventIsRewrittenWithItsIdLineKept() throws IOException {
        response.setContentType("text/event-stream");
        PrintWriter writer = response.getWriter();
        writer.write(PROGRESS.substring(0, 30));
        writer.flush();
        assertEquals("", client.sentText(), "half an event is held");
        writer.write(PROGRESS.substring(30));
        writer.flush();
        assertEquals(PROGRESS, client.sentText(), "a complete event passes at its flush");
        String answerEvent = "id: 7-1-2\nevent: message\ndata: " + ANSWER + "\n\n";
        writer.write(answerEvent.substring(0, answerEvent.length() - 1));
        writer.flush();
        assertEquals(PROGRESS, client.sentText(), "nothing of the answer before it is rewritten");
        writer.write("\n");
        writer.flush();
        assertEquals(PROGRESS + "id: 7-1-2\nevent: message\ndata: " + REWRITTEN + "\n\n", client.sentText());
        writer.write("data: {\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{\"text\":\"later\"}}\n\n");
        writer.flush();
        assertTrue(client.sentText().endsWith("\"later\"}}\n\n"), "after the answer everything passes");
    }

    @Test
    void anEventStreamSplitAtEveryByteGetsTheSameRewrittenStream() throws IOException {
        String stream = PROGRESS + ": comment\r\nid: 7-1-2\r\ndata: {\"jsonrpc\":\"2.0\",\r\ndata: \"id\":\"r-1\",\"result\":"
                + "{\"text\":\"server\"}}\r\n\r\ndata: tail\n\n";
        String expected = PROGRESS + ": comment\r\nid: 7-1-2\r\ndata: " + REWRITTEN + "\r\n\r\ndata: tail\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            fresh(1 << 20);
            response.setContentType("text/event-stream");
            ServletOutputStream out = response.getOutputStream();
            out.write(bytes, 0, split);
            out.flush();
            out.write(bytes, split, bytes.length - split);
            out.close();
            client.finish();
            assertEquals(expected, client.sentText(), "split at " + split);
        }
    }

    @Test
    void anEventStreamWrittenByteByByteWithCarriageReturnsOnlyIsRewritten() throws IOException {
        response.setContentType("text/event-stream");
        ServletOutputStream out = response.getOutputStream();
        for (byte b : ("data: " + ANSWER + "\r\rdata: x\r\r").getBytes(StandardCharsets.UTF_8)) {
            out.write(b);
        }
        out.flush();
        assertEquals("data: " + REWRITTEN + "\r\rdata: x\r\r", client.sentText());
    }

    @Test
    void anotherIdsAnswerInTheStreamIsNotRewritten() throws IOException {
        response.setContentType("text/event-stream");
        ServletOutputStream out = response.getOutputStream();
        String other = "data: {\"jsonrpc\":\"2.0\",\"id\":\"r-2\",\"result\":{\"text\":\"server\"}}\n\n";
        out.write(other.getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals(other, client.sentText());
        assertTrue(shown.isEmpty());
    }

    @Test
    void aNumericRequestIdIsMatchedByValue() throws IOException {
        client = new FakeResponse();
        tap = new ResponseTap(client.response::getContentType, "7", 1 << 20, 4096, metrics);
        response = new ObservedResponse(client.response, tap);
        response.holdForRewrite(this::rewrite);
        response.setContentType("text/event-stream");
        ServletOutputStream out = response.getOutputStream();
        out.write("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\"server\"}}\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals("data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"text\":\"gateway\"}}\n\n", client.sentText());
    }

    @Test
    void aJsonBodyPastTheLimitPassesUnchangedAndIsCounted() throws IOException {
        fresh(100);
        String big = "{\"jsonrpc\":\"2.0\",\"id\":\"r-1\",\"result\":{\"text\":\"server\",\"pad\":\"" + "x".repeat(200) + "\"}}";
        response.setContentType("application/json");
        response.setContentLength(big.length());
        ServletOutputStream out = response.getOutputStream();
        out.write(big.getBytes(StandardCharsets.UTF_8), 0, 60);
        out.write(big.getBytes(StandardCharsets.UTF_8), 60, big.length() - 60);
        out.close();
        client.finish();
        assertEquals(big, client.sentText());
        assertEquals(big.length(), client.contentLength, "the servlet's own length");
        assertEquals(1, metrics.answersPassedOverLimit());
        assertTrue(shown.isEmpty());
    }

    @Test
    void anEventPastTheLimitPassesUnchangedAndTheAnswerAfterItIsStillRewritten() throws IOException {
        fresh(100);
        response.setContentType("text/event-stream");
        ServletOutputStream out = response.getOutputStream();
        String big = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":\"" + "y".repeat(300) + "\"}\n\n";
        String answer = "data: " + ANSWER + "\n\n";
        byte[] bytes = (big + answer).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 7) {
            out.write(bytes, i, Math.min(7, bytes.length - i));
        }
        out.flush();
        assertEquals(big + "data: " + REWRITTEN + "\n\n", client.sentText());
        assertEquals(1, metrics.answersPassedOverLimit());
    }

    @Test
    void aRewriterThatThrowsLeavesTheAnswerUnchangedAndIsCounted() throws IOException {
        client = new FakeResponse();
        tap = new ResponseTap(client.response::getContentType, "r-1", 1 << 20, 4096, metrics);
        response = new ObservedResponse(client.response, tap);
        response.holdForRewrite(message -> {
            throw new IllegalStateException("interceptor bug");
        });
        response.setContentType("application/json");
        ServletOutputStream out = response.getOutputStream();
        out.write(ANSWER.getBytes(StandardCharsets.UTF_8));
        out.close();
        client.finish();
        assertEquals(ANSWER, client.sentText());
        assertEquals(1, metrics.answerRewritesFailed());
    }

    @Test
    void anotherContentTypePassesAtTheFirstWriteWithItsLength() throws IOException {
        response.setContentType("text/plain");
        response.setContentLength(5);
        ServletOutputStream out = response.getOutputStream();
        out.write("hello".getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertEquals("hello", client.sentText());
        assertEquals(5, client.contentLength);
        assertTrue(shown.isEmpty());
    }

    @Test
    void anAnswerWithoutABodyKeepsItsDeclaredLength() throws IOException {
        response.setStatus(202);
        response.setContentLength(0);
        response.endHeldAnswer();
        assertEquals(0, client.contentLength);
    }

    @Test
    void withoutAHoldTheLengthGoesStraightToTheContainer() {
        FakeResponse plain = new FakeResponse();
        ObservedResponse unheld = new ObservedResponse(plain.response,
                new ResponseTap(plain.response::getContentType, "r-1", 1 << 20, 4096, metrics));
        unheld.setContentLength(12);
        assertEquals(12, plain.contentLength);
        assertFalse(unheld.holdsAnswer());
        assertNull(plain.headers.get("Content-Length"));
    }
}

package dev.mcpgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.CatalogueCapture;
import dev.mcpgate.event.CatalogueCaptures;
import dev.mcpgate.event.GateMetrics;
import dev.mcpgate.protocol.McpMethod;
import java.util.ArrayList;
import java.util.List;
import dev.mcpgate.protocol.MessageKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseTapTest {

    private static final String PROGRESS_THEN_RESULT = """
            id: s1_a
            event: message
            data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"p","progress":1}}

            id: s1_b
            event: message
            data: {"jsonrpc":"2.0","id":"other","result":{}}

            id: s1
            event: message
            data: {"jsonrpc":"2.0","id":"7","result":{"content":[{"type":"text","text":"no"}],"isError":true}}

            """;

    private final GateMetrics metrics = new GateMetrics();

    private ResponseTap tap(String contentType, String requestId) {
        return new ResponseTap(() -> contentType, requestId, 1024, 4096, metrics);
    }

    @Test
    void picksTheAnswerToItsRequestOutOfAStreamSplitAtEveryByte() {
        byte[] stream = PROGRESS_THEN_RESULT.getBytes(StandardCharsets.UTF_8);
        ResponseTap tap = tap("text/event-stream", "7");
        for (byte b : stream) {
            tap.bytes(b);
        }
        tap.finish();
        assertTrue(tap.isEventStream());
        assertEquals(3, tap.messages());
        assertEquals("7", tap.answer().id());
        assertTrue(tap.answer().resultIsError());
        assertEquals(stream.length, tap.bytesSeen());
    }

    @Test
    void jsonBodyIsParsedOnceAtTheEnd() {
        ResponseTap tap = tap("application/json;charset=UTF-8", "1");
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}"
                .getBytes(StandardCharsets.UTF_8);
        tap.bytes(body, 0, 10);
        tap.bytes(body, 10, body.length - 10);
        assertNull(tap.answer(), "nothing parsed before the end");
        tap.finish();
        assertEquals(MessageKind.ERROR, tap.answer().kind());
        assertEquals(-32601, tap.answer().errorCode());
        assertFalse(tap.isEventStream());
    }

    @Test
    void jsonBeyondTheCaptureLimitIsCountedButNotKept() {
        ResponseTap tap = new ResponseTap(() -> "application/json", "1", 16, 4096, metrics);
        byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[]}}".getBytes(StandardCharsets.UTF_8);
        tap.bytes(body, 0, body.length);
        tap.finish();
        assertEquals(body.length, tap.bytesSeen());
        assertEquals(0, metrics.observerFailures());
    }

    @Test
    void unparsableJsonIsCountedNotThrown() {
        ResponseTap tap = tap("application/json", "1");
        tap.bytes("<html>oops</html>".getBytes(StandardCharsets.UTF_8));
        tap.finish();
        assertNull(tap.answer());
        assertEquals(1, metrics.unparsableBodies());
    }

    @Test
    void aFailingContentTypeLookupStopsObservationButNotTheCaller() {
        ResponseTap tap = new ResponseTap(() -> {
            throw new IllegalStateException("recycled response");
        }, "1", 1024, 4096, metrics);
        tap.bytes("data".getBytes(StandardCharsets.UTF_8));
        tap.bytes("more".getBytes(StandardCharsets.UTF_8));
        tap.finish();
        assertEquals(1, metrics.observerFailures());
        assertEquals(8, tap.bytesSeen());
    }

    @Test
    void teeWriterForwardsAtOnceAndEncodesSplitSurrogatePairs() {
        StringWriter client = new StringWriter();
        ResponseTap tap = tap("text/event-stream", null);
        PrintWriter writer = new TeePrintWriter(new PrintWriter(client), tap, StandardCharsets.UTF_8);
        String emoji = "\uD83D\uDE00";
        writer.write("data: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"t\":\"" + emoji.charAt(0));
        assertTrue(client.toString().startsWith("data: "), "no buffering in the filter");
        writer.write(emoji.charAt(1) + "\"}}\n\n");
        writer.flush();
        tap.finish();
        assertEquals(1, tap.messages());
        assertEquals(client.toString().getBytes(StandardCharsets.UTF_8).length, tap.bytesSeen());
        assertFalse(writer.checkError());
    }

    /**
     * The writer's text reaches an event stream's parser as text; what the tap records is what it
     * recorded from the encoded bytes: the answer, the messages, the bytes the client got.
     */
    @Test
    void teeWriterShowsAnEventStreamAsTheOutputStreamWouldInEveryCharsetAndCut() {
        String stream = PROGRESS_THEN_RESULT.replace("\"no\"", "\"caf\u00e9 \u20ac \uD83D\uDE00\"");
        for (var charset : List.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1)) {
            byte[] encoded = stream.getBytes(charset);
            ResponseTap viaBytes = tap("text/event-stream", "7");
            viaBytes.bytes(encoded);
            viaBytes.finish();
            for (int cut = 0; cut <= stream.length(); cut += 7) {
                StringWriter client = new StringWriter();
                ResponseTap viaText = tap("text/event-stream", "7");
                PrintWriter writer = new TeePrintWriter(new PrintWriter(client), viaText, charset);
                writer.write(stream.substring(0, cut));
                writer.write(stream.toCharArray(), cut, stream.length() - cut);
                writer.flush();
                viaText.finish();
                assertEquals(stream, client.toString());
                assertEquals(viaBytes.messages(), viaText.messages(), charset + " cut " + cut);
                assertEquals(viaBytes.answer().resultText(), viaText.answer().resultText(), charset + " cut " + cut);
                assertEquals(encoded.length, viaText.bytesSeen(), charset + " cut " + cut);
            }
        }
        assertEquals(0, metrics.observerFailures());
    }

    /** After its own failure the tap stops parsing, and the writer's text is still counted as the client's bytes. */
    @Test
    void teeWriterTextIsStillCountedAfterTheTapFailed() {
        ResponseTap tap = new ResponseTap(() -> {
            throw new IllegalStateException("the container cannot tell the content type");
        }, "1", 1024, 4096, metrics);
        PrintWriter writer = new TeePrintWriter(new PrintWriter(new StringWriter()), tap, StandardCharsets.UTF_8);
        writer.write("data: caf\u00e9\n");
        writer.write("\n");
        writer.flush();
        tap.finish();
        assertEquals(1, metrics.observerFailures());
        assertEquals(13, tap.bytesSeen());
    }

    @Test
    void checkErrorReflectsTheContainerWriter() {
        PrintWriter failing = new PrintWriter(new StringWriter()) {
            @Override
            public boolean checkError() {
                return true; // the container's writer saw the client go away
            }
        };
        PrintWriter writer = new TeePrintWriter(failing, tap("text/event-stream", null), StandardCharsets.UTF_8);
        assertTrue(writer.checkError());
    }

    /** Collects what a tap hands to the catalogue history. */
    private static final class Captures implements CatalogueCaptures {
        final List<CatalogueCapture> offered = new ArrayList<>();

        @Override
        public boolean wants(McpMethod method) {
            return true;
        }

        @Override
        public void offer(CatalogueCapture capture) {
            offered.add(capture);
        }

        @Override
        public void skipped(String endpoint, McpMethod method, long bytes) {
        }
    }

    @Test
    void aListAnswerIsKeptWholeBeyondTheResponseCaptureLimit() {
        String tools = "{\"jsonrpc\":\"2.0\",\"id\":\"3\",\"result\":{\"tools\":[{\"name\":\"echo\",\"description\":\""
                + "x".repeat(3000) + "\"}]}}";
        ResponseTap kept = new ResponseTap(() -> "application/json", "3", 1024, 4096, metrics);
        kept.keepAnswer(8192);
        kept.bytes(tools.getBytes(StandardCharsets.UTF_8));
        kept.finish();
        assertEquals(tools, new String(kept.capturedAnswer(), StandardCharsets.UTF_8), "kept past max-response-capture");

        ResponseTap tooLarge = new ResponseTap(() -> "application/json", "3", 1024, 4096, metrics);
        tooLarge.keepAnswer(2048);
        tooLarge.bytes(tools.getBytes(StandardCharsets.UTF_8));
        tooLarge.finish();
        assertNull(tooLarge.capturedAnswer(), "a truncated list is never recorded");
        assertTrue(tooLarge.answerTooLarge());

        ResponseTap smallerThanResponseCapture = new ResponseTap(() -> "application/json", "3", 8192, 4096, metrics);
        smallerThanResponseCapture.keepAnswer(2048);
        smallerThanResponseCapture.bytes(tools.getBytes(StandardCharsets.UTF_8));
        smallerThanResponseCapture.finish();
        assertNull(smallerThanResponseCapture.capturedAnswer(), "schema-max-capture holds below max-response-capture");
        assertTrue(smallerThanResponseCapture.answerTooLarge());

        ResponseTap notKept = tap("application/json", "3");
        notKept.bytes(tools.getBytes(StandardCharsets.UTF_8));
        notKept.finish();
        assertNull(notKept.capturedAnswer(), "other methods keep nothing");
        assertFalse(notKept.answerTooLarge());
    }

    @Test
    void anSseAnswerIsKeptAndListChangedNotificationsAreHandedOverAtOnce() {
        Captures captures = new Captures();
        ResponseTap tap = new ResponseTap(() -> "text/event-stream", "7", 1024, 4096, metrics, captures, "ep", "s1");
        tap.keepAnswer(4096);
        String changed = "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n";
        tap.bytes(changed.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, captures.offered.size(), "handed over as soon as its event is complete");
        CatalogueCapture notification = captures.offered.get(0);
        assertTrue(notification.isListChanged());
        assertEquals(McpMethod.NOTIFICATION_TOOLS_LIST_CHANGED, notification.method());
        assertEquals("s1", notification.sessionId());
        tap.bytes(PROGRESS_THEN_RESULT.getBytes(StandardCharsets.UTF_8));
        tap.finish();
        assertTrue(new String(tap.capturedAnswer(), StandardCharsets.UTF_8).contains("\"id\":\"7\""),
                "the data of the answering event, not of the others");
    }
}

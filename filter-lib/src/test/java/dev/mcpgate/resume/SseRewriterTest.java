package dev.mcpgate.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseRewriterTest {

    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private boolean passedThrough;

    private final SseRewriter.Output output = new SseRewriter.Output() {
        @Override
        public void event(byte[] fields) {
            events.add(new String(fields, StandardCharsets.UTF_8));
        }

        @Override
        public void passThrough() {
            passedThrough = true;
        }

        @Override
        public void raw(byte[] bytes, int offset, int length) {
            raw.write(bytes, offset, length);
        }
    };

    private void feed(SseRewriter rewriter, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        rewriter.feed(bytes, 0, bytes.length);
    }

    @Test
    void dropsTheServersIdsRetryAndCommentsAndKeepsTheRest() {
        SseRewriter rewriter = new SseRewriter(1024, output);
        feed(rewriter, "id: 6e0a_1\nretry: 5\nevent: message\n: a comment\ndata: {\"a\":1}\ndata: two\nx-custom: y\n\n");
        assertEquals(List.of("event: message\ndata: {\"a\":1}\ndata: two\nx-custom: y\n"), events);
    }

    @Test
    void dropsEventsWithoutData() {
        SseRewriter rewriter = new SseRewriter(1024, output);
        feed(rewriter, "id: prime\nretry: 1000\ndata: \n\n: keep-alive\n\nid: x\n\nevent: message\ndata:\n\n");
        assertEquals(List.of(), events, "priming, keep-alive and data-less events carry no message");
        feed(rewriter, "data:\ndata:\n\n");
        assertEquals(List.of("data:\ndata:\n"), events, "two data lines are a newline: dispatched, as EventSource would");
    }

    @Test
    void readsEventsSplitAnywhereAndEveryLineEnd() {
        SseRewriter rewriter = new SseRewriter(1024, output);
        String stream = "event: message\r\ndata: é€😀\rid: 7\r\n\r\ndata: b\n\n";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            rewriter.feed(new byte[] {b}, 0, 1);
        }
        assertEquals(List.of("event: message\ndata: é€😀\n", "data: b\n"), events);
    }

    @Test
    void anEventOverTheBoundEndsTheRewritingAndPassesTheRestUnchanged() {
        SseRewriter rewriter = new SseRewriter(32, output);
        feed(rewriter, "data: small\n\n");
        feed(rewriter, "event: message\ndata: " + "x".repeat(40) + "\n\nid: 9\ndata: after\n\n");
        assertEquals(List.of("data: small\n"), events);
        assertTrue(passedThrough);
        assertTrue(rewriter.passingThrough());
        assertEquals("event: message\ndata: " + "x".repeat(40) + "\n\nid: 9\ndata: after\n\n",
                raw.toString(StandardCharsets.UTF_8), "nothing lost, nothing rewritten any more");
    }

    @Test
    void anIncompleteEventAtTheEndIsNotDispatched() {
        SseRewriter rewriter = new SseRewriter(1024, output);
        feed(rewriter, "data: half");
        assertEquals(List.of(), events);
        assertFalse(passedThrough);
    }
}

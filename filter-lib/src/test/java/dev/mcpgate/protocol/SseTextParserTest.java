package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The text parser answers as the byte parser does for the UTF-8 bytes of the same text: same
 * events, retries and counters, however the text is cut into pieces.
 */
class SseTextParserTest {

    private static final class Recorder implements SseListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void onEvent(String id, String event, String data) {
            seen.add(id + "|" + event + "|" + data);
        }

        @Override
        public void onRetry(long millis) {
            seen.add("retry=" + millis);
        }
    }

    private record Result(List<String> seen, long overlongLines, long overlongEvents, long events) {
    }

    private static Result bytes(String stream, int limit) {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(limit, recorder);
        byte[] utf8 = stream.getBytes(StandardCharsets.UTF_8);
        parser.feed(utf8, 0, utf8.length);
        parser.finish();
        return new Result(recorder.seen, parser.overlongLines(), parser.overlongEvents(), parser.events());
    }

    private static Result text(List<String> pieces, int limit) {
        Recorder recorder = new Recorder();
        SseTextParser parser = new SseTextParser(limit, recorder);
        for (String piece : pieces) {
            parser.feed(piece);
        }
        parser.finish();
        return new Result(recorder.seen, parser.overlongLines(), parser.overlongEvents(), parser.events());
    }

    private static final String MCP_STREAM = "id: 0-prime\ndata:\n\nevent: message\nid: 1\n"
            + "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"message\":\"halfway \u2713\"}}\n\n"
            + ": keep-alive\n\nevent: message\nid: 2\n"
            + "data: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Sunny, 22 \u00b0C \uD83D\uDE00\"}]}}\n\n";

    @Test
    void anMcpStreamCutAtEveryCharacterGivesWhatTheByteParserGives() {
        Result expected = bytes(MCP_STREAM, 4096);
        assertEquals(3, expected.events());
        for (int cut = 0; cut <= MCP_STREAM.length(); cut++) {
            assertEquals(expected, text(List.of(MCP_STREAM.substring(0, cut), MCP_STREAM.substring(cut)), 4096),
                    "cut at " + cut);
        }
        List<String> single = new ArrayList<>();
        for (char c : MCP_STREAM.toCharArray()) {
            single.add(String.valueOf(c));
        }
        assertEquals(expected, text(single, 4096));
    }

    /** Line ends of every kind, comments, retries, ids with NUL, a BOM, fields without colon, limits counted in UTF-8 bytes. */
    @Test
    void randomStreamsInRandomPiecesGiveWhatTheByteParserGives() {
        String[] parts = {"data", "data:", "data: ", "event: ", "id: ", "id: a\0b", "retry: ", "retry: 12x", "retry: 99",
            ":", ": c", "x", "é", "€", "\uD83D\uDE00", "\n", "\r", "\r\n", "\n\n", "abc", "data: \u00e9\u00e9\u00e9\u00e9"};
        Random random = new Random(16);
        for (int round = 0; round < 3_000; round++) {
            StringBuilder stream = new StringBuilder(random.nextInt(10) == 0 ? "\uFEFF" : "");
            int parts2 = 1 + random.nextInt(40);
            for (int i = 0; i < parts2; i++) {
                stream.append(parts[random.nextInt(parts.length)]);
            }
            String s = stream.toString();
            int limit = 1 + random.nextInt(24);
            List<String> pieces = new ArrayList<>();
            int at = 0;
            while (at < s.length()) {
                int next = Math.min(s.length(), at + 1 + random.nextInt(8));
                pieces.add(s.substring(at, next));
                at = next;
            }
            assertEquals(bytes(s, limit), text(pieces, limit), "stream " + s.replace("\r", "\\r").replace("\n", "\\n")
                    + " limit " + limit + " pieces " + pieces.size());
        }
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        String euros = "\u20ac".repeat(4); // 4 characters, 12 bytes
        String line = "data:" + euros + "\n\n"; // a line of 17 bytes, 9 characters
        assertEquals(1, text(List.of(line), 16).overlongLines());
        assertEquals(List.of("null|null|" + euros), text(List.of("da", line.substring(2)), 17).seen());
        String twoLines = "data:\u20ac\u20ac\u20ac\ndata:\u20ac\u20ac\u20ac\n\n"; // lines of 14 bytes, data of 19
        Result result = text(List.of(twoLines), 18);
        assertEquals(1, result.overlongEvents());
        assertEquals(bytes(twoLines, 18), result);
    }

    @Test
    void refusesALimitBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new SseTextParser(0, new Recorder()));
    }

    @Test
    void largeBuffersAreReleasedOnceTheirLineAndEventAreDone() {
        SseTextParser parser = new SseTextParser(1 << 20, new Recorder());
        String big = "x".repeat(SseParser.RETAINED_CAPACITY * 2);
        parser.feed("data: " + big.substring(0, 10));
        parser.feed(big + "\n");
        assertTrue(parser.lineCapacity() <= SseParser.RETAINED_CAPACITY);
        parser.feed("\n");
        assertTrue(parser.dataCapacity() <= SseParser.RETAINED_CAPACITY);
        assertEquals(1, parser.events());
    }

    /** The usual MCP answer (whole lines, one data line per event) is read without a line or data buffer. */
    @Test
    void wholeLinesWithOneDataLineEachNeedNoBuffer() {
        Recorder recorder = new Recorder();
        SseTextParser parser = new SseTextParser(4096, recorder);
        parser.feed("id: 1\nevent: message\ndata: {\"id\":1}\n\n");
        parser.feed("data:\n\n");
        assertEquals(List.of("1|message|{\"id\":1}", "1|null|"), recorder.seen);
        assertEquals(0, parser.lineCapacity(), "no line buffer");
        assertEquals(0, parser.dataCapacity(), "no data buffer");
        parser.feed("data: a\ndata:\ndata: b\n\n");
        assertEquals("1|null|a\n\nb", recorder.seen.get(2), "from the second data line on they are joined");
    }
}

package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SseParserTest {

    /** A response stream as an MCP server sends it: priming event, progress, keep-alive, result. */
    private static final String MCP_STREAM = """
            id: 0-prime
            data:

            event: message
            id: 1
            data: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":"t1","progress":50,"total":100,"message":"halfway \u2713"}}

            : keep-alive

            event: message
            id: 2
            data: {"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"Sunny, 22 \u00b0C"}],"isError":false}}

            """;

    private static final List<String> MCP_EVENTS = List.of(
            "0-prime|null|",
            "1|message|{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"t1\",\"progress\":50,\"total\":100,\"message\":\"halfway \u2713\"}}",
            "2|message|{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Sunny, 22 \u00b0C\"}],\"isError\":false}}");

    /** Records each event as {@code id|event|data} and each retry as {@code retry=millis}. */
    private static final class Recorder implements SseListener {
        final List<String> seen = new ArrayList<>();
        final List<String> data = new ArrayList<>();

        @Override
        public void onEvent(String id, String event, String data) {
            seen.add(id + "|" + event + "|" + data);
            this.data.add(data);
        }

        @Override
        public void onRetry(long millis) {
            seen.add("retry=" + millis);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> parse(String stream) {
        return parse(utf8(stream), 1 << 20);
    }

    private static List<String> parse(byte[] stream, int maxLineLength) {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(maxLineLength, recorder);
        parser.feed(stream, 0, stream.length);
        parser.finish();
        return recorder.seen;
    }

    @Test
    void blankLineDispatchesTheEvent() {
        assertEquals(List.of("null|null|hello"), parse("data: hello\n\n"));
    }

    @Test
    void multipleDataLinesAreJoinedWithLineFeeds() {
        assertEquals(List.of("null|null|first\n\nthird"), parse("data: first\ndata\ndata: third\n\n"));
    }

    @Test
    void eventTypeAndIdAreReported() {
        assertEquals(List.of("42|update|x"), parse("event: update\nid: 42\ndata: x\n\n"));
    }

    @Test
    void lastEventIdPersistsAcrossEventsButEventTypeDoesNot() {
        assertEquals(List.of("a|ping|1", "a|null|2", "|null|3"),
                parse("id: a\nevent: ping\ndata: 1\n\ndata: 2\n\nid\ndata: 3\n\n"));
    }

    @Test
    void emptyEventFieldMeansTheDefaultType() {
        assertEquals(List.of("null|null|x"), parse("event: custom\nevent:\ndata: x\n\n"));
    }

    @Test
    void blankLineWithoutDataDispatchesNothingAndResetsTheEventType() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(100, recorder);
        byte[] stream = utf8("event: orphan\n\n\n\ndata: x\n\n");
        parser.feed(stream, 0, stream.length);
        assertEquals(List.of("null|null|x"), recorder.seen);
        assertEquals(1, parser.events());
    }

    @Test
    void emptyDataFieldDispatchesAnEventWithEmptyData() {
        assertEquals(List.of("p|null|"), parse("id: p\ndata:\n\n"));
    }

    @Test
    void onlyOneSpaceAfterTheColonIsRemoved() {
        assertEquals(List.of("null|null|x", "null|null| y", "null|null|z "), parse("data:x\n\ndata:  y\n\ndata: z \n\n"));
    }

    @Test
    void valueMayContainColons() {
        assertEquals(List.of("null|null|a: b:c"), parse("data: a: b:c\n\n"));
    }

    @Test
    void commentsAreIgnored() {
        assertEquals(List.of("null|null|x"), parse(": hello\n:\ndata: x\n: between\n\n"));
    }

    @Test
    void unknownAndDifferentlyCasedFieldNamesAreIgnored() {
        assertEquals(List.of("null|null|kept"), parse("Data: no\nDATA: no\nfoo: bar\ndata : no\ndata: kept\n\n"));
    }

    @Test
    void retryIsReportedOnlyWhenAllAsciiDigits() {
        assertEquals(List.of("retry=1500", "retry=0", "retry=" + Long.MAX_VALUE),
                parse("retry: 1500\nretry: 15x\nretry:\nretry: -1\nretry: 1.5\nretry: 0\nretry: 99999999999999999999999\n"));
    }

    @Test
    void idWithNulIsIgnored() {
        assertEquals(List.of("good|null|1", "good|null|2"), parse("id: good\ndata: 1\n\nid: ba\u0000d\ndata: 2\n\n"));
    }

    @Test
    void crLfAndCrLfPairsAllEndLines() {
        List<String> expected = List.of("1|message|a\nb", "1|null|c");
        String lf = "id: 1\nevent: message\ndata: a\ndata: b\n\ndata: c\n\n";
        assertEquals(expected, parse(lf));
        assertEquals(expected, parse(lf.replace("\n", "\r")));
        assertEquals(expected, parse(lf.replace("\n", "\r\n")));
        assertEquals(expected, parse("id: 1\r\nevent: message\rdata: a\ndata: b\r\n\rdata: c\n\r\n"));
    }

    @Test
    void carriageReturnAtTheEndOfOneFeedAndLineFeedAtTheStartOfTheNextAreOneLineBreak() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(100, recorder);
        byte[] first = utf8("data: a\r");
        byte[] second = utf8("\ndata: b\r\n\r\n");
        parser.feed(first, 0, first.length);
        parser.feed(second, 0, second.length);
        assertEquals(List.of("null|null|a\nb"), recorder.seen, "a second line break would have dispatched 'a' alone");
    }

    @Test
    void frameSplitAtEveryByteBoundaryYieldsTheSameEvents() {
        for (String stream : List.of(MCP_STREAM, MCP_STREAM.replace("\n", "\r\n"), MCP_STREAM.replace("\n", "\r"))) {
            byte[] bytes = utf8(stream);
            assertEquals(MCP_EVENTS, parse(bytes, 4096));
            for (int split = 0; split <= bytes.length; split++) {
                Recorder recorder = new Recorder();
                SseParser parser = new SseParser(4096, recorder);
                parser.feed(bytes, 0, split);
                parser.feed(bytes, split, bytes.length - split);
                parser.finish();
                assertEquals(MCP_EVENTS, recorder.seen, "split at " + split);
            }
        }
    }

    @Test
    void feedingOneByteAtATimeYieldsTheSameEvents() {
        byte[] bytes = utf8("\uFEFF" + MCP_STREAM.replace("\n", "\r\n"));
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(4096, recorder);
        for (byte b : bytes) {
            parser.feed(b);
        }
        parser.finish();
        assertEquals(MCP_EVENTS, recorder.seen);
    }

    @Test
    void randomChunkingYieldsTheSameEvents() {
        byte[] bytes = utf8(MCP_STREAM.repeat(20));
        Random random = new Random(7L);
        for (int round = 0; round < 200; round++) {
            Recorder recorder = new Recorder();
            SseParser parser = new SseParser(4096, recorder);
            int at = 0;
            while (at < bytes.length) {
                int size = Math.min(bytes.length - at, random.nextInt(40));
                parser.feed(bytes, at, size);
                at += size;
            }
            parser.finish();
            assertEquals(60, recorder.seen.size());
            assertEquals(MCP_EVENTS, recorder.seen.subList(0, 3));
            assertEquals(MCP_EVENTS, recorder.seen.subList(57, 60));
        }
    }

    @Test
    void eventDataReadsAsTheJsonRpcMessagesOfTheStream() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(4096, recorder);
        byte[] bytes = utf8(MCP_STREAM);
        parser.feed(bytes, 0, bytes.length);
        JsonRpcEnvelope progress = EnvelopeReader.read(utf8(recorder.data.get(1)));
        JsonRpcEnvelope result = EnvelopeReader.read(utf8(recorder.data.get(2)));
        assertEquals(McpMethod.NOTIFICATION_PROGRESS, progress.mcpMethod());
        assertEquals(MessageKind.RESPONSE, result.kind());
        assertEquals("7", result.id());
        assertSame(JsonRpcEnvelope.EMPTY, EnvelopeReader.read(utf8(recorder.data.get(0))));
    }

    @Test
    void overlongLineIsDroppedAndCountedWhileTheFollowingEventsParse() {
        String stream = "id: 1\ndata: " + "x".repeat(100) + "\n\nid: 2\ndata: short\n\n";
        byte[] bytes = utf8(stream);
        for (int split = 0; split <= bytes.length; split++) {
            Recorder recorder = new Recorder();
            SseParser parser = new SseParser(64, recorder);
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            parser.finish();
            assertEquals(List.of("2|null|short"), recorder.seen, "split at " + split);
            assertEquals(1, parser.overlongLines(), "split at " + split);
            assertEquals(1, parser.events());
        }
    }

    @Test
    void overlongLineBesideOtherDataLeavesTheRestOfTheEvent() {
        assertEquals(List.of("null|null|kept"), parse(utf8("data: kept\ndata: " + "y".repeat(50) + "\n\n"), 20));
    }

    @Test
    void lineExactlyAtTheLimitIsKept() {
        String line = "data: " + "z".repeat(14);
        assertEquals(20, line.length());
        assertEquals(List.of("null|null|" + "z".repeat(14)), parse(utf8(line + "\n\n"), 20));
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(20, recorder);
        for (byte b : utf8(line + "\r\n\r\n")) {
            parser.feed(b);
        }
        assertEquals(List.of("null|null|" + "z".repeat(14)), recorder.seen);
        assertEquals(0, parser.overlongLines());
    }

    @Test
    void eventWithMoreDataThanTheLimitIsDroppedAndCounted() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(20, recorder);
        byte[] bytes = utf8("data: 0123456789\ndata: 0123456789\n\ndata: ok\n\n");
        parser.feed(bytes, 0, bytes.length);
        assertEquals(List.of("null|null|ok"), recorder.seen);
        assertEquals(1, parser.overlongEvents());
        assertEquals(0, parser.overlongLines());
    }

    @Test
    void incompleteEventIsDiscardedAtTheEndOfTheStream() {
        assertEquals(List.of("null|null|done"), parse("data: done\n\ndata: pending\n"));
        assertEquals(List.of(), parse("data: no line end"));
    }

    @Test
    void unfinishedOverlongLineCountsAtTheEndOfTheStream() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(10, recorder);
        byte[] bytes = utf8("data: far too long without an end");
        parser.feed(bytes, 0, bytes.length);
        parser.finish();
        assertEquals(1, parser.overlongLines());
        assertEquals(List.of(), recorder.seen);
    }

    @Test
    void byteOrderMarkAtTheStartIsSkippedOnce() {
        assertEquals(List.of("null|null|x"), parse("\uFEFFdata: x\n\n"));
        assertEquals(List.of("null|null|x"), parse("\uFEFFdata: x\n\n\uFEFFdata: y\n\n"),
                "a later BOM belongs to the field name, which is then unknown");
        assertEquals(List.of(), parse("\uFEFF\uFEFFdata: x\n\n"));
    }

    @Test
    void byteOrderMarkSplitAcrossFeedsIsSkipped() {
        byte[] bytes = utf8("\uFEFFdata: x\n\n");
        for (int split = 0; split <= 4; split++) {
            Recorder recorder = new Recorder();
            SseParser parser = new SseParser(100, recorder);
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            assertEquals(List.of("null|null|x"), recorder.seen, "split at " + split);
        }
    }

    @Test
    void bytesThatOnlyBeginLikeAByteOrderMarkAreKept() {
        for (int markBytes = 1; markBytes <= 2; markBytes++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            stream.write(0xEF);
            if (markBytes == 2) {
                stream.write(0xBB);
            }
            stream.writeBytes(utf8("data: x\n\ndata: y\n\n"));
            assertEquals(List.of("null|null|y"), parse(stream.toByteArray(), 100),
                    "the partial mark stays in the first field name, which is then unknown");
        }
    }

    @Test
    void valuesAreDecodedAsUtf8() {
        assertEquals(List.of("\u00e9t\u00e9|\u2603|\u5929\u6c14 \uD83D\uDE00"),
                parse("id: \u00e9t\u00e9\nevent: \u2603\ndata: \u5929\u6c14 \uD83D\uDE00\n\n"));
    }

    @Test
    void multiByteCharactersSplitAcrossFeedsAreDecodedWhole() {
        byte[] bytes = utf8("data: \uD83D\uDE00\u5929\n\n");
        for (int split = 0; split <= bytes.length; split++) {
            Recorder recorder = new Recorder();
            SseParser parser = new SseParser(100, recorder);
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            assertEquals(List.of("null|null|\uD83D\uDE00\u5929"), recorder.seen, "split at " + split);
        }
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() {
        byte[] bytes = {'d', 'a', 't', 'a', ':', ' ', 'a', (byte) 0xFF, 'b', '\n',
            'd', 'a', 't', 'a', ':', ' ', (byte) 0xE2, (byte) 0x82, '\n', '\n'};
        assertEquals(List.of("null|null|a\uFFFDb\n\uFFFD"), parse(bytes, 100));
    }

    @Test
    void garbageAndBinaryBytesNeverThrow() {
        Random random = new Random(1234L);
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(64, recorder);
        assertDoesNotThrow(() -> {
            for (int i = 0; i < 10_000; i++) {
                byte[] chunk = new byte[random.nextInt(300)];
                random.nextBytes(chunk);
                parser.feed(chunk, 0, chunk.length);
                parser.feed(random.nextInt(256));
            }
            byte[] all = new byte[256];
            for (int b = 0; b < 256; b++) {
                all[b] = (byte) b;
            }
            parser.feed(all, 0, all.length);
            parser.finish();
        });
        byte[] after = utf8("\n\ndata: still works\n\n");
        parser.feed(after, 0, after.length);
        assertEquals("still works", recorder.data.get(recorder.data.size() - 1));
    }

    @Test
    void feedOfAnIntUsesItsLowByteAsOutputStreamWriteDoes() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(100, recorder);
        for (byte b : utf8("data: x")) {
            parser.feed(b);
        }
        parser.feed(0x100 + '\n');
        parser.feed(0xFFFFFF00 + '\n');
        assertEquals(List.of("null|null|x"), recorder.seen);
    }

    @Test
    void listenerExceptionPropagatesAndTheParserStaysUsable() {
        List<String> seen = new ArrayList<>();
        SseParser parser = new SseParser(100, (id, event, data) -> {
            if (data.equals("boom")) {
                throw new IllegalStateException("listener failed");
            }
            seen.add(data);
        });
        byte[] first = utf8("event: e\ndata: boom\n\ndata: lost in the same chunk\n\n");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> parser.feed(first, 0, first.length));
        assertEquals("listener failed", thrown.getMessage());
        byte[] second = utf8("data: next\n\n");
        parser.feed(second, 0, second.length);
        assertEquals(List.of("next"), seen, "the failed event's data and type were reset");
        assertEquals(2, parser.events());
    }

    @Test
    void countersStartAtZero() {
        SseParser parser = new SseParser(10, (id, event, data) -> { });
        assertEquals(0, parser.events());
        assertEquals(0, parser.overlongLines());
        assertEquals(0, parser.overlongEvents());
    }

    @Test
    void limitBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SseParser(0, (id, event, data) -> { }));
    }

    @Test
    void retryDefaultIsANoOp() {
        List<String> seen = new ArrayList<>();
        SseParser parser = new SseParser(100, (id, event, data) -> seen.add(data));
        byte[] bytes = utf8("retry: 10\ndata: a\n\n");
        parser.feed(bytes, 0, bytes.length);
        assertEquals(List.of("a"), seen);
    }

    @Test
    void buffersGrownForALargeEventShrinkOnceItIsDispatched() {
        Recorder recorder = new Recorder();
        SseParser parser = new SseParser(4 * 1024 * 1024, recorder);
        String big = "x".repeat(1024 * 1024);
        byte[] stream = utf8("data: " + big + "\ndata: " + big + "\n\n");
        for (int i = 0; i < stream.length; i += 1000) { // split lines: they go through the line buffer
            parser.feed(stream, i, Math.min(1000, stream.length - i));
            if (i == 500_000) {
                assertTrue(parser.lineCapacity() >= 500_000, "the line buffer grew: " + parser.lineCapacity());
            }
        }
        assertEquals(List.of(big + "\n" + big), recorder.data);
        assertTrue(parser.lineCapacity() <= SseParser.RETAINED_CAPACITY, "line buffer " + parser.lineCapacity());
        assertTrue(parser.dataCapacity() <= SseParser.RETAINED_CAPACITY, "data buffer " + parser.dataCapacity());

        parser.feed(utf8("data: after\n\n"), 0, 13);
        assertEquals("after", recorder.data.get(1));
    }

    @Test
    void buffersGrownForAnOverlongLineShrinkToo() {
        SseParser parser = new SseParser(64 * 1024, new Recorder());
        byte[] line = utf8("data: " + "y".repeat(200_000) + "\n\n");
        for (int i = 0; i < line.length; i += 4096) {
            parser.feed(line, i, Math.min(4096, line.length - i));
        }
        assertEquals(1, parser.overlongLines());
        assertTrue(parser.lineCapacity() <= SseParser.RETAINED_CAPACITY, "line buffer " + parser.lineCapacity());
    }

    @Test
    void buffersOfOrdinaryEventsAreKept() {
        SseParser parser = new SseParser(4 * 1024 * 1024, new Recorder());
        byte[] stream = utf8("data: " + "z".repeat(8000) + "\n\n");
        for (int i = 0; i < stream.length; i += 100) {
            parser.feed(stream, i, Math.min(100, stream.length - i));
        }
        assertTrue(parser.lineCapacity() >= 8000, "kept for the next event: " + parser.lineCapacity());
    }
}

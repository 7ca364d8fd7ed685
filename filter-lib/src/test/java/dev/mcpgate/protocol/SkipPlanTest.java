package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SkipPlan}, {@link Brackets#matchingClose} and reading with hidden ranges. */
class SkipPlanTest {

    private static final String PAD = "\"pad\":\"" + "x".repeat(40) + "\"";

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything an envelope answers, to compare two reads. */
    private static String describe(JsonRpcEnvelope e) {
        return List.of(String.valueOf(e.kind()), String.valueOf(e.jsonrpc()), String.valueOf(e.id()),
                String.valueOf(e.idIsString()), String.valueOf(e.method()), String.valueOf(e.paramsName()),
                String.valueOf(e.paramsUri()), String.valueOf(e.paramsCursor()),
                String.valueOf(e.paramsProtocolVersion()), String.valueOf(e.clientName()),
                String.valueOf(e.clientVersion()), String.valueOf(e.hasMeta()), String.valueOf(e.metaClientName()),
                String.valueOf(e.metaClientVersion()), String.valueOf(e.metaProtocolVersion()),
                String.valueOf(e.resultIsError()), String.valueOf(e.resultNextCursor()),
                String.valueOf(e.resultProtocolVersion()), String.valueOf(e.resultText()),
                String.valueOf(e.errorCode()), String.valueOf(e.errorMessage()), String.valueOf(e.truncated()))
                .toString();
    }

    /** Reads with and without the plan, every prefix too, and answers the whole read. */
    private static JsonRpcEnvelope sameWithAndWithoutPlan(String json) {
        byte[] bytes = utf8(json);
        for (int length = 0; length <= bytes.length; length++) {
            if (length > 0) {
                assertEquals(Brackets.allClosed(bytes, 0, length),
                        Brackets.allClosed(bytes, 0, length, SkipPlan.ranges(bytes, 0, length)));
            }
            assertEquals(describe(EnvelopeReader.read(bytes, 0, length, false)),
                    describe(EnvelopeReader.read(bytes, 0, length, true)), () -> json);
        }
        return EnvelopeReader.read(bytes, 0, bytes.length, true);
    }

    private static String hiddenText(String json) {
        byte[] bytes = utf8(json);
        int[] ranges = SkipPlan.ranges(bytes, 0, bytes.length);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ranges.length; i += 2) {
            text.append('|').append(new String(bytes, ranges[i], ranges[i + 1] - ranges[i], StandardCharsets.UTF_8));
        }
        return text.toString();
    }

    private static String toolsList(int tools) {
        StringBuilder json = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"tools\":[");
        for (int i = 0; i < tools; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\":\"tool").append(i)
                    .append("\",\"description\":\"a \\\"quoted\\\" ] } tool \u00e9\uD83D\uDE00\",")
                    .append("\"inputSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}");
        }
        return json.append("],\"nextCursor\":\"c2\"}}").toString();
    }

    @Test
    void matchingCloseIsStringAware() {
        byte[] bytes = utf8("{\"a\":\"}]\\\"{[\\\\\",\"b\":[1,{\"c\":\"\u00e9\"}]} tail");
        int close = Brackets.matchingClose(bytes, 0, bytes.length, 10);
        assertEquals('}', bytes[close]);
        assertEquals(" tail", new String(bytes, close + 1, bytes.length - close - 1, StandardCharsets.UTF_8));
        assertEquals(7, Brackets.matchingClose(utf8("[1,[2],3]"), 3, 9, 10) + 2);
    }

    @Test
    void matchingCloseAnswersMinusOneWhenNotFound() {
        assertEquals(-1, Brackets.matchingClose(utf8("{\"a\":[1,2}"), 0, 10, 10)); // wrong kind
        assertEquals(-1, Brackets.matchingClose(utf8("{\"a\":[1,2]"), 0, 10, 10)); // cut short
        assertEquals(-1, Brackets.matchingClose(utf8("{\"a\":\"}"), 0, 7, 10)); // inside a string
        assertEquals(-1, Brackets.matchingClose(utf8("{\"a\":\"\\\"}"), 0, 9, 10)); // escaped quote
        assertEquals(-1, Brackets.matchingClose(utf8("[[[[]]]]"), 0, 8, 3)); // too deep
        assertEquals(7, Brackets.matchingClose(utf8("[[[[]]]]"), 0, 8, 4));
        String deep = "[".repeat(100) + "]".repeat(100);
        assertEquals(199, Brackets.matchingClose(utf8(deep), 0, 200, 500));
        assertEquals(-1, Brackets.matchingClose(utf8("[".repeat(100) + "]".repeat(99) + "}"), 0, 200, 500));
    }

    @Test
    void longStringsAreFollowedWhereverTheirQuotesAndEscapesFall() {
        for (int at = 0; at < 24; at++) {
            for (String special : new String[] {"\\\"", "\\\\", "]", "\u00e9\uD83D\uDE00", "}"}) {
                String inside = "a".repeat(at) + special + "b".repeat(24 - at);
                String json = "[\"" + inside + "\",{\"k\":\"" + inside + "\"}]";
                byte[] bytes = utf8(json);
                assertEquals(bytes.length - 1, Brackets.matchingClose(bytes, 0, bytes.length, 10), json);
                assertTrue(Brackets.allClosed(bytes, 0, bytes.length), json);
                assertFalse(Brackets.allClosed(bytes, 0, bytes.length - 1), json);
                assertFalse(Brackets.allClosed(bytes, 0, bytes.length - 3 - inside.length() / 2), json);
            }
        }
    }

    @Test
    void toolsListHidesTheToolsAndReadsTheRest() {
        String json = toolsList(20);
        String hidden = hiddenText(json);
        assertTrue(hidden.startsWith("|{\"name\":\"tool0\""), hidden);
        assertTrue(hidden.endsWith("}}}}"), hidden);
        JsonRpcEnvelope envelope = EnvelopeReader.read(utf8(json));
        assertEquals(MessageKind.RESPONSE, envelope.kind());
        assertEquals("c2", envelope.resultNextCursor());
        assertFalse(envelope.truncated());
        sameWithAndWithoutPlan(toolsList(3));
    }

    @Test
    void argumentsWithBracketsQuotesAndEscapesInStringsAreHiddenWhole() {
        String arguments = "{\"s\":\"}]\\\"{[\\\\\",\"t\":[1,2,\"]\"],\"u\":\"\u5929\u6c14\uD83D\uDE00\",\"v\":{}}";
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":"
                + arguments + ",\"name\":\"t\u00e9\"}}";
        assertEquals("|" + arguments.substring(1, arguments.length() - 1), hiddenText(json));
        JsonRpcEnvelope envelope = sameWithAndWithoutPlan(json);
        assertEquals("t\u00e9", envelope.paramsName());
        assertFalse(envelope.truncated());
    }

    @Test
    void contentItemsAfterTheFirstAreHidden() {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hi [\","
                + "\"annotations\":{\"audience\":[\"user\",\"assistant\",\"someone else\"]}},"
                + "{\"type\":\"text\",\"text\":\"second " + "y".repeat(40) + "\"}],\"isError\":true}}";
        String hidden = hiddenText(json);
        assertTrue(hidden.startsWith("|\"audience\""), hidden);
        assertTrue(hidden.contains("|,{\"type\":\"text\",\"text\":\"second"), hidden);
        JsonRpcEnvelope envelope = sameWithAndWithoutPlan(json);
        assertEquals("hi [", envelope.resultText());
        assertTrue(envelope.resultIsError());
    }

    @Test
    void wantedObjectsAreReadNotHidden() {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{\"roots\":{\"listChanged\":true},\"sampling\":{},\"elicitation\":{}},"
                + "\"clientInfo\":{\"name\":\"claude-ai\",\"version\":\"0.1.0\",\"extra\":{" + PAD + "}},"
                + "\"_meta\":{\"io.modelcontextprotocol/clientInfo\":{\"name\":\"m\",\"version\":\"2\",\"x\":[" + PAD.length()
                + "," + PAD.length() + ",\"" + "z".repeat(40) + "\"]},\"other\":{" + PAD + "}}}}";
        String hidden = hiddenText(json);
        assertTrue(hidden.contains("|\"roots\""), hidden);
        assertFalse(hidden.contains("claude-ai"), hidden);
        JsonRpcEnvelope envelope = sameWithAndWithoutPlan(json);
        assertEquals("claude-ai", envelope.clientName());
        assertEquals("m", envelope.metaClientName());
        assertEquals("2025-06-18", envelope.paramsProtocolVersion());
    }

    @Test
    void truncatedValueIsNotHidden() {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"n\",\"arguments\":{"
                + PAD + ",\"b\":[1,2,\"]}\"";
        assertEquals("", hiddenText(json));
        JsonRpcEnvelope envelope = sameWithAndWithoutPlan(json);
        assertTrue(envelope.truncated());
        assertEquals("n", envelope.paramsName());
    }

    @Test
    void escapedMemberNameStopsThePlan() {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"par\\u0061ms\":{\"name\":\"n\",\"arguments\":{"
                + PAD + "}}}";
        assertEquals("", hiddenText(json));
        assertEquals("n", sameWithAndWithoutPlan(json).paramsName());
    }

    @Test
    void tooDeepValueIsNotHidden() {
        int levels = EnvelopeReader.MAX_SKIP_DEPTH + 1;
        String json = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"arguments\":"
                + "[".repeat(levels) + "]".repeat(levels) + "}}";
        assertEquals("", hiddenText(json));
        byte[] bytes = utf8(json);
        assertEquals(describe(EnvelopeReader.read(bytes, 0, bytes.length, false)),
                describe(EnvelopeReader.read(bytes, 0, bytes.length, true)));
    }

    @Test
    void randomlyMangledMessagesReadTheSameWithAndWithoutPlan() {
        Random random = new Random(23L);
        String[] seeds = {toolsList(2),
            "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"error\":{\"code\":-32602,\"data\":{" + PAD + "},\"message\":\"bad\"}}",
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":[" + PAD.length()
                    + ",\"" + "q".repeat(40) + "\"],\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"v\"}}}"};
        String alphabet = "{}[]\",:\\ a1\u00e9";
        for (String seed : seeds) {
            sameWithAndWithoutPlan(seed);
            for (int i = 0; i < 300; i++) {
                StringBuilder mangled = new StringBuilder(seed);
                int at = random.nextInt(mangled.length());
                if (random.nextBoolean()) {
                    mangled.deleteCharAt(at);
                } else {
                    mangled.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
                byte[] bytes = utf8(mangled.toString());
                JsonRpcEnvelope unplanned = EnvelopeReader.read(bytes, 0, bytes.length, false);
                JsonRpcEnvelope planned = EnvelopeReader.read(bytes, 0, bytes.length, true);
                if (!unplanned.truncated()) { // hidden invalid text may only stop reporting truncation
                    assertEquals(describe(unplanned), describe(planned), mangled::toString);
                }
            }
        }
    }

    @Test
    void readerLeavesOutHiddenRangesWhateverTheReadSizes() {
        String text = "ab\u00e9[hidden \u5929]cd\uD83D\uDE00{x}e";
        byte[] bytes = utf8(text);
        String s = new String(bytes, StandardCharsets.UTF_8);
        int open1 = utf8(s.substring(0, s.indexOf('['))).length;
        int close1 = utf8(s.substring(0, s.indexOf(']'))).length;
        int open2 = utf8(s.substring(0, s.indexOf('{'))).length;
        int close2 = utf8(s.substring(0, s.indexOf('}'))).length;
        int[] ranges = {open1 + 1, close1, open2 + 1, close2};
        Random random = new Random(5L);
        for (int max = 1; max < 8; max++) {
            Utf8ArrayReader reader = new Utf8ArrayReader(bytes, 0, bytes.length, ranges);
            StringBuilder read = new StringBuilder();
            char[] buffer = new char[max];
            int count;
            while ((count = reader.read(buffer, 0, 1 + random.nextInt(max))) != -1) {
                read.append(buffer, 0, count);
            }
            assertEquals("ab\u00e9[]cd\uD83D\uDE00{}e", read.toString());
        }
        assertArrayEquals(new int[0], SkipPlan.ranges(utf8("{}"), 0, 2));
    }
}

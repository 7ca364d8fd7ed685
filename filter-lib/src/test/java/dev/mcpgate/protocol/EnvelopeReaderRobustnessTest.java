package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, the reader answers, and answers quickly. The time limits guard against the
 * infinite loop that Parsson's own {@code skipObject()} enters on input that ends inside the
 * skipped value.
 */
class EnvelopeReaderRobustnessTest {

    private static final String REQUEST = """
            {"jsonrpc":"2.0","id":17,"method":"tools/call","params":{"name":"get_weather",\
            "arguments":{"city":"Z\u00fcrich","days":[1,2,{"deep":{"deeper":[null,true,false,-1.5e3]}}]},\
            "_meta":{"progressToken":"p","io.modelcontextprotocol/clientInfo":{"name":"claude-code","version":"2.0"},\
            "io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""";

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void everyPrefixOfARequestIsReadWithoutThrowingOrHanging() {
        byte[] whole = REQUEST.getBytes(StandardCharsets.UTF_8);
        int afterMethod = REQUEST.indexOf("\"params\"");
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int length = 0; length < whole.length; length++) {
                JsonRpcEnvelope envelope = EnvelopeReader.read(whole, 0, length);
                assertNotNull(envelope);
                if (length > afterMethod) {
                    assertEquals(MessageKind.REQUEST, envelope.kind(), "prefix of " + length);
                    assertEquals("17", envelope.id());
                    assertEquals(McpMethod.TOOLS_CALL, envelope.mcpMethod());
                }
                if (length > afterMethod && length < whole.length - 1) {
                    assertTrue(envelope.truncated(), "prefix of " + length);
                }
            }
        });
        JsonRpcEnvelope complete = EnvelopeReader.read(whole);
        assertFalse(complete.truncated());
        assertEquals("claude-code", complete.metaClientName());
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(20260728L);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < 10_000; i++) {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                if (bytes.length > 0 && random.nextBoolean()) {
                    bytes[0] = '{'; // reach the parser, not just the first-byte check
                }
                assertNotNull(EnvelopeReader.read(bytes).kind());
            }
        });
    }

    @Test
    void mutatedMessagesNeverThrow() {
        Random random = new Random(42L);
        byte[] original = REQUEST.getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}[]\":,\\ 0123456789.eE+-tfnul\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < 10_000; i++) {
                byte[] bytes = original.clone();
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits; e++) {
                    bytes[random.nextInt(bytes.length)] = alphabet[random.nextInt(alphabet.length)];
                }
                int length = random.nextInt(bytes.length + 1);
                assertNotNull(EnvelopeReader.read(bytes, 0, length).kind());
            }
        });
    }

    @Test
    void deepNestingThatClosesIsSteppedOverWhole() {
        String deep = "[{\"a\":".repeat(5_000) + "1" + "}]".repeat(5_000);
        String json = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"arguments\":" + deep
                + ",\"name\":\"after\"},\"id\":1}";
        JsonRpcEnvelope envelope = assertTimeoutPreemptively(LIMIT, () -> EnvelopeReaderTest.read(json));
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("1", envelope.id());
        assertEquals("after", envelope.paramsName());
        assertFalse(envelope.truncated());
    }

    @Test
    void deepNestingThatNeverClosesKeepsWhatWasReadBefore() {
        String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"n\",\"arguments\":"
                + "[".repeat(10_000);
        JsonRpcEnvelope envelope = assertTimeoutPreemptively(LIMIT, () -> EnvelopeReaderTest.read(json));
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("1", envelope.id());
        assertEquals("n", envelope.paramsName());
        assertTrue(envelope.truncated(), "reading gave up inside the nesting");
    }

    @Test
    void deepNestingOfUnclosedObjectsNeverThrows() {
        String json = "{\"id\":1,\"method\":\"tools/call\",\"params\":{\"arguments\":" + "{\"a\":".repeat(10_000);
        JsonRpcEnvelope envelope = assertTimeoutPreemptively(LIMIT, () -> EnvelopeReaderTest.read(json));
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertTrue(envelope.truncated());
    }

    @Test
    void deepNestingAtTheTopLevelIsNoJsonRpc() {
        String closed = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertEquals(MessageKind.NOT_JSON_RPC, assertTimeoutPreemptively(LIMIT, () -> EnvelopeReaderTest.read(closed)).kind());
        String open = "{\"a\":".repeat(10_000) + "1";
        JsonRpcEnvelope cut = assertTimeoutPreemptively(LIMIT, () -> EnvelopeReaderTest.read(open));
        assertEquals(MessageKind.NOT_JSON, cut.kind());
        assertTrue(cut.truncated());
    }

    @Test
    void bracketsThatBalanceAroundInvalidJsonNeverHang() {
        String[] bodies = {
            "{\"id\":1,\"method\":\"x\",\"params\":{\"a\":[}],\"b\":{]}}",
            "{\"id\":1,\"method\":\"x\",\"params\":{\"a\":{\"b\":\"}\\\"\"}}}",
            "{\"id\":1,\"params\":{\"a\":[1 2]}}",
            "{\"id\":1,\"params\":{\"a\":{\"\\q\":[]}}}",
            "{\"id\":1,\"params\":{\"a\":{}}} {\"b\":[]}",
            "{\"id\":1,\"params\":{\"a\":[\"]\"}]}}]",
        };
        assertTimeoutPreemptively(LIMIT, () -> {
            for (String body : bodies) {
                assertNotNull(EnvelopeReaderTest.read(body).kind(), body);
                assertNotNull(EnvelopeReader.read(body).kind(), body);
            }
        });
    }

    @Test
    void randomBracketSoupNeverHangs() {
        Random random = new Random(99L);
        char[] alphabet = "{}[]\":,1 \\ab".toCharArray();
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int i = 0; i < 20_000; i++) {
                StringBuilder body = new StringBuilder("{\"id\":1,\"params\":");
                int length = random.nextInt(30);
                for (int c = 0; c < length; c++) {
                    body.append(alphabet[random.nextInt(alphabet.length)]);
                }
                assertNotNull(EnvelopeReaderTest.read(body.toString()).kind());
                assertNotNull(EnvelopeReader.read(body.toString()).kind());
            }
        });
    }

    @Test
    void aSkippedValueClosedByTheWrongBracketCutsTheReadShort() {
        String json = "{\"method\":\"tools/call\",\"id\":3,\"params\":{\"arguments\":[{\"x\":1]}],\"name\":\"after\"}}";
        JsonRpcEnvelope envelope = EnvelopeReaderTest.read(json);
        assertEquals("3", envelope.id());
        assertNull(envelope.paramsName());
        assertTrue(envelope.truncated());
    }

    @Test
    void hugeNumbersAreSteppedOverWithoutConversion() {
        String huge = "9".repeat(100_000) + "e999999999";
        String json = "{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"arguments\":{\"n\":" + huge
                + "},\"name\":\"calc\"},\"id\":" + huge + "}";
        JsonRpcEnvelope envelope = assertTimeoutPreemptively(LIMIT, () -> EnvelopeReaderTest.read(json));
        assertEquals("calc", envelope.paramsName());
        assertEquals(huge, envelope.id());
    }

    @Test
    void everyByteValueAfterAnOpeningBraceIsHandled() {
        for (int b = 0; b < 256; b++) {
            byte[] bytes = {'{', (byte) b, '}'};
            assertNotNull(EnvelopeReader.read(bytes).kind(), "byte " + b);
        }
    }
}

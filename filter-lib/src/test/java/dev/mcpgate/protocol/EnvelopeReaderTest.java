package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeReaderTest {

    static JsonRpcEnvelope read(String json) {
        return EnvelopeReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void requestMembersAreRead() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":7,"method":"tools/call",
                 "params":{"name":"get_weather","arguments":{"city":"Paris"}}}""");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("2.0", envelope.jsonrpc());
        assertEquals("7", envelope.id());
        assertFalse(envelope.idIsString());
        assertEquals("tools/call", envelope.method());
        assertEquals(McpMethod.TOOLS_CALL, envelope.mcpMethod());
        assertEquals("get_weather", envelope.paramsName());
        assertEquals("get_weather", envelope.target());
        assertFalse(envelope.truncated());
    }

    @Test
    void stringIdIsKeptAsSentAndFlagged() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"method\":\"ping\"}");
        assertEquals("7", envelope.id());
        assertTrue(envelope.idIsString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "-3", "7.0", "1e3", "0", "123456789012345678901234567890",
        "1.5E+99999999", "-0.000000000000000000000001"})
    void numericIdIsKeptAsWritten(String literal) {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":" + literal + ",\"result\":{}}");
        assertEquals(MessageKind.RESPONSE, envelope.kind());
        assertEquals(literal, envelope.id());
        assertFalse(envelope.idIsString());
    }

    @Test
    void nullIdIsNoIdButStillMakesARequest() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertNull(envelope.id());
    }

    @Test
    void idOfAnotherTypeIsIgnored() {
        JsonRpcEnvelope envelope = read("{\"id\":{\"x\":[1,2]},\"method\":\"tools/list\",\"jsonrpc\":\"2.0\"}");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertNull(envelope.id());
        assertEquals("tools/list", envelope.method());
    }

    @Test
    void methodWithoutIdIsANotification() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","method":"notifications/progress",
                 "params":{"progressToken":"t1","progress":50,"total":100}}""");
        assertEquals(MessageKind.NOTIFICATION, envelope.kind());
        assertNull(envelope.id());
        assertEquals(McpMethod.NOTIFICATION_PROGRESS, envelope.mcpMethod());
    }

    @Test
    void unknownMethodKeepsItsName() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vendor/custom\"}");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("vendor/custom", envelope.method());
        assertEquals(McpMethod.UNKNOWN, envelope.mcpMethod());
        assertNull(envelope.target());
    }

    @Test
    void resultMembersAreRead() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":"a1","result":{"tools":[{"name":"t"}],"nextCursor":"page-2"}}""");
        assertEquals(MessageKind.RESPONSE, envelope.kind());
        assertEquals("a1", envelope.id());
        assertEquals("page-2", envelope.resultNextCursor());
        assertFalse(envelope.resultIsError());
        assertNull(envelope.errorCode());
    }

    @Test
    void toolErrorIsReadFromIsError() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"text","text":"no such city"}],"isError":true}}""");
        assertEquals(MessageKind.RESPONSE, envelope.kind());
        assertTrue(envelope.resultIsError());
        assertEquals("no such city", envelope.resultText(), "content comes before isError and is kept");
    }

    @Test
    void resultTextIsTheFirstTextItemOnlyAndBounded() {
        String longText = "x".repeat(EnvelopeReader.MAX_RESULT_TEXT + 100);
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"text\":\""
                + longText + "\",\"type\":\"text\",\"annotations\":{\"a\":[1]}},{\"type\":\"text\",\"text\":\"second\"}],"
                + "\"isError\":true,\"nextCursor\":\"n\"}}");
        assertEquals(EnvelopeReader.MAX_RESULT_TEXT, envelope.resultText().length());
        assertEquals("n", envelope.resultNextCursor(), "members after the content are still read");
    }

    @Test
    void aLongResultTextIsCutAfterItsFirstCharactersWhateverFallsAtTheCut() {
        int max = EnvelopeReader.MAX_RESULT_TEXT;
        String[][] specials = {{"\u00e9", "\u00e9"}, {"\u5929", "\u5929"}, {"\uD83D\uDE00", "\uD83D\uDE00"},
            {"\\n", "\n"}, {"\\u00e9", "\u00e9"}, {"\\uD83D\\uDE00", "\uD83D\uDE00"}, {"\\\\", "\\"}};
        for (String[] special : specials) {
            for (int before = max - 6; before <= max + 2; before++) {
                for (int after : new int[] {0, 5, 3 * max}) {
                    String written = "y".repeat(before) + special[0].repeat(3) + "z".repeat(after);
                    String meant = "y".repeat(before) + special[1].repeat(3) + "z".repeat(after);
                    JsonRpcEnvelope envelope = read("{\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
                            + written + "\"}]}}");
                    assertEquals(meant.length() <= max ? meant : meant.substring(0, max), envelope.resultText(), written);
                }
            }
        }
        byte[] stray = ("{\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + "y".repeat(max - 1)
                + "\u0080\u0080\u0080\u0080\u0080\u0080\"}]}}").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("y".repeat(max - 1) + "\uFFFD", EnvelopeReader.read(stray).resultText(), "stray continuation bytes");
    }

    @Test
    void resultTextIsNullWhenTheFirstItemIsNotText() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":3,"result":{"content":[{"type":"image","data":"AAAA"},{"type":"text","text":"t"}]}}""");
        assertNull(envelope.resultText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "\"true\"", "1", "null", "{\"a\":true}", "[true]"})
    void isErrorCountsOnlyWhenItIsJsonTrue(String value) {
        JsonRpcEnvelope envelope = read("{\"id\":3,\"result\":{\"isError\":" + value + ",\"nextCursor\":\"n\"}}");
        assertFalse(envelope.resultIsError());
        assertEquals("n", envelope.resultNextCursor(), "members after the value are still read");
    }

    @Test
    void initializeAnswerGivesTheChosenProtocolVersion() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18",
                 "capabilities":{"tools":{"listChanged":true}},"serverInfo":{"name":"demo","version":"1"}}}""");
        assertEquals("2025-06-18", envelope.resultProtocolVersion());
        assertEquals("2025-06-18", envelope.protocolVersion());
        assertNull(envelope.paramsProtocolVersion());
    }

    @Test
    void errorMembersAreRead() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":9,"error":{"code":-32602,"message":"Unknown tool: nope","data":{"x":[1]}}}""");
        assertEquals(MessageKind.ERROR, envelope.kind());
        assertEquals("9", envelope.id());
        assertEquals(-32602, envelope.errorCode());
        assertEquals("Unknown tool: nope", envelope.errorMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-32602.5", "1e3", "99999999999", "-2147483649", "\"-32602\"", "null", "{}"})
    void errorCodeThatIsNoIntIsNull(String code) {
        JsonRpcEnvelope envelope = read("{\"id\":9,\"error\":{\"code\":" + code + ",\"message\":\"m\"}}");
        assertEquals(MessageKind.ERROR, envelope.kind());
        assertNull(envelope.errorCode());
        assertEquals("m", envelope.errorMessage());
    }

    @Test
    void errorCodeAtTheIntBoundsIsKept() {
        assertEquals(Integer.MIN_VALUE, read("{\"id\":1,\"error\":{\"code\":-2147483648}}").errorCode());
        assertEquals(Integer.MAX_VALUE, read("{\"id\":1,\"error\":{\"code\":2147483647}}").errorCode());
    }

    @Test
    void nullResultBesideAnErrorIsAnError() {
        JsonRpcEnvelope envelope = read("{\"id\":1,\"result\":null,\"error\":{\"code\":-1,\"message\":\"x\"}}");
        assertEquals(MessageKind.ERROR, envelope.kind());
    }

    @Test
    void nullErrorBesideAResultIsAResponse() {
        JsonRpcEnvelope envelope = read("{\"id\":1,\"error\":null,\"result\":{\"isError\":true}}");
        assertEquals(MessageKind.RESPONSE, envelope.kind());
        assertTrue(envelope.resultIsError());
    }

    @Test
    void membersAreReadInAnyOrder() {
        JsonRpcEnvelope envelope = read("""
                {"params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"},
                  "arguments":{"q":1},"name":"search"},
                 "id":"r-1","method":"tools/call","jsonrpc":"2.0"}""");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("r-1", envelope.id());
        assertEquals("search", envelope.paramsName());
        assertEquals("2026-07-28", envelope.metaProtocolVersion());
        assertEquals("2.0", envelope.jsonrpc());
    }

    @Test
    void modernMetaGivesClientIdentityAndProtocolVersion() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":4,"method":"resources/read","params":{"uri":"file:///a.txt",
                 "_meta":{"traceparent":"00-abc-01","io.modelcontextprotocol/clientInfo":{"name":"claude-ai","version":"0.1.0","title":"Claude"},
                 "io.modelcontextprotocol/clientCapabilities":{"sampling":{}},
                 "io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""");
        assertTrue(envelope.hasMeta());
        assertEquals("claude-ai", envelope.metaClientName());
        assertEquals("0.1.0", envelope.metaClientVersion());
        assertEquals("2026-07-28", envelope.metaProtocolVersion());
        assertEquals("2026-07-28", envelope.protocolVersion());
        assertEquals(new ClientIdentity("claude-ai", "0.1.0", ClientPlatform.CLAUDE), envelope.clientIdentity());
        assertNull(envelope.clientName(), "the _meta client is not params.clientInfo");
        assertEquals("file:///a.txt", envelope.paramsUri());
        assertEquals("file:///a.txt", envelope.target());
    }

    @Test
    void metaTraceContextIsReadAndADuplicateOfItIsNoAmbiguity() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_weather",
                 "_meta":{"traceparent":"00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01",
                 "tracestate":"rojo=00f067aa0ba902b7"}}}""");
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01", envelope.metaTraceparent());
        assertEquals("rojo=00f067aa0ba902b7", envelope.metaTracestate());
        JsonRpcEnvelope twice = read("""
                {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_weather",
                 "_meta":{"traceparent":"00-1","traceparent":"00-2"}}}""");
        assertEquals("00-2", twice.metaTraceparent(), "the last, as the server's parser reads it");
        assertTrue(twice.complete(), "nothing the server runs depends on it");
        assertNull(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":{\"traceparent\":7}}}")
                .metaTraceparent(), "not a string");
    }

    @Test
    void legacyInitializeGivesClientInfoAndRequestedVersion() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                 "capabilities":{"roots":{"listChanged":true}},"clientInfo":{"name":"cursor-vscode","version":"1.0.0"}}}""");
        assertEquals(McpMethod.INITIALIZE, envelope.mcpMethod());
        assertEquals("2025-06-18", envelope.paramsProtocolVersion());
        assertEquals("2025-06-18", envelope.protocolVersion());
        assertEquals("cursor-vscode", envelope.clientName());
        assertEquals("1.0.0", envelope.clientVersion());
        assertEquals(ClientPlatform.CURSOR, envelope.clientIdentity().platform());
        assertFalse(envelope.hasMeta());
    }

    @Test
    void paramsClientInfoWinsOverMetaClientInfo() {
        JsonRpcEnvelope envelope = read("""
                {"id":1,"method":"initialize","params":{"clientInfo":{"name":"Zed","version":"2"},
                 "_meta":{"io.modelcontextprotocol/clientInfo":{"name":"codex","version":"3"}}}}""");
        assertEquals(ClientPlatform.ZED, envelope.clientIdentity().platform());
        assertEquals("2", envelope.clientIdentity().version());
        assertEquals("codex", envelope.metaClientName());
    }

    @Test
    void noClientInfoIsTheUnknownIdentity() {
        assertSame(ClientIdentity.UNKNOWN, read("{\"id\":1,\"method\":\"tools/list\"}").clientIdentity());
    }

    @Test
    void paramsProtocolVersionComesBeforeMetaVersion() {
        JsonRpcEnvelope envelope = read("""
                {"id":1,"method":"x","params":{"protocolVersion":"2025-03-26",
                 "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""");
        assertEquals("2025-03-26", envelope.protocolVersion());
    }

    @Test
    void cursorAndPromptNameAreRead() {
        assertEquals("c2", read("{\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"c2\"}}").paramsCursor());
        JsonRpcEnvelope prompt = read("{\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"review\"}}");
        assertEquals("review", prompt.target());
    }

    @Test
    void membersInsideSkippedValuesAreNotMistakenForEnvelopeMembers() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","method":"tools/call","params":{"arguments":{"name":"evil","uri":"x:y",
                  "id":99,"method":"initialize","_meta":{"io.modelcontextprotocol/protocolVersion":"2099-01-01"},
                  "clientInfo":{"name":"claude-ai"}},"name":"real"},"id":5}""");
        assertEquals("real", envelope.paramsName());
        assertNull(envelope.paramsUri());
        assertEquals("5", envelope.id());
        assertEquals("tools/call", envelope.method());
        assertNull(envelope.metaProtocolVersion());
        assertNull(envelope.clientName());
        assertFalse(envelope.hasMeta());
    }

    @Test
    void resultContentIsSkippedWithoutPickingUpNestedMembers() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":"2.0","result":{"content":[{"type":"text","isError":true,"nextCursor":"no"}],
                 "structuredContent":{"protocolVersion":"no"}},"id":2}""");
        assertFalse(envelope.resultIsError());
        assertNull(envelope.resultNextCursor());
        assertNull(envelope.resultProtocolVersion());
        assertEquals("2", envelope.id());
    }

    @Test
    void largeArgumentsAreSkipped() {
        StringBuilder arguments = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < 50_000; i++) {
            arguments.append(i == 0 ? "" : ",").append("{\"name\":\"row").append(i).append("\",\"v\":[1.5,true,null]}");
        }
        arguments.append("],\"text\":\"").append("x".repeat(1_000_000)).append("\"}");
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"method\":\"tools/call\",\"params\":{\"arguments\":"
                + arguments + ",\"name\":\"bulk\"},\"id\":11}");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("bulk", envelope.paramsName());
        assertEquals("11", envelope.id());
        assertFalse(envelope.truncated());
    }

    @Test
    void wrongTypesForEnvelopeMembersAreIgnored() {
        JsonRpcEnvelope envelope = read("""
                {"jsonrpc":2,"id":1,"method":"tools/call","params":{"name":{"n":"x"},"uri":7,"cursor":null,
                 "clientInfo":"claude-ai","_meta":[1]}}""");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertNull(envelope.jsonrpc());
        assertNull(envelope.paramsName());
        assertNull(envelope.paramsUri());
        assertNull(envelope.paramsCursor());
        assertNull(envelope.clientName());
        assertFalse(envelope.hasMeta());
    }

    @Test
    void methodThatIsNoStringMakesNoRequest() {
        assertEquals(MessageKind.NOT_JSON_RPC, read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}").kind());
    }

    @Test
    void escapedMemberNamesAndValuesAreUnescaped() {
        JsonRpcEnvelope envelope = read("{\"id\":1,\"meth\\u006fd\":\"tools\\/call\",\"params\":{\"name\":\"caf\\u00e9\"}}");
        assertEquals(McpMethod.TOOLS_CALL, envelope.mcpMethod());
        assertEquals("caf\u00e9", envelope.paramsName());
    }

    @Test
    void nonAsciiValuesAreDecodedAsUtf8() {
        assertEquals("\u5929\u6c14 \u2603", read("{\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"\u5929\u6c14 \u2603\"}}").paramsName());
    }

    @Test
    void malformedUtf8InAStringIsReplacedNotFatal() {
        byte[] bytes = "{\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a?b\"}}".getBytes(StandardCharsets.US_ASCII);
        int question = new String(bytes, StandardCharsets.US_ASCII).indexOf('?');
        bytes[question] = (byte) 0xFF;
        JsonRpcEnvelope envelope = EnvelopeReader.read(bytes);
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("a\uFFFDb", envelope.paramsName());
    }

    @Test
    void topLevelArrayIsABatch() {
        assertSame(JsonRpcEnvelope.BATCH, read("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"));
        assertEquals(MessageKind.BATCH, read(" \n[").kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\r\n\t  ", "\uFEFF", "\uFEFF  \n"})
    void noBytesOrOnlyWhitespaceIsEmpty(String body) {
        assertSame(JsonRpcEnvelope.EMPTY, read(body));
    }

    @Test
    void nullBytesAreEmpty() {
        assertSame(JsonRpcEnvelope.EMPTY, EnvelopeReader.read((byte[]) null));
        assertSame(JsonRpcEnvelope.EMPTY, EnvelopeReader.read(null, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"a string\"", "true", "null", "hello", "<html>", "{", "{garbage}", "{\"a\" 1}",
        "{'id':1}", "\u0000\u0001"})
    void scalarsAndNonJsonAreNotJson(String body) {
        JsonRpcEnvelope envelope = read(body);
        assertEquals(MessageKind.NOT_JSON, envelope.kind());
        assertEquals(body.startsWith("{"), envelope.truncated(), "an object that stops being JSON is cut short");
        assertFalse(envelope.complete());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":1}", "{\"jsonrpc\":\"2.0\"}", "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "{\"params\":{\"name\":\"x\"}}"})
    void objectsWithoutMethodResultOrErrorAreNotJsonRpc(String body) {
        JsonRpcEnvelope envelope = read(body);
        assertEquals(MessageKind.NOT_JSON_RPC, envelope.kind());
        assertFalse(envelope.truncated());
    }

    @Test
    void byteOrderMarkIsSkipped() {
        JsonRpcEnvelope envelope = read("\uFEFF{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals(McpMethod.PING, envelope.mcpMethod());
    }

    @Test
    void onlyTheGivenRangeIsRead() {
        byte[] json = "{\"id\":1,\"method\":\"tools/list\"}".getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[json.length + 20];
        java.util.Arrays.fill(padded, (byte) '#');
        System.arraycopy(json, 0, padded, 10, json.length);
        JsonRpcEnvelope envelope = EnvelopeReader.read(padded, 10, json.length);
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals(McpMethod.TOOLS_LIST, envelope.mcpMethod());
        assertFalse(envelope.truncated());
    }

    @Test
    void aRangeOutsideTheArrayIsTheCallersBug() {
        assertThrows(IndexOutOfBoundsException.class, () -> EnvelopeReader.read(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> EnvelopeReader.read(new byte[4], -1, 1));
    }

    @Test
    void aRequestIsReadToItsEndEvenOnceEveryMemberIsKnown() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}, garbage ]]]");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals(McpMethod.TOOLS_LIST, envelope.mcpMethod(), "what was read is still reported");
        assertTrue(envelope.truncated(), "a duplicate method could have followed");
        assertFalse(envelope.complete());
    }

    @Test
    void anAnswerIsReadToItsEnd() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"nextCursor\":\"n\"}, !!!");
        assertEquals(MessageKind.RESPONSE, envelope.kind());
        assertEquals("n", envelope.resultNextCursor());
        assertTrue(envelope.truncated());
    }

    @Test
    void aWholeUnambiguousMessageIsComplete() {
        assertTrue(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}").complete());
        assertTrue(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}  \r\n").complete());
        assertFalse(read("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]").complete(), "a batch is not read");
        assertFalse(read("{\"id\":").complete());
        assertFalse(read("").complete());
    }

    @Test
    void aNotificationIsReadToItsEndBecauseAnIdMayStillCome() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}, !!!");
        assertEquals(MessageKind.NOTIFICATION, envelope.kind());
        assertTrue(envelope.truncated());
    }

    @Test
    void truncatedRequestStillGivesIdAndMethod() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"tools/call\",\"params\":{\"name\":\"upload\",\"arguments\":{\"blob\":\"AAAA");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("42", envelope.id());
        assertEquals(McpMethod.TOOLS_CALL, envelope.mcpMethod());
        assertEquals("upload", envelope.paramsName());
        assertTrue(envelope.truncated());
    }

    @Test
    void truncatedResponseIsStillAResponse() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":\"q\",\"result\":{\"isError\":true,\"content\":[{\"type\":\"text\",\"text\":\"abc");
        assertEquals(MessageKind.RESPONSE, envelope.kind());
        assertEquals("q", envelope.id());
        assertTrue(envelope.resultIsError());
        assertTrue(envelope.truncated());
    }

    @Test
    void garbageAfterTheEnvelopeMembersKeepsWhatWasRead() {
        JsonRpcEnvelope envelope = read("{\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":3}, \"x\": tru }");
        assertEquals(MessageKind.NOTIFICATION, envelope.kind());
        assertEquals(McpMethod.NOTIFICATION_CANCELLED, envelope.mcpMethod());
        assertTrue(envelope.truncated());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"w\",\"arguments\":{\"a\":[1]}}}",
        "\uFEFF {\"id\":\"s\",\"result\":{\"isError\":true,\"nextCursor\":\"n\",\"content\":[{}]}}",
        "{\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}",
        "{\"method\":\"notifications/progress\",\"params\":{\"_meta\":{\"io.modelcontextprotocol/clientInfo\":{\"name\":\"Zed\"}}}}",
        "{\"id\":3,\"method\":\"tools/call\",\"params\":{\"arguments\":[[[",
        "[1]", "", "  ", "\uFEFF", "42", "{}", "{garbage"})
    void aStringReadsLikeItsUtf8Bytes(String json) {
        JsonRpcEnvelope fromBytes = read(json);
        JsonRpcEnvelope fromString = EnvelopeReader.read(json);
        assertEquals(fromBytes.toString(), fromString.toString());
        assertEquals(fromBytes.kind(), fromString.kind());
        assertEquals(fromBytes.truncated(), fromString.truncated());
        assertEquals(fromBytes.resultNextCursor(), fromString.resultNextCursor());
        assertEquals(fromBytes.errorMessage(), fromString.errorMessage());
        assertEquals(fromBytes.clientIdentity(), fromString.clientIdentity());
    }

    @Test
    void aStringIsReadWithoutItsByteOrderMarkAndLeadingWhitespace() {
        JsonRpcEnvelope envelope = EnvelopeReader.read("\uFEFF\r\n {\"id\":2,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\"}}");
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals("p", envelope.target());
        assertSame(JsonRpcEnvelope.EMPTY, EnvelopeReader.read((String) null));
    }

    @Test
    void toStringNamesKindIdMethodAndTarget() {
        String text = read("{\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"w\"}}").toString();
        assertEquals("JsonRpcEnvelope[REQUEST id=7 method=tools/call target=w]", text);
    }
}

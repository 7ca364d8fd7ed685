package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10, item 4: a member the reader extracts, named twice in the same object, makes the
 * message ambiguous, wherever the second one is, and the values reported are the last ones (what
 * Jackson and {@code JSON.parse} read, so what the MCP server acts on).
 */
class EnvelopeReaderDuplicatesTest {

    /** The smuggling body of the issue: recorded as tools/list while the server runs the tool. */
    static final String SMUGGLED_CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{},"
            + "\"method\":\"tools/call\",\"params\":{\"name\":\"delete_all\"}}";

    private static JsonRpcEnvelope read(String json) {
        return EnvelopeReader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSmuggledToolCallIsAmbiguousAndReadAsTheServerReadsIt() {
        JsonRpcEnvelope envelope = read(SMUGGLED_CALL);
        assertTrue(envelope.ambiguous());
        assertFalse(envelope.complete());
        assertEquals("duplicate member \"method\"", envelope.ambiguity());
        assertEquals(McpMethod.TOOLS_CALL, envelope.mcpMethod(), "the last method, as Jackson reads it");
        assertEquals("delete_all", envelope.target(), "the last params");
        assertEquals(EnvelopeReader.read(SMUGGLED_CALL).toString(), envelope.toString(), "string and bytes agree");
    }

    /** Each member the reader extracts, duplicated; the rest of the message is a plain tools/call. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "jsonrpc                 | \"jsonrpc\":\"2.0\",\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\"}",
        "id                      | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\"},\"id\":2",
        "method                  | \"method\":\"tools/call\",\"jsonrpc\":\"2.0\",\"id\":1,\"params\":{\"name\":\"a\"},\"method\":\"tools/call\"",
        "params                  | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\"},\"params\":{\"name\":\"a\"}",
        "params.name             | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"arguments\":{},\"name\":\"a\"}",
        "params.uri              | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"uri\":\"x:1\",\"uri\":\"x:2\"}",
        "params.cursor           | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"cursor\":\"1\",\"cursor\":\"2\"}",
        "params.protocolVersion  | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"protocolVersion\":\"2025-06-18\",\"protocolVersion\":\"2025-03-26\"}",
        "params.clientInfo       | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"clientInfo\":{\"name\":\"x\"},\"clientInfo\":{\"name\":\"y\"}}",
        "params._meta            | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"_meta\":{},\"_meta\":{}}",
        "params.clientInfo.name  | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"clientInfo\":{\"name\":\"x\",\"name\":\"y\"}}",
        "params._meta.io.modelcontextprotocol/protocolVersion | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/protocolVersion\":\"2025-06-18\"}}",
        "params._meta.clientInfo.name | \"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"_meta\":{\"io.modelcontextprotocol/clientInfo\":{\"name\":\"x\",\"name\":\"y\"}}}",
    })
    void eachDuplicatedMemberMakesTheMessageAmbiguous(String member, String members) {
        JsonRpcEnvelope envelope = read("{" + members + "}");
        assertTrue(envelope.ambiguous(), member);
        assertEquals("duplicate member \"" + member + "\"", envelope.ambiguity());
        assertFalse(envelope.complete());
        assertEquals(MessageKind.REQUEST, envelope.kind());
        assertEquals(McpMethod.TOOLS_CALL, envelope.mcpMethod());
        assertFalse(envelope.truncated());
    }

    @Test
    void aDuplicateWhoseNameIsEscapedIsStillADuplicate() {
        JsonRpcEnvelope envelope = read("{\"id\":1,\"method\":\"tools/list\",\"meth\\u006fd\":\"tools/call\"}");
        assertTrue(envelope.ambiguous());
        assertEquals(McpMethod.TOOLS_CALL, envelope.mcpMethod());
    }

    @Test
    void aDuplicateBehindAValueLargeEnoughToBeHiddenIsFound() {
        String padding = "{\"blob\":\"" + "A".repeat(100_000) + "\",\"rows\":[" + "[1,2,3],".repeat(1_000) + "[]]}";
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{},\"pad\":"
                + padding + ",\"method\":\"tools/call\",\"params\":{\"arguments\":" + padding + ",\"name\":\"x\"}}");
        assertTrue(envelope.ambiguous());
        assertEquals(McpMethod.TOOLS_CALL, envelope.mcpMethod());
        assertEquals("x", envelope.paramsName());
    }

    @Test
    void aSecondParamsReplacesTheFirstWhole() {
        JsonRpcEnvelope envelope = read("{\"id\":1,\"method\":\"tools/list\",\"params\":{\"cursor\":\"c\","
                + "\"clientInfo\":{\"name\":\"a\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}},"
                + "\"params\":{\"name\":\"n\"}}");
        assertTrue(envelope.ambiguous());
        assertEquals("n", envelope.paramsName());
        assertNull(envelope.paramsCursor(), "Jackson keeps only the last params object");
        assertNull(envelope.clientName());
        assertNull(envelope.metaProtocolVersion());
        assertFalse(envelope.hasMeta());
    }

    @Test
    void aLastMethodThatIsNoStringLeavesNoMethod() {
        JsonRpcEnvelope envelope = read("{\"id\":1,\"method\":\"tools/list\",\"method\":null}");
        assertTrue(envelope.ambiguous());
        assertNull(envelope.method(), "Jackson reads null");
    }

    @Test
    void aSecondIdReplacesTheFirst() {
        JsonRpcEnvelope envelope = read("{\"id\":\"a\",\"method\":\"ping\",\"id\":7}");
        assertTrue(envelope.ambiguous());
        assertEquals("7", envelope.id());
        assertFalse(envelope.idIsString());
    }

    @Test
    void contentAfterTheMessageIsAmbiguous() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"
                + "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}");
        assertTrue(envelope.ambiguous());
        assertEquals("content after the message", envelope.ambiguity());
        assertFalse(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"} \n").ambiguous(),
                "whitespace after the message is fine");
    }

    @Test
    void duplicatesInsideValuesTheReaderStepsOverAreNotItsBusiness() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\","
                + "\"arguments\":{\"method\":1,\"method\":2,\"name\":\"x\",\"name\":\"y\"}},\"extra\":1,\"extra\":2}");
        assertFalse(envelope.ambiguous());
        assertTrue(envelope.complete());
    }

    @Test
    void sameNamesAtDifferentLevelsAreNoDuplicates() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"},"
                + "\"_meta\":{\"io.modelcontextprotocol/clientInfo\":{\"name\":\"c\",\"version\":\"1\"}},\"name\":\"n\"}}");
        assertFalse(envelope.ambiguous());
        assertTrue(envelope.complete());
    }

    @Test
    void aDuplicateInAnAnswerIsAmbiguousToo() {
        JsonRpcEnvelope envelope = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]},\"result\":{\"isError\":true}}");
        assertTrue(envelope.ambiguous());
        assertTrue(envelope.resultIsError());
    }
}

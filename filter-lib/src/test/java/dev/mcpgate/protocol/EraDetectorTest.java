package dev.mcpgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EraDetectorTest {

    private static final JsonRpcEnvelope MODERN_BODY = EnvelopeReaderTest.read("""
            {"jsonrpc":"2.0","id":1,"method":"tools/list",
             "params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""");
    private static final JsonRpcEnvelope LEGACY_INITIALIZE = EnvelopeReaderTest.read("""
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18"}}""");
    private static final JsonRpcEnvelope PLAIN_TOOLS_CALL = EnvelopeReaderTest.read("""
            {"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x"}}""");

    private static Era headersOnly(String version, String method, String name, String session) {
        return EraDetector.detect(version, method, name, session, null);
    }

    private static Era bodyOnly(JsonRpcEnvelope body) {
        return EraDetector.detect(null, null, null, null, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-07-28", "2027-03-01"})
    void modernProtocolVersionHeaderMeansModern(String version) {
        assertEquals(Era.MODERN, headersOnly(version, null, null, null));
        assertEquals(Era.MODERN, EraDetector.detect(version, null, null, "session-1", LEGACY_INITIALIZE),
                "the version header outranks every other sign");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-06-18", "2025-11-25", "2024-11-05", "2024-01-01"})
    void olderProtocolVersionHeaderMeansLegacy(String version) {
        assertEquals(Era.LEGACY, headersOnly(version, null, null, null));
        assertEquals(Era.LEGACY, EraDetector.detect(version, "tools/list", "x", null, MODERN_BODY),
                "the version header outranks the modern headers and body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "latest", "2026-7-28", "2026-07-28; q=1"})
    void malformedProtocolVersionHeaderIsIgnored(String version) {
        assertEquals(Era.UNKNOWN, headersOnly(version, null, null, null));
        assertEquals(Era.LEGACY, headersOnly(version, null, null, "session-1"));
        assertEquals(Era.MODERN, headersOnly(version, "tools/call", null, null));
    }

    @Test
    void mcpMethodHeaderMeansModern() {
        assertEquals(Era.MODERN, headersOnly(null, "tools/list", null, null));
        assertEquals(Era.MODERN, EraDetector.detect(null, "tools/list", null, "session-1", LEGACY_INITIALIZE),
                "the modern headers outrank a session id and the body");
    }

    @Test
    void mcpNameHeaderMeansModern() {
        assertEquals(Era.MODERN, headersOnly(null, null, "get_weather", null));
        assertEquals(Era.MODERN, headersOnly(null, null, "get_weather", "session-1"));
    }

    @Test
    void sessionIdHeaderMeansLegacy() {
        assertEquals(Era.LEGACY, headersOnly(null, null, null, "1868a90c-1b8d-4a1c-9d1f-0d6f2c7b3e21"));
        assertEquals(Era.LEGACY, EraDetector.detect(null, null, null, "session-1", MODERN_BODY),
                "a session id outranks the body");
    }

    @Test
    void blankHeadersCountAsAbsent() {
        assertEquals(Era.UNKNOWN, headersOnly(" ", " ", "", "\t"));
        assertEquals(Era.MODERN, EraDetector.detect(null, "", " ", "", MODERN_BODY));
    }

    @Test
    void noHeadersAndNoBodyIsUnknown() {
        assertEquals(Era.UNKNOWN, headersOnly(null, null, null, null));
    }

    @Test
    void batchBodyIsLegacy() {
        assertEquals(Era.LEGACY, bodyOnly(EnvelopeReaderTest.read("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]")));
    }

    @Test
    void initializeBodyIsLegacyEvenWithModernMeta() {
        JsonRpcEnvelope body = EnvelopeReaderTest.read("""
                {"id":0,"method":"initialize","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}""");
        assertEquals(Era.LEGACY, bodyOnly(body));
        assertEquals(Era.LEGACY, bodyOnly(LEGACY_INITIALIZE));
    }

    @Test
    void initializedNotificationBodyIsLegacy() {
        assertEquals(Era.LEGACY, bodyOnly(EnvelopeReaderTest.read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")));
    }

    @Test
    void modernMetaProtocolVersionMeansModern() {
        assertEquals(Era.MODERN, bodyOnly(MODERN_BODY));
    }

    @Test
    void legacyMetaProtocolVersionDecidesNothingByItself() {
        JsonRpcEnvelope body = EnvelopeReaderTest.read("""
                {"id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2025-06-18"}}}""");
        assertEquals(Era.UNKNOWN, bodyOnly(body));
    }

    @Test
    void legacyParamsProtocolVersionMeansLegacy() {
        JsonRpcEnvelope body = EnvelopeReaderTest.read("{\"id\":1,\"method\":\"vendor/x\",\"params\":{\"protocolVersion\":\"2025-03-26\"}}");
        assertEquals(Era.LEGACY, bodyOnly(body));
    }

    @Test
    void methodOfOneEraDecidesLast() {
        assertEquals(Era.MODERN, bodyOnly(EnvelopeReaderTest.read("{\"id\":1,\"method\":\"server/discover\"}")));
        assertEquals(Era.MODERN, bodyOnly(EnvelopeReaderTest.read("{\"id\":1,\"method\":\"subscriptions/listen\"}")));
        assertEquals(Era.LEGACY, bodyOnly(EnvelopeReaderTest.read("{\"id\":1,\"method\":\"ping\"}")));
        assertEquals(Era.LEGACY, bodyOnly(EnvelopeReaderTest.read("{\"id\":1,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"a:b\"}}")));
    }

    @Test
    void methodOfBothErasWithoutOtherSignsIsUnknown() {
        assertEquals(Era.UNKNOWN, bodyOnly(PLAIN_TOOLS_CALL));
    }

    @Test
    void bodiesThatAreNoMcpAreUnknown() {
        assertEquals(Era.UNKNOWN, bodyOnly(JsonRpcEnvelope.NOT_JSON));
        assertEquals(Era.UNKNOWN, bodyOnly(JsonRpcEnvelope.EMPTY));
        assertEquals(Era.UNKNOWN, bodyOnly(EnvelopeReaderTest.read("{\"hello\":\"world\"}")));
    }
}

package dev.mcpgate.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.protocol.EnvelopeReader;
import dev.mcpgate.protocol.JsonRpcErrors;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorBodiesTest {

    /** What MCP Java SDK 2.1.0 writes for a request without a session id (abridged). */
    static final String SDK_EXCEPTION = "{\"stackTrace\":[{\"classLoaderName\":\"app\",\"methodName\":\"doPost\","
            + "\"fileName\":\"HttpServletStreamableServerTransportProvider.java\",\"lineNumber\":412,"
            + "\"className\":\"io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider\","
            + "\"nativeMethod\":false}],\"jsonRpcError\":{\"code\":-32601,\"message\":\"Session ID required in "
            + "mcp-session-id header\",\"data\":null},\"message\":\"Session ID required in mcp-session-id header\","
            + "\"suppressed\":[],\"localizedMessage\":\"Session ID required in mcp-session-id header\"}";

    @Test
    void onlyJsonRpcAnswersPass() {
        assertTrue(answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32600,\"message\":\"bad\"}}"));
        assertTrue(answer("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse\"}}"));
        assertTrue(answer("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"result\":{}}"));
        assertTrue(answer("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}]"));
        assertFalse(answer(SDK_EXCEPTION), "a serialized Java exception");
        assertFalse(answer("{\"error\":\"not found\"}"), "REST style, no jsonrpc member");
        assertFalse(answer("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":\"text\"}"), "an error without a code");
        assertFalse(answer("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}"), "not an answer");
        assertFalse(answer("<html><body>404</body></html>"));
        assertFalse(answer(""));
    }

    @Test
    void aCutJsonRpcErrorIsRecognisedByItsBeginning() {
        String cut = "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32603,\"message\":\"x\",\"data\":{\"trace\":\"aaaa";
        assertTrue(answer(cut));
        assertFalse(answer(SDK_EXCEPTION.substring(0, 120)));
    }

    @Test
    void theReplacementCarriesTheRequestIdAndASafeMessageInAscii() {
        var request = EnvelopeReader.read("{\"jsonrpc\":\"2.0\",\"id\":\"é-7\",\"method\":\"tools/list\"}");
        byte[] body = ErrorBodies.replacement(request, 404);
        String text = new String(body, StandardCharsets.US_ASCII);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"\\u00e9-7\",\"error\":{\"code\":-32600,\"message\":\"HTTP 404 Not Found\"}}",
                text);
        assertEquals("é-7", EnvelopeReader.read(body).id());
        var notification = EnvelopeReader.read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        String noId = new String(ErrorBodies.replacement(notification, 503), StandardCharsets.US_ASCII);
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":" + JsonRpcErrors.INTERNAL_ERROR
                + ",\"message\":\"HTTP 503 Service Unavailable\"}}", noId);
        assertEquals("HTTP 599", ErrorBodies.message(599));
        var numbered = EnvelopeReader.read(ErrorBodies.replacement(
                EnvelopeReader.read("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}"), 400));
        assertEquals("7", numbered.id());
        assertFalse(numbered.idIsString(), "a numeric id stays a number");
    }

    @Test
    void theExcerptElidesTheStackTraceAndMasksTheSessionId() {
        String excerpt = ErrorBodies.excerpt(SDK_EXCEPTION.replace("header\",\"data", "header abc-123-session\",\"data"),
                "abc-123-session");
        assertTrue(excerpt.startsWith("{\"stackTrace\":[…],\"jsonRpcError\":{\"code\":-32601,\"message\":\"Session ID required"),
                excerpt);
        assertFalse(excerpt.contains("abc-123-session"), excerpt);
        assertTrue(excerpt.contains("header ***\""), excerpt);
        assertTrue(excerpt.length() <= ErrorBodies.MAX_EXCERPT);
    }

    @Test
    void theExcerptOfAnHtmlPageIsItsTextWithUrlsRedacted() {
        String page = "<!doctype html><html lang=\"en\"><head><title>HTTP Status 404 – Not Found</title>"
                + "<style type=\"text/css\">body {font-family:Tahoma,Arial,sans-serif;} h1 {font-size:22px;}</style>"
                + "</head><body><h1>HTTP Status 404 – Not Found</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p>"
                + "<p>See http://admin:secret@db.local/x?token=abc &amp; more</p>\n\n<script>var x = 1;</script></body></html>";
        String excerpt = ErrorBodies.excerpt(page, null);
        assertEquals("HTTP Status 404 – Not Found HTTP Status 404 – Not Found Type Status Report "
                + "See http://***@db.local/x?token=*** & more", excerpt);
        String longText = "x".repeat(5000);
        assertEquals(ErrorBodies.MAX_EXCERPT, ErrorBodies.excerpt(longText, null).length());
    }

    private static boolean answer(String body) {
        return ErrorBodies.isJsonRpcAnswer(EnvelopeReader.read(body));
    }
}

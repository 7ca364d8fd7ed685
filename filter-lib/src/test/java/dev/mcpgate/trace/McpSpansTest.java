package dev.mcpgate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.protocol.TargetKind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Span names and {@code error.type} after the OpenTelemetry conventions for MCP. */
class McpSpansTest {

    @Test
    void aToolOrPromptNamesTheSpanAfterItsMethod() {
        assertEquals("tools/call get-weather", McpSpans.name("POST", "tools/call", TargetKind.TOOL, "get-weather"));
        assertEquals("prompts/get analyze-code", McpSpans.name("POST", "prompts/get", TargetKind.PROMPT, "analyze-code"));
    }

    @Test
    void aResourceUriIsLeftOutOfTheNameAsTheConventionsSayByDefault() {
        assertEquals("resources/read", McpSpans.name("POST", "resources/read", TargetKind.RESOURCE, "file:///a/b.txt"));
    }

    @Test
    void aMethodWithoutTargetIsTheNameAndAnExchangeWithoutMethodIsNamedByItsHttpMethod() {
        assertEquals("tools/list", McpSpans.name("POST", "tools/list", TargetKind.NONE, null));
        assertEquals("tools/call", McpSpans.name("POST", "tools/call", TargetKind.TOOL, null));
        assertEquals("GET", McpSpans.name("GET", null, TargetKind.NONE, null));
        assertEquals("DELETE", McpSpans.name("DELETE", null, TargetKind.NONE, null));
    }

    @Test
    void errorTypeIsTheJsonRpcCodeThenToolErrorThenTheMissingAnswerThenTheHttpStatus() {
        assertEquals("-32602", McpSpans.errorType(row(200, Outcome.ERROR, -32602)));
        assertEquals("tool_error", McpSpans.errorType(row(200, Outcome.TOOL_ERROR, null)));
        assertEquals("timeout", McpSpans.errorType(row(200, Outcome.TIMEOUT, null)));
        assertEquals("cancelled", McpSpans.errorType(row(200, Outcome.CANCELLED, null)));
        assertEquals("502", McpSpans.errorType(row(502, Outcome.ERROR, null)));
        assertEquals("-32600", McpSpans.errorType(row(400, Outcome.REJECTED, -32600)));
    }

    @Test
    void aSuccessfulExchangeHasNoErrorType() {
        assertNull(McpSpans.errorType(row(200, Outcome.OK, null)));
        assertNull(McpSpans.errorType(row(202, Outcome.OK, null)));
    }

    static RequestCompleted row(int status, Outcome outcome, Integer code) {
        return new RequestCompleted("id", Instant.now(), "mcp", null, Era.LEGACY, "2025-06-18", "POST", status,
                "tools/call", "1", "echo", outcome, code, code == null ? null : "bad params", 10, 1, 1,
                ClientIdentity.UNKNOWN, null, false, 1);
    }
}

package dev.mcpgate.trace;

import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.protocol.TargetKind;

/**
 * The parts of an MCP server span the conventions fix, apart from the OpenTelemetry API: its name
 * and its {@code error.type}.
 */
public final class McpSpans {

    /** {@code error.type} of a tool call whose result says {@code isError}. */
    public static final String TOOL_ERROR = "tool_error";

    private McpSpans() {
    }

    /**
     * {@code {mcp.method.name} {target}} where the target is a tool or prompt name;
     * {@code {mcp.method.name}} for every other method, a resource read included (a URI is no
     * low-cardinality name: the conventions leave it out by default); the HTTP method for an
     * exchange without a JSON-RPC method (a GET stream, a DELETE, a client's response).
     */
    public static String name(String httpMethod, String mcpMethod, TargetKind kind, String target) {
        if (mcpMethod == null) {
            return httpMethod == null ? "HTTP" : httpMethod;
        }
        boolean named = target != null && (kind == TargetKind.TOOL || kind == TargetKind.PROMPT);
        return named ? mcpMethod + " " + target : mcpMethod;
    }

    /**
     * {@code error.type} of a completed exchange, {@code null} when it did not fail: the JSON-RPC
     * error code when the answer carries one; {@value #TOOL_ERROR} for a tool that failed;
     * {@code timeout} or {@code cancelled} when no answer came; else the HTTP status of a 4xx/5xx
     * answer without a JSON-RPC error (a proxy's 502, a container's 500 page).
     */
    public static String errorType(RequestCompleted exchange) {
        if (exchange.errorCode() != null) {
            return exchange.errorCode().toString();
        }
        Outcome outcome = exchange.outcome();
        if (outcome == Outcome.TOOL_ERROR) {
            return TOOL_ERROR;
        }
        if (outcome == Outcome.TIMEOUT || outcome == Outcome.CANCELLED) {
            return outcome.wireName();
        }
        return exchange.httpStatus() >= 400 ? Integer.toString(exchange.httpStatus()) : null;
    }
}

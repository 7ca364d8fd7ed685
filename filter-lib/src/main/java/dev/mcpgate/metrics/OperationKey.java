package dev.mcpgate.metrics;

import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.protocol.McpMethod;
import dev.mcpgate.protocol.TargetKind;
import java.util.Set;

/**
 * The attribute values of one {@code mcp.server.operation.duration} recording, after folding: the
 * key of a timer. Absent attributes are empty strings, because a Prometheus registry wants every
 * timer of one name to carry the same attribute keys (an empty label is no label to PromQL).
 *
 * @param method          {@code mcp.method.name}; {@value TargetBudget#OTHER} for a method MCP does not define
 *                        (the client chooses it)
 * @param tool            {@code gen_ai.tool.name} ({@code tools/call})
 * @param prompt          {@code gen_ai.prompt.name} ({@code prompts/get})
 * @param resource        {@code mcp.resource.uri} ({@code resources/read}, {@code resources/subscribe},
 *                        {@code resources/unsubscribe})
 * @param errorType       {@code error.type}: {@code tool_error} for a result with {@code isError}, the
 *                        JSON-RPC error code, else the outcome ({@code error}, {@code rejected},
 *                        {@code timeout}, {@code cancelled}, ...); empty when the operation succeeded
 * @param protocolVersion {@code mcp.protocol.version}; {@value TargetBudget#OTHER} for a revision the
 *                        endpoint does not accept ({@code protocol-versions})
 */
public record OperationKey(String method, String tool, String prompt, String resource, String errorType,
                           String protocolVersion) {

    /**
     * The key of an exchange, or {@code null} when it is no MCP operation: no JSON-RPC method (a GET
     * stream, a DELETE, a response the client posted).
     */
    public static OperationKey of(RequestCompleted exchange, TargetBudget targets, Set<String> versions) {
        if (exchange.mcpMethod() == null) {
            return null;
        }
        McpMethod method = McpMethod.of(exchange.mcpMethod());
        TargetKind kind = method.targetKind();
        String target = exchange.target() == null || kind == TargetKind.NONE ? "" : targets.admit(kind, exchange.target());
        return new OperationKey(method == McpMethod.UNKNOWN ? TargetBudget.OTHER : method.wireName(),
                kind == TargetKind.TOOL ? target : "", kind == TargetKind.PROMPT ? target : "",
                kind == TargetKind.RESOURCE ? target : "", errorType(exchange), version(exchange, versions));
    }

    /** {@code error.type} as the conventions define it for MCP; empty for success. */
    static String errorType(RequestCompleted exchange) {
        Outcome outcome = exchange.outcome();
        if (outcome.isSuccess()) {
            return "";
        }
        if (outcome == Outcome.TOOL_ERROR) {
            return "tool_error";
        }
        if (exchange.errorCode() != null) {
            return exchange.errorCode().toString();
        }
        boolean failed = outcome != Outcome.AMBIGUOUS && outcome != Outcome.UNVERIFIED || exchange.httpStatus() >= 400;
        return failed ? outcome.wireName() : ""; // an ambiguous or unverified exchange may well have succeeded
    }

    private static String version(RequestCompleted exchange, Set<String> versions) {
        String version = exchange.protocolVersion();
        if (version == null) {
            return "";
        }
        return versions.contains(version) ? version : TargetBudget.OTHER;
    }
}

package dev.mcpgate.event;

import java.time.Instant;

/**
 * A held call was decided: approved or denied by an operator, or timed out. One row of
 * {@code mcp_approval} each. The arguments are kept only as their digest (SHA-256 of their canonical
 * JSON): the binding the operator approved, not the values.
 *
 * @param timestamp       when it was decided
 * @param endpoint        the endpoint that held it
 * @param holdId          the hold's id (the admin API's)
 * @param heldAt          when the call was held
 * @param rule            the rule that held it
 * @param rulesVersion    the version of the rules in force
 * @param method          the JSON-RPC method
 * @param target          the tool (prompt, resource) called
 * @param caller          who called: the principal, else the session id, else the client's name
 * @param sessionId       the session, {@code null} for a modern-era request
 * @param argumentsDigest SHA-256 (hex) of the canonical JSON of the call's arguments
 * @param decision        how it was decided
 * @param decidedBy       the operator who decided; {@code null} when it timed out
 * @param reason          the operator's reason, if given
 * @param waiters         how many identical calls waited on this hold (1 unless the client repeated it)
 */
public record ApprovalDecided(
        Instant timestamp,
        String endpoint,
        String holdId,
        Instant heldAt,
        String rule,
        String rulesVersion,
        String method,
        String target,
        String caller,
        String sessionId,
        String argumentsDigest,
        ApprovalDecision decision,
        String decidedBy,
        String reason,
        int waiters) implements McpEvent {
}

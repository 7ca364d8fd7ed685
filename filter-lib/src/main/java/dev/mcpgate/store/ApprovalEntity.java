package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_approval} (V9): a decided hold. Written by the store's writer
 * ({@link ApprovalRows}), read by {@link McpAnalytics#approvals}. Times are UTC wall-clock.
 */
@Entity
@Table(name = "mcp_approval", indexes = @Index(name = "mcp_approval_ts_ix", columnList = "endpoint, ts"))
public class ApprovalEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "ts", nullable = false)
    private LocalDateTime timestamp;
    @Column(name = "endpoint", nullable = false, length = 200)
    private String endpoint;
    @Column(name = "held_at", nullable = false)
    private LocalDateTime heldAt;
    @Column(name = "rule_name", length = 200)
    private String rule;
    @Column(name = "rules_version", length = 100)
    private String rulesVersion;
    @Column(name = "mcp_method", length = 100)
    private String mcpMethod;
    @Column(name = "target", length = 500)
    private String target;
    @Column(name = "caller", length = 255)
    private String caller;
    @Column(name = "session_id", length = 200)
    private String sessionId;
    @Column(name = "arguments_sha256", length = 64)
    private String argumentsDigest;
    @Column(name = "decision", nullable = false, length = 16)
    private String decision;
    @Column(name = "decided_by", length = 255)
    private String decidedBy;
    @Column(name = "reason", length = 1000)
    private String reason;
    @Column(name = "waiters", nullable = false)
    private int waiters;

    public String getId() { return id; }
    public LocalDateTime getTimestamp() { return timestamp; }
    public String getEndpoint() { return endpoint; }
    public LocalDateTime getHeldAt() { return heldAt; }
    public String getRule() { return rule; }
    public String getRulesVersion() { return rulesVersion; }
    public String getMcpMethod() { return mcpMethod; }
    public String getTarget() { return target; }
    public String getCaller() { return caller; }
    public String getSessionId() { return sessionId; }
    public String getArgumentsDigest() { return argumentsDigest; }
    public String getDecision() { return decision; }
    public String getDecidedBy() { return decidedBy; }
    public String getReason() { return reason; }
    public int getWaiters() { return waiters; }
}

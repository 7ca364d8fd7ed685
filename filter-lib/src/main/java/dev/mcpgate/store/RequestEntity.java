package dev.mcpgate.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/**
 * One row of {@code mcp_request}: one exchange. Written by {@link BatchWriter} with plain JDBC
 * batches; read through JPA by {@link McpAnalytics}. Times are UTC wall-clock times.
 */
@Entity
@Table(name = "mcp_request", indexes = {
        @Index(name = "mcp_request_ts_ix", columnList = "ts"),
        @Index(name = "mcp_request_session_ix", columnList = "session_id, ts")})
public class RequestEntity {

    /** UUID version 7 text: sorts by time. */
    @Id
    @Column(name = "id", length = 36)
    private String id;
    @Column(name = "ts", nullable = false)
    private LocalDateTime timestamp;
    @Column(name = "endpoint", nullable = false, length = 200)
    private String endpoint;
    @Column(name = "session_id", length = 200)
    private String sessionId;
    @Column(name = "era", nullable = false, length = 16)
    private String era;
    @Column(name = "protocol_version", length = 32)
    private String protocolVersion;
    @Column(name = "http_method", nullable = false, length = 16)
    private String httpMethod;
    @Column(name = "http_status", nullable = false)
    private int httpStatus;
    @Column(name = "mcp_method", length = 100)
    private String mcpMethod;
    @Column(name = "jsonrpc_id", length = 200)
    private String jsonRpcId;
    @Column(name = "target", length = 500)
    private String target;
    @Column(name = "outcome", nullable = false, length = 16)
    private String outcome;
    @Column(name = "error_code")
    private Integer errorCode;
    @Column(name = "error_message", length = 512)
    private String errorMessage;
    @Column(name = "latency_us", nullable = false)
    private long latencyMicros;
    @Column(name = "bytes_in", nullable = false)
    private long bytesIn;
    @Column(name = "bytes_out", nullable = false)
    private long bytesOut;
    @Column(name = "client_name", length = 255)
    private String clientName;
    @Column(name = "client_version", length = 100)
    private String clientVersion;
    @Column(name = "client_platform", nullable = false, length = 32)
    private String clientPlatform;
    @Column(name = "principal", length = 255)
    private String principal;
    @Column(name = "sse", nullable = false)
    private boolean sse;
    @Column(name = "messages_out", nullable = false)
    private int messagesOut;
    @Column(name = "violation", length = 32)
    private String violation;
    @Column(name = "rule_name", length = 200)
    private String rule;
    @Column(name = "upstream_era", length = 8)
    private String upstreamEra;
    @Column(name = "bridge_leg", nullable = false)
    private boolean bridgeLeg;

    /** The row for an event, as {@link BatchWriter} writes it (the JPA write path, kept for comparison). */
    static RequestEntity of(dev.mcpgate.event.RequestCompleted r) {
        dev.mcpgate.protocol.ClientIdentity client = r.client() == null
                ? dev.mcpgate.protocol.ClientIdentity.UNKNOWN : r.client();
        RequestEntity e = new RequestEntity();
        e.id = r.id();
        e.timestamp = UtcTime.local(r.timestamp());
        e.endpoint = BatchWriter.cut(r.endpoint(), 200);
        e.sessionId = BatchWriter.cut(r.sessionId(), 200);
        e.era = r.era().wireName();
        e.protocolVersion = BatchWriter.cut(r.protocolVersion(), 32);
        e.httpMethod = BatchWriter.cut(r.httpMethod(), 16);
        e.httpStatus = r.httpStatus();
        e.mcpMethod = BatchWriter.cut(r.mcpMethod(), 100);
        e.jsonRpcId = BatchWriter.cut(r.jsonRpcId(), 200);
        e.target = BatchWriter.cut(r.target(), 500);
        e.outcome = r.outcome().wireName();
        e.errorCode = r.errorCode();
        e.errorMessage = BatchWriter.cut(r.errorMessage(), 512);
        e.latencyMicros = r.latencyMicros();
        e.bytesIn = r.bytesIn();
        e.bytesOut = r.bytesOut();
        e.clientName = BatchWriter.cut(client.name(), 255);
        e.clientVersion = BatchWriter.cut(client.version(), 100);
        e.clientPlatform = client.platform().wireName();
        e.principal = BatchWriter.cut(r.principal(), 255);
        e.sse = r.sse();
        e.messagesOut = r.messagesOut();
        e.violation = r.violation() == null ? null : r.violation().wireName();
        e.rule = BatchWriter.cut(r.rule(), 200);
        e.upstreamEra = r.upstreamEra() == null ? null : r.upstreamEra().wireName();
        e.bridgeLeg = r.bridgeLeg();
        return e;
    }

    public String getId() { return id; }
    public LocalDateTime getTimestamp() { return timestamp; }
    public String getEndpoint() { return endpoint; }
    public String getSessionId() { return sessionId; }
    public String getEra() { return era; }
    public String getProtocolVersion() { return protocolVersion; }
    public String getHttpMethod() { return httpMethod; }
    public int getHttpStatus() { return httpStatus; }
    public String getMcpMethod() { return mcpMethod; }
    public String getJsonRpcId() { return jsonRpcId; }
    public String getTarget() { return target; }
    public String getOutcome() { return outcome; }
    public Integer getErrorCode() { return errorCode; }
    public String getErrorMessage() { return errorMessage; }
    public long getLatencyMicros() { return latencyMicros; }
    public long getBytesIn() { return bytesIn; }
    public long getBytesOut() { return bytesOut; }
    public String getClientName() { return clientName; }
    public String getClientVersion() { return clientVersion; }
    public String getClientPlatform() { return clientPlatform; }
    public String getPrincipal() { return principal; }
    public boolean isSse() { return sse; }
    public int getMessagesOut() { return messagesOut; }
    /** What the guard found ({@code origin}, {@code protocol_version}, ...), or {@code null}. */
    public String getViolation() { return violation; }
    /** The rule (or interceptor) that blocked, mocked or changed the exchange, or {@code null}. */
    public String getRule() { return rule; }
    /** The era of the server the era bridge translated the exchange for, or {@code null} when not bridged. */
    public String getUpstreamEra() { return upstreamEra; }
    /** Whether the exchange is the era bridge's own call to the server. */
    public boolean isBridgeLeg() { return bridgeLeg; }
}

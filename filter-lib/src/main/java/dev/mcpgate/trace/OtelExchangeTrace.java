package dev.mcpgate.trace;

import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.Violation;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.function.UnaryOperator;

/** The OpenTelemetry span of one exchange, and the context that holds it. */
final class OtelExchangeTrace implements ExchangeTrace {

    static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("mcp.protocol.version");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<String> RPC_STATUS = AttributeKey.stringKey("rpc.response.status_code");
    static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    /** McpGate's own: the row's outcome ({@code ok}, {@code tool_error}, {@code rejected}, ...). */
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("mcpgate.outcome");
    /** McpGate's own: what the guard found against the exchange ({@code origin}, ...). */
    static final AttributeKey<String> VIOLATION = AttributeKey.stringKey("mcpgate.violation");

    private final Span span;
    private final Context context;
    private final UnaryOperator<String> sessionIds;

    OtelExchangeTrace(Span span, Context context, UnaryOperator<String> sessionIds) {
        this.span = span;
        this.context = context;
        this.sessionIds = sessionIds;
    }

    @Override
    public TraceScope makeCurrent() {
        Scope scope = context.makeCurrent();
        return scope::close;
    }

    @Override
    public String traceparent() {
        SpanContext span = this.span.getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    @Override
    public String tracestate() {
        if (span.getSpanContext().getTraceState().isEmpty()) {
            return null;
        }
        String[] state = new String[1];
        W3CTraceContextPropagator.getInstance().inject(context, state, (carrier, key, value) -> {
            if ("tracestate".equals(key) && carrier != null) {
                carrier[0] = value;
            }
        });
        return state[0];
    }

    @Override
    public void end(RequestCompleted exchange) {
        try {
            if (span.isRecording()) {
                outcome(exchange);
            }
        } finally {
            span.end();
        }
    }

    private void outcome(RequestCompleted exchange) {
        if (exchange.sessionId() != null) {
            span.setAttribute(SESSION_ID, sessionIds.apply(exchange.sessionId()));
        }
        if (exchange.protocolVersion() != null) {
            span.setAttribute(PROTOCOL_VERSION, exchange.protocolVersion());
        }
        span.setAttribute(HTTP_STATUS, (long) exchange.httpStatus());
        span.setAttribute(OUTCOME, exchange.outcome().wireName());
        Violation violation = exchange.violation();
        if (violation != null) {
            span.setAttribute(VIOLATION, violation.wireName());
        }
        if (exchange.errorCode() != null) {
            span.setAttribute(RPC_STATUS, exchange.errorCode().toString());
        }
        String errorType = McpSpans.errorType(exchange);
        if (errorType != null) {
            span.setAttribute(ERROR_TYPE, errorType);
            // the conventions: the JSON-RPC error's message; a tool's own error text may hold user data
            String description = exchange.errorCode() != null ? exchange.errorMessage() : null;
            span.setStatus(StatusCode.ERROR, description == null ? "" : description);
        }
    }
}

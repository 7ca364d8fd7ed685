package dev.mcpgate.it.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An application servlet behind the filter ({@value #PATH}, inside its {@code /mcp/*} mapping) that
 * works as an instrumented application would: it makes a span of its own ({@value #WORK_SPAN}) while
 * it answers, and answers every POST with a JSON-RPC result naming the span current on its thread
 * and the {@code traceparent} request attribute the filter published. Only the trace IT's WAR has it
 * (it names the OpenTelemetry API, which only the embedded Tomcat's class path has).
 */
@WebServlet(TraceProbeServlet.PATH)
public class TraceProbeServlet extends HttpServlet {

    public static final String PATH = "/mcp/traced";
    public static final String WORK_SPAN = "probe work";
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        request.getInputStream().readAllBytes();
        SpanContext current = Span.current().getSpanContext();
        GlobalOpenTelemetry.getTracer("trace-probe").spanBuilder(WORK_SPAN).startSpan().end(); // parent: the current span
        Object traceparent = request.getAttribute("dev.mcpgate.trace.traceparent");
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"traceId\":\"" + current.getTraceId()
                + "\",\"spanId\":\"" + current.getSpanId() + "\",\"traceparent\":\"" + traceparent + "\"}}";
        response.setContentType("application/json");
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}

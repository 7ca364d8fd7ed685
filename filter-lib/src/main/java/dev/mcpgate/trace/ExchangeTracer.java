package dev.mcpgate.trace;

/** Starts the span of each exchange; {@link #NONE} when tracing is off. Chosen once, at init, by {@link Tracing}. */
public interface ExchangeTracer {

    /**
     * Request attribute holding the W3C {@code traceparent} of the exchange's span while the servlet
     * runs (a String; absent without a recording span), for servlets that call further servers: the
     * gateway WAR's proxy sends it upstream in place of the client's.
     */
    String TRACEPARENT_ATTRIBUTE = "dev.mcpgate.trace.traceparent";
    /** Request attribute holding the W3C {@code tracestate} that goes with {@link #TRACEPARENT_ATTRIBUTE}. */
    String TRACESTATE_ATTRIBUTE = "dev.mcpgate.trace.tracestate";

    /** No tracing: no span, nothing allocated. */
    ExchangeTracer NONE = new ExchangeTracer() {
        @Override
        public boolean isOn() {
            return false;
        }

        @Override
        public boolean recording() {
            return false;
        }

        @Override
        public ExchangeTrace start(TraceStart request) {
            return ExchangeTrace.NONE;
        }
    };

    /** Whether spans are made at all: when not, callers need not gather a {@link TraceStart}. */
    boolean isOn();

    /**
     * Whether a span started now may record: false while no OpenTelemetry SDK or agent is registered.
     * Then a span would only carry an incoming trace context on, so an exchange that brings none
     * needs no span at all (and costs nothing).
     */
    boolean recording();

    /** Starts the span of an exchange whose request is {@code request}. Never throws. */
    ExchangeTrace start(TraceStart request);
}

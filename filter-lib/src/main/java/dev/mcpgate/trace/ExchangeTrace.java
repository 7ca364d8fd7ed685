package dev.mcpgate.trace;

import dev.mcpgate.event.RequestCompleted;

/** The span of one exchange: started when the request is classified, ended with its {@link RequestCompleted}. */
public interface ExchangeTrace {

    /** No span (tracing off, or the filter could not start one). */
    ExchangeTrace NONE = new ExchangeTrace() {
        @Override
        public TraceScope makeCurrent() {
            return TraceScope.NONE;
        }

        @Override
        public String traceparent() {
            return null;
        }

        @Override
        public String tracestate() {
            return null;
        }

        @Override
        public void end(RequestCompleted exchange) {
            // nothing started
        }
    };

    /**
     * Makes the span current on this thread, so that the application's spans (and an OpenTelemetry
     * agent's client spans) made while the servlet runs nest under it.
     */
    TraceScope makeCurrent();

    /** The W3C {@code traceparent} of this span, for a call the exchange makes downstream; {@code null} for none. */
    String traceparent();

    /** The W3C {@code tracestate} that goes with {@link #traceparent()}; {@code null} when empty. */
    String tracestate();

    /** The exchange completed: the outcome's attributes and status are set and the span ends. Never throws. */
    void end(RequestCompleted exchange);
}

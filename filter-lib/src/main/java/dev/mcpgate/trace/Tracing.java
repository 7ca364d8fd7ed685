package dev.mcpgate.trace;

import java.util.function.UnaryOperator;

/**
 * Chooses the tracer of an endpoint at {@code init}, from the setting {@code tracing} and whether the
 * OpenTelemetry API is on the filter's class path: the only place that decides whether a class of
 * {@code io.opentelemetry} is ever touched.
 */
public final class Tracing {

    /** A class of {@code opentelemetry-api} that tells whether the API is there. */
    static final String API_CLASS = "io.opentelemetry.api.GlobalOpenTelemetry";

    private Tracing() {
    }

    /**
     * The tracer for {@code mode}: {@link ExchangeTracer#NONE} for {@code off}, and for {@code auto}
     * without the API; else one that makes spans with the global OpenTelemetry (an agent's, or the
     * SDK the application registers).
     *
     * @param sessionIds how {@code mcp.session.id} shows a session id ({@code log-session-ids})
     * @throws IllegalStateException for {@code on} without the API, naming the setting
     */
    public static ExchangeTracer choose(TracingMode mode, UnaryOperator<String> sessionIds) {
        if (mode == TracingMode.OFF) {
            return ExchangeTracer.NONE;
        }
        if (!apiPresent()) {
            if (mode == TracingMode.ON) {
                throw new IllegalStateException("tracing=on, but the OpenTelemetry API (io.opentelemetry:"
                        + "opentelemetry-api) is not on the class path of the filter: add it, or set tracing=auto");
            }
            return ExchangeTracer.NONE;
        }
        return OtelExchangeTracer.global(sessionIds);
    }

    /** Whether the filter's class loader sees the OpenTelemetry API (looked up, not initialised). */
    static boolean apiPresent() {
        try {
            Class.forName(API_CLASS, false, Tracing.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

package dev.mcpgate.trace;

import dev.mcpgate.redact.SessionIdDisplay;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.function.UnaryOperator;

/** Tracers over an OpenTelemetry SDK whose spans go to an in-memory exporter, for tests of other packages. */
public final class TestTracers {

    private TestTracers() {
    }

    /** An SDK that hands each ended span to {@code exporter} at once. */
    public static OpenTelemetrySdk sdk(InMemorySpanExporter exporter) {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .build();
    }

    /** The filter's tracer over {@code openTelemetry}, session ids shown as {@code log-session-ids=fingerprint}. */
    public static ExchangeTracer of(OpenTelemetry openTelemetry) {
        return of(openTelemetry, SessionIdDisplay.FINGERPRINT);
    }

    /** The filter's tracer over {@code openTelemetry}, session ids shown by {@code sessionIds}. */
    public static ExchangeTracer of(OpenTelemetry openTelemetry, UnaryOperator<String> sessionIds) {
        return new OtelExchangeTracer(openTelemetry, sessionIds);
    }
}

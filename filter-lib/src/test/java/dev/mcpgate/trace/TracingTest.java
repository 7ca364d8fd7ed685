package dev.mcpgate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.redact.SessionIdDisplay;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The choice of tracer at init, with and without the OpenTelemetry API on the class path. */
class TracingTest {

    @Test
    void offIsNoTracerEvenWithTheApiPresent() {
        assertSame(ExchangeTracer.NONE, Tracing.choose(TracingMode.OFF, SessionIdDisplay.FINGERPRINT));
    }

    @Test
    void autoAndOnTraceWhenTheApiIsPresent() {
        assertTrue(Tracing.choose(TracingMode.AUTO, SessionIdDisplay.FINGERPRINT).isOn());
        assertTrue(Tracing.choose(TracingMode.ON, SessionIdDisplay.FINGERPRINT).isOn());
    }

    @Test
    void theSettingTakesAutoOnAndOffOnly() {
        assertEquals(TracingMode.AUTO, TracingMode.parse("auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TracingMode.parse("yes"));
        assertEquals("must be one of auto, on, off", e.getMessage());
    }

    /**
     * The filter's classes loaded anew where {@code io.opentelemetry} cannot be found: {@code auto}
     * gives the no-op and asks for nothing of the API but the one class it probes; {@code on} fails
     * naming the setting.
     */
    @Test
    void withoutTheApiAutoIsTheNoOpAndLoadsNoOpenTelemetryClassAndOnFailsNamingTheSetting() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        URL classes = Tracing.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader withoutApi = new ClassLoader(TracingTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.opentelemetry.")) {
                    asked.add(name);
                    throw new ClassNotFoundException(name);
                }
                if (name.startsWith("dev.mcpgate.")) {
                    throw new ClassNotFoundException(name); // the filter's own classes come from the child below
                }
                return super.loadClass(name, resolve);
            }
        };
        try (URLClassLoader filter = new URLClassLoader(new URL[] {classes}, withoutApi)) {
            Class<?> tracing = filter.loadClass(Tracing.class.getName());
            Class<?> modes = filter.loadClass(TracingMode.class.getName());
            Class<?> tracerType = filter.loadClass(ExchangeTracer.class.getName());
            Method choose = tracing.getMethod("choose", modes, UnaryOperator.class);
            Object none = tracerType.getField("NONE").get(null);

            Object auto = choose.invoke(null, modes.getField("AUTO").get(null), UnaryOperator.identity());
            assertSame(none, auto);
            assertFalse((Boolean) tracerType.getMethod("isOn").invoke(auto));
            assertEquals(List.of(Tracing.API_CLASS), asked, "the only OpenTelemetry class asked for is the probe");

            InvocationTargetException on = assertThrows(InvocationTargetException.class,
                    () -> choose.invoke(null, modes.getField("ON").get(null), UnaryOperator.identity()));
            assertTrue(on.getCause() instanceof IllegalStateException, on.getCause().toString());
            assertTrue(on.getCause().getMessage().startsWith("tracing=on"), on.getCause().getMessage());
        }
    }
}

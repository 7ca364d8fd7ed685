package dev.mcpgate.trace;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether an OpenTelemetry is registered globally, asked of the API at most once per
 * {@link #RECHECK} while it is not, and never again once it is (a registration is not taken back
 * outside tests). {@code GlobalOpenTelemetry.isSet()} takes a JVM-wide lock: asked at every
 * exchange, as it was, it put that lock on the request path of every deployment that ships the API
 * without an SDK (the gateway WAR). An SDK registered after the filter started is still picked up,
 * by the exchanges that begin at most {@link #RECHECK} later. Thread-safe; two threads may ask the
 * API at the same moment, which is harmless.
 */
final class GlobalRegistration {

    /** How long a "not registered" answer is kept. */
    static final Duration RECHECK = Duration.ofMillis(100);

    private final BooleanSupplier registered;
    private final LongSupplier nanoTime;
    private final long recheckNanos;
    private volatile boolean known;
    private volatile long askAgainAt;

    /**
     * @param registered asks the API ({@code GlobalOpenTelemetry.isSet()})
     * @param nanoTime   the clock ({@code System::nanoTime})
     */
    GlobalRegistration(BooleanSupplier registered, LongSupplier nanoTime) {
        this.registered = registered;
        this.nanoTime = nanoTime;
        this.recheckNanos = RECHECK.toNanos();
        this.askAgainAt = nanoTime.getAsLong(); // the first exchange asks
    }

    /** Whether an OpenTelemetry is registered, as the API said at most {@link #RECHECK} ago (once yes, always yes). */
    boolean isSet() {
        if (known) {
            return true;
        }
        long now = nanoTime.getAsLong();
        if (now - askAgainAt < 0) {
            return false;
        }
        askAgainAt = now + recheckNanos;
        if (registered.getAsBoolean()) {
            known = true;
            return true;
        }
        return false;
    }
}

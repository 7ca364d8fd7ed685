package dev.mcpgate.gateway.proxy;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's bound on concurrent upstream exchanges ({@code upstream-max-concurrent}) and its
 * counts. An exchange holds a permit from the moment it is accepted until it ends (its answer or
 * SSE stream relayed, or given up); a request that finds none is refused with a {@code 503}. The
 * analytics API's health answer shows {@link #snapshot()}; refusals are also logged, at most once
 * a minute, with their count.
 */
public final class UpstreamLoad {

    /** The servlet context attribute under which the gateway publishes its load. */
    public static final String ATTRIBUTE = UpstreamLoad.class.getName();

    private static final Logger LOG = System.getLogger(UpstreamLoad.class.getName());
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final int maxConcurrent;
    private final Semaphore permits;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong refusedPaths = new AtomicLong();
    private final AtomicLong streamsEndedAtLifetime = new AtomicLong();
    private final AtomicLong refusedSinceLog = new AtomicLong();
    private final AtomicLong lastLogNanos;

    /**
     * What the health API shows.
     *
     * @param maxConcurrent          {@code upstream-max-concurrent}
     * @param active                 upstream exchanges under way (SSE streams included)
     * @param refused                requests refused with a 503 because {@code maxConcurrent} were under way
     * @param refusedPaths           requests refused with a 400 for their path
     * @param streamsEndedAtLifetime answers closed at {@code upstream-max-stream-lifetime}
     */
    public record Snapshot(int maxConcurrent, int active, long refused, long refusedPaths,
                           long streamsEndedAtLifetime) {
    }

    UpstreamLoad(int maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
        this.permits = new Semaphore(maxConcurrent);
        this.lastLogNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    }

    /** Takes a permit for one exchange, or counts a refusal (and logs now and then) when there is none. */
    boolean tryAcquire() {
        if (permits.tryAcquire()) {
            return true;
        }
        refused.incrementAndGet();
        long sinceLog = refusedSinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLogNanos.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLogNanos.compareAndSet(last, now)) {
            refusedSinceLog.addAndGet(-sinceLog);
            LOG.log(Level.WARNING, "McpGate gateway: {0} request(s) refused with 503 since the last report: "
                    + "upstream-max-concurrent ({1}) exchanges under way; {2} refused in all", sinceLog,
                    maxConcurrent, refused.get());
        }
        return false;
    }

    /** Gives back the permit of an exchange that has ended. */
    void release() {
        permits.release();
    }

    void pathRefused() {
        refusedPaths.incrementAndGet();
    }

    void streamEndedAtLifetime() {
        streamsEndedAtLifetime.incrementAndGet();
    }

    int maxConcurrent() {
        return maxConcurrent;
    }

    public Snapshot snapshot() {
        return new Snapshot(maxConcurrent, maxConcurrent - permits.availablePermits(), refused.get(),
                refusedPaths.get(), streamsEndedAtLifetime.get());
    }
}

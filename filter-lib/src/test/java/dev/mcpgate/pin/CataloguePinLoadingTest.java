package dev.mcpgate.pin;

import static dev.mcpgate.pin.Fixtures.ENDPOINT;
import static dev.mcpgate.pin.Fixtures.record;
import static dev.mcpgate.pin.Fixtures.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.schema.InMemoryCatalogueHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading the approvals at start, in the background: retried with back-off, on any executor, ended at close. */
class CataloguePinLoadingTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T01:00:00Z"), ZoneOffset.UTC);

    private final InMemoryCatalogueHistory history = new InMemoryCatalogueHistory();
    private final FlakyPinStore store = new FlakyPinStore();
    private final List<ScheduledThreadPoolExecutor> executors = new ArrayList<>();

    @AfterEach
    void stop() {
        executors.forEach(ScheduledThreadPoolExecutor::shutdownNow);
    }

    /** A store whose first {@code failures} reads throw, as a database that is not up yet. */
    private static final class FlakyPinStore implements PinStore {
        final InMemoryPinStore approved = new InMemoryPinStore();
        final AtomicInteger reads = new AtomicInteger();
        volatile int failures;

        @Override
        public List<Pin> inForce(String endpoint) {
            if (reads.incrementAndGet() <= failures) {
                throw new IllegalStateException("the McpGate store is not open yet");
            }
            return approved.inForce(endpoint);
        }

        @Override
        public void save(Pin pin) {
            approved.save(pin);
        }
    }

    /**
     * A managed executor's stand-in (Jakarta Concurrency: its life-cycle methods are not the
     * application's to call, they throw) over a pool of one thread; it records each delay asked for and
     * runs short ones at once.
     */
    private final class ManagedLikeExecutor extends AbstractExecutorService implements ScheduledExecutorService {
        final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);
        final List<Long> delaysMillis = Collections.synchronizedList(new ArrayList<>());

        ManagedLikeExecutor() {
            pool.setRemoveOnCancelPolicy(true);
            executors.add(pool);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            long millis = unit.toMillis(delay);
            delaysMillis.add(millis);
            return pool.schedule(command, millis <= 60_000 ? 0 : delay, unit); // the pauses without the wait
        }

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.MILLISECONDS);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return pool.schedule(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
                TimeUnit unit) {
            return pool.scheduleAtFixedRate(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            return pool.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }

        @Override
        public boolean isShutdown() {
            throw new IllegalStateException("Lifecycle operations are not available on a managed executor");
        }

        @Override
        public boolean isTerminated() {
            throw new IllegalStateException("Lifecycle operations are not available on a managed executor");
        }

        @Override
        public void shutdown() {
            throw new IllegalStateException("Lifecycle operations are not available on a managed executor");
        }

        @Override
        public List<Runnable> shutdownNow() {
            throw new IllegalStateException("Lifecycle operations are not available on a managed executor");
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            throw new IllegalStateException("Lifecycle operations are not available on a managed executor");
        }
    }

    private CataloguePins pinsWithOneApproval() {
        record(history, 1, tool("forecast", "Weather"));
        CataloguePins setUp = new CataloguePins(ENDPOINT, history, store.approved, NewItems.HIDE, CLOCK);
        setUp.approve("tools/list", 1, "ops");
        return new CataloguePins(ENDPOINT, history, store, NewItems.HIDE, CLOCK);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10); // polling
        }
    }

    @Test
    void theApprovalsAreReadOnAnExecutorThatRefusesIsShutdownAfterAFailedFirstRead() throws Exception {
        CataloguePins pins = pinsWithOneApproval();
        store.failures = 1;
        pins.loadIn(new ManagedLikeExecutor());
        await(pins::loaded, "the approvals read after the first read failed");
        assertEquals(Drift.SAME, pins.called("forecast"));
        pins.close();
    }

    @Test
    void failedReadsAreTriedAgainAfterAPauseThatDoublesUntilTheApprovalsAreRead() throws Exception {
        CataloguePins pins = pinsWithOneApproval();
        store.failures = 3;
        ManagedLikeExecutor executor = new ManagedLikeExecutor();
        pins.loadIn(executor);
        await(pins::loaded, "the approvals read after three failed reads");
        assertEquals(4, store.reads.get());
        assertEquals(List.of(0L, 2_000L, 4_000L, 8_000L), executor.delaysMillis.subList(0, 4),
                "at once, then 2 s, 4 s, 8 s after the failures");
        pins.close();
    }

    @Test
    void closeEndsTheRetriesWhileTheStoreIsStillDown() throws Exception {
        CataloguePins pins = new CataloguePins(ENDPOINT, history, store, NewItems.HIDE, CLOCK);
        store.failures = Integer.MAX_VALUE;
        ManagedLikeExecutor executor = new ManagedLikeExecutor();
        pins.loadIn(executor);
        await(() -> store.reads.get() >= 2, "two failed reads");
        pins.close();
        int readsAtClose = store.reads.get();
        await(() -> executor.pool.getQueue().isEmpty() && executor.pool.getActiveCount() == 0,
                "no read scheduled after close");
        assertEquals(readsAtClose, store.reads.get(), "no read after close");
        assertFalse(pins.loaded());
        assertTrue(pins.holdsBack(pins.called("forecast")), "still unverified: held back");
    }
}

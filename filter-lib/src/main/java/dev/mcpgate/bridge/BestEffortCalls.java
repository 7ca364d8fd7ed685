package dev.mcpgate.bridge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The upstream calls the bridge makes when it closes (a DELETE per pooled session, an error answer per parked
 * call): one best-effort pass, in parallel, within a total deadline. At undeploy the connector may already be
 * paused, so a loopback call can hang for {@code bridge-upstream-timeout}; past the deadline the calls still
 * under way are interrupted and left (the server's own session timeout ends what they did not).
 */
final class BestEffortCalls {

    /** The total time a close spends on its upstream calls. */
    static final Duration CLOSE_DEADLINE = Duration.ofSeconds(2);
    /** Most calls under way at once. */
    static final int PARALLEL = 16;

    private BestEffortCalls() {
    }

    /** A deadline {@link #CLOSE_DEADLINE} from now, in {@link System#nanoTime()}. */
    static long closeDeadline() {
        return System.nanoTime() + CLOSE_DEADLINE.toNanos();
    }

    /**
     * Runs the calls, at most {@link #PARALLEL} at once on daemon threads, until all ended or the deadline passed.
     *
     * @return how many calls were not done by the deadline
     */
    static int run(String name, List<Runnable> calls, long deadlineNanos) {
        if (calls.isEmpty()) {
            return 0;
        }
        ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>(calls);
        CountDownLatch done = new CountDownLatch(calls.size());
        int workers = Math.min(PARALLEL, calls.size());
        Thread[] threads = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            threads[i] = new Thread(() -> {
                for (Runnable call = queue.poll(); call != null && !Thread.currentThread().isInterrupted();
                        call = queue.poll()) {
                    try {
                        call.run();
                    } catch (RuntimeException e) {
                        // best effort: the next call goes on
                    } finally {
                        done.countDown();
                    }
                }
            }, "mcpgate-bridge-close-" + name + "-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        try {
            done.await(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Thread thread : threads) {
            thread.interrupt(); // a call still under way (the JDK client's send is interruptible)
        }
        return (int) done.getCount();
    }
}

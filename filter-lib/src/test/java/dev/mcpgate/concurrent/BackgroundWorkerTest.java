package dev.mcpgate.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.concurrent.BackgroundWorker.Round;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one background worker of the store's writer and the catalogue tracker: rounds, back-off, close. */
class BackgroundWorkerTest {

    private static final Duration LONG = Duration.ofHours(1);
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);

    {
        executor.setRemoveOnCancelPolicy(true); // as SchedulerProvider's: a cancelled round leaves the queue
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A job that returns the given results in turn, then IDLE. */
    private static BackgroundWorker.Job scripted(Round... results) {
        Deque<Round> left = new ArrayDeque<>(Arrays.asList(results));
        return () -> left.isEmpty() ? Round.IDLE : left.poll();
    }

    private static BackgroundWorker worker(ManualScheduler scheduler, BackgroundWorker.Job job) {
        return new BackgroundWorker("test", scheduler, job, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50)),
                Duration.ofSeconds(1));
    }

    @Test
    void failedRoundsPauseTwiceAsLongEachTimeUpToTheLongestAndAWorkingRoundResetsThePause() {
        ManualScheduler scheduler = new ManualScheduler();
        BackgroundWorker worker = worker(scheduler, scripted(Round.FAILED, Round.FAILED, Round.FAILED, Round.FAILED,
                Round.FAILED, Round.MORE, Round.FAILED, Round.IDLE));
        worker.start();
        for (int i = 0; i < 8; i++) {
            scheduler.runNext();
        }
        assertEquals(List.of(0L, 10L, 20L, 40L, 50L, 50L, 0L, 10L, 1000L), scheduler.delays,
                "start; five failures: 10, 20, 40, then the longest (50); more: at once; a failure: 10 again; idle");
        assertEquals(6, worker.failedRounds());
    }

    @Test
    void aRoundThatThrowsCountsAsFailedAndTheWorkerGoesOn() {
        ManualScheduler scheduler = new ManualScheduler();
        AtomicInteger calls = new AtomicInteger();
        BackgroundWorker worker = worker(scheduler, () -> switch (calls.incrementAndGet()) {
            case 1 -> throw new IllegalStateException("a bug in the job");
            case 2 -> throw new NoClassDefFoundError("a class gone with the application");
            default -> Round.IDLE;
        });
        worker.start();
        scheduler.runNext();
        scheduler.runNext();
        scheduler.runNext();
        assertEquals(3, calls.get());
        assertEquals(List.of(0L, 10L, 20L, 1000L), scheduler.delays, "back-off after each throw, then idle");
        assertEquals(2, worker.failedRounds());
    }

    @Test
    void aWakeRunsAnIdleWorkerAtOnceButDoesNotCutABackOffShort() {
        ManualScheduler scheduler = new ManualScheduler();
        BackgroundWorker worker = worker(scheduler, scripted(Round.IDLE, Round.FAILED));
        worker.start();
        scheduler.runNext(); // idle: the next round in 1 s
        worker.wake();
        assertEquals(1, scheduler.pending(), "the idle round was replaced");
        scheduler.runNext(); // failed: the next round after 10 ms
        worker.wake();
        assertEquals(1, scheduler.pending());
        assertEquals(List.of(0L, 1000L, 0L, 10L), scheduler.delays);
    }

    @Test
    void aDelayedWakeGathersTheWakesOfItsDelayIntoOneRoundAndAnImmediateWakeBringsItForward() {
        ManualScheduler scheduler = new ManualScheduler();
        BackgroundWorker worker = worker(scheduler, scripted());
        worker.start();
        scheduler.runNext(); // idle: the next round in 1 s
        worker.wakeWithin(Duration.ofMillis(100));
        worker.wakeWithin(Duration.ofMillis(100)); // a round is due within 100 ms already
        worker.wakeWithin(Duration.ofMillis(500));
        assertEquals(1, scheduler.pending(), "one round for the three wakes");
        worker.wake();
        assertEquals(1, scheduler.pending(), "the delayed round was replaced");
        scheduler.runNext();
        assertEquals(List.of(0L, 1000L, 100L, 0L, 1000L), scheduler.delays,
                "start; idle; a round in 100 ms; brought forward to now; idle again");
    }

    @Test
    void aDelayedWakeWhileARoundRunsDelaysTheNextRoundByThatMuchNotMore() {
        ManualScheduler scheduler = new ManualScheduler();
        AtomicReference<BackgroundWorker> self = new AtomicReference<>();
        AtomicInteger rounds = new AtomicInteger();
        BackgroundWorker worker = worker(scheduler, () -> {
            if (rounds.incrementAndGet() == 2) {
                self.get().wakeWithin(Duration.ofMillis(300));
                self.get().wakeWithin(Duration.ofMillis(100));
            }
            return Round.IDLE;
        });
        self.set(worker);
        worker.start();
        scheduler.runNext();
        worker.wake();
        scheduler.runNext(); // woken twice while it ran
        scheduler.runNext();
        assertEquals(List.of(0L, 1000L, 0L, 100L, 1000L), scheduler.delays,
                "the round after the wakes comes after the shorter of their delays, then idle");
    }

    @Test
    void aJobThatThrowsOnAnExecutorRunsAgain() throws Exception {
        CountDownLatch ranAgain = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        BackgroundWorker worker = new BackgroundWorker("test", executor, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new RuntimeException("first round fails");
            }
            ranAgain.countDown();
            return Round.IDLE;
        }, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), LONG);
        worker.start();
        assertTrue(ranAgain.await(10, TimeUnit.SECONDS), "the worker survived the exception");
        assertTrue(worker.close(Duration.ofSeconds(10), Duration.ofSeconds(1)));
    }

    @Test
    void closeRunsTheJobUntilItIsIdleEvenWhenItFailsFirst() {
        AtomicInteger held = new AtomicInteger();
        AtomicInteger failuresLeft = new AtomicInteger(3);
        BackgroundWorker worker = new BackgroundWorker("test", executor, () -> {
            if (held.get() == 0) {
                return Round.IDLE;
            }
            if (failuresLeft.getAndDecrement() > 0) {
                return Round.FAILED;
            }
            return held.decrementAndGet() > 0 ? Round.MORE : Round.IDLE;
        }, new Backoff(Duration.ofMillis(10), LONG), LONG);
        worker.start();
        held.set(5); // work the idle worker was not woken for: close must find it
        long start = System.nanoTime();
        assertTrue(worker.close(Duration.ofSeconds(20), Duration.ofSeconds(1)), "the job finished");
        assertEquals(0, held.get(), "close flushed what was held");
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "no idle wait of an hour");
        assertEquals(3, worker.failedRounds());
        assertEquals(0, executor.getQueue().size(), "no round is left scheduled");
    }

    @Test
    void closeWhileFailingGivesUpAfterItsTimeoutAndPausesOnlyTheFirstBackOff() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        BackgroundWorker worker = new BackgroundWorker("test", executor, () -> {
            rounds.incrementAndGet();
            return Round.FAILED;
        }, new Backoff(Duration.ofMillis(20), LONG), LONG);
        worker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (worker.failedRounds() < 4) { // the pause is 160 ms now and growing
            assertTrue(System.nanoTime() < deadline, "four failed rounds");
            Thread.onSpinWait();
        }
        int before = rounds.get();
        long start = System.nanoTime();
        assertFalse(worker.close(Duration.ofMillis(500), Duration.ofSeconds(1)), "the job never finished");
        long took = System.nanoTime() - start;
        assertTrue(took >= Duration.ofMillis(500).toNanos() && took < Duration.ofSeconds(3).toNanos(), took + " ns");
        assertTrue(rounds.get() - before >= 5, "closing retries every 20 ms, not after the grown pause: "
                + (rounds.get() - before) + " rounds");
        assertFalse(worker.inRound());
        assertEquals(0, executor.getQueue().size(), "no round is left scheduled");
    }

    @Test
    void closeInterruptsARoundStuckPastItsTimeoutAndNoRoundRunsAfterIt() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger rounds = new AtomicInteger();
        BackgroundWorker worker = new BackgroundWorker("test", executor, () -> {
            rounds.incrementAndGet();
            entered.countDown();
            while (release.getCount() > 0) { // a driver call that ignores interrupts
                Thread.onSpinWait();
            }
            return Round.MORE;
        }, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), LONG);
        worker.start();
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        assertFalse(worker.close(Duration.ofMillis(200), Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(3).toNanos(), "close does not wait for the round");
        assertTrue(worker.inRound(), "still stuck");
        release.countDown();
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "the stuck round returned");
        assertEquals(1, rounds.get(), "its MORE started no other round");
        assertFalse(worker.inRound());
    }

    @Test
    void closeOfAWorkerNeverStartedFinishesAtOnce() {
        BackgroundWorker worker = new BackgroundWorker("test", executor, () -> {
            throw new AssertionError("never runs");
        }, new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)), LONG);
        assertTrue(worker.close(Duration.ofSeconds(1), Duration.ofSeconds(1)));
        worker.wake();
        assertEquals(0, executor.getQueue().size());
    }

    /**
     * A round that checked for work before close() began (and found none) is not the last: events may
     * have come (with a wake) between its check and close(). Failed before the fix: its IDLE ended the
     * worker, and the store's writer dropped the last events and never wrote its last health row.
     */
    @Test
    void anIdleRoundThatBeganBeforeCloseIsFollowedByAnotherRound() throws Exception {
        ManualScheduler scheduler = new ManualScheduler();
        AtomicInteger rounds = new AtomicInteger();
        AtomicBoolean finished = new AtomicBoolean();
        AtomicReference<BackgroundWorker> self = new AtomicReference<>();
        AtomicReference<Thread> closer = new AtomicReference<>();
        BackgroundWorker worker = worker(scheduler, () -> {
            if (rounds.incrementAndGet() == 1) { // found nothing; close() begins before the round ends
                Thread t = new Thread(() -> finished.set(self.get().close(LONG, Duration.ofSeconds(1))));
                closer.set(t);
                t.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (t.getState() != Thread.State.TIMED_WAITING) { // close() waits for the round
                    assertTrue(System.nanoTime() < deadline, "close() began");
                    Thread.onSpinWait();
                }
            }
            return Round.IDLE;
        });
        self.set(worker);
        worker.start();
        scheduler.runNext();
        assertEquals(1, scheduler.pending(), "one more round, which begins after close()");
        scheduler.runNext();
        closer.get().join(10_000);
        assertTrue(finished.get(), "that round's IDLE finished the job");
        assertEquals(2, rounds.get());
    }

    /** A round woken while it ran, during close(), is followed by another round even when it is idle. */
    @Test
    void aWakeDuringTheLastRoundOfCloseRunsAnotherRound() throws Exception {
        ManualScheduler scheduler = new ManualScheduler();
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<BackgroundWorker> self = new AtomicReference<>();
        AtomicReference<Thread> closer = new AtomicReference<>();
        BackgroundWorker worker = worker(scheduler, () -> {
            if (rounds.incrementAndGet() == 1) {
                Thread t = new Thread(() -> self.get().close(LONG, Duration.ofSeconds(1)));
                closer.set(t);
                t.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (t.getState() != Thread.State.TIMED_WAITING) {
                    assertTrue(System.nanoTime() < deadline, "close() began");
                    Thread.onSpinWait();
                }
            } else if (rounds.get() == 2) {
                self.get().wake(); // the last events came while this round ran
            }
            return Round.IDLE;
        });
        self.set(worker);
        worker.start();
        scheduler.runNext();
        scheduler.runNext();
        assertEquals(1, scheduler.pending(), "the wake is not lost");
        scheduler.runNext();
        closer.get().join(10_000);
        assertFalse(closer.get().isAlive());
        assertEquals(3, rounds.get());
    }
}

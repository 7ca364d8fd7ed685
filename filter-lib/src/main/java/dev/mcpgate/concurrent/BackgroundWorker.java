package dev.mcpgate.concurrent;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a {@link Job} in short rounds on a scheduled executor (the {@link SchedulerProvider}'s: the
 * server's managed executor where it has one, else the filter's own threads), with back-off after a
 * failed round. The store's writer and the catalogue tracker are such workers.
 *
 * <p>Rounds, not a loop. A worker never holds an executor thread between rounds: every round is a
 * task of its own, and the pause that follows it (idle, back-off) is a scheduled delay, not a
 * blocked thread. On a managed executor (Payara, WildFly) it therefore takes a pool thread only
 * while it works — one round: a batch of writes, a few captures — and never starves the server's
 * pool with a thread parked in a waiting loop. A round that blocks (a database that stops answering
 * mid-commit) holds its thread until the call returns; {@link #close} gives up on it after its
 * timeout.
 *
 * <p>After a round:
 * <ul>
 * <li>{@link Round#MORE}: the next round runs at once;</li>
 * <li>{@link Round#IDLE}: the next round runs after the idle period, or at once on {@link #wake()}, or
 *     within the delay given to {@link #wakeWithin};</li>
 * <li>{@link Round#FAILED}, or a round that throws: the next round runs after the back-off pause
 *     ({@link Backoff}: doubling up to its longest; a wake does not cut it short); any other result
 *     resets the pause. A job's exception never ends the worker: it is logged and counts as a failure.</li>
 * </ul>
 * Rounds never overlap. {@link #close} makes the job finish: the pauses shrink to the first
 * back-off, and the worker ends at the first round that began after {@code close} and is
 * {@code IDLE} with no wake since it began (the job's signal that it has nothing left), or when the
 * timeout passes.
 */
public final class BackgroundWorker {

    private static final Logger LOG = System.getLogger(BackgroundWorker.class.getName());
    /** How long close() waits for the executor to start a round before it runs the rounds itself. */
    private static final long TAKE_OVER_NANOS = Duration.ofSeconds(1).toNanos();

    /** What a round did, which decides when the next one runs. */
    public enum Round {
        /** Worked and has more to do now. */
        MORE,
        /** Has nothing to do now (while closing: finished). */
        IDLE,
        /** Could not do its work (the database is down): try again after the back-off. */
        FAILED
    }

    /** One round of work; short, so that a managed executor gets its thread back soon. */
    @FunctionalInterface
    public interface Job {
        Round run() throws Exception;
    }

    private enum State { NEW, WAITING, SCHEDULED, RUNNING, BACKING_OFF, CLOSED }

    private final String name;
    private final ScheduledExecutorService executor;
    private final Job job;
    private final Backoff backoff;
    private final long idleNanos;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.NEW;
    private Future<?> next;
    private long ticket; // the round scheduled last; an older, cancelled one that runs anyway does nothing
    private boolean wokenWhileRunning;
    private long wokenDelayNanos; // while a round runs: the shortest delay a wake asked the next round for
    private long nextDue; // System.nanoTime() when the round scheduled last is due
    private boolean closing;
    private boolean closingAtRoundStart; // the round in progress began after close(): its IDLE is final
    private boolean finished;
    private boolean refused; // the executor refused a round (shut down): close() runs the rest itself
    private long roundsStarted;
    private Thread running; // the thread of the round in progress
    private volatile long failedRounds;

    /**
     * @param name     names the worker in log lines
     * @param executor where the rounds run
     * @param job      the round
     * @param backoff  the pauses after failed rounds
     * @param idle     how long an idle worker waits for a wake before it runs a round anyway
     */
    public BackgroundWorker(String name, ScheduledExecutorService executor, Job job, Backoff backoff, Duration idle) {
        this.name = name;
        this.executor = executor;
        this.job = job;
        this.backoff = backoff;
        this.idleNanos = idle.toNanos();
    }

    /** Runs the first round at once. */
    public void start() {
        lock.lock();
        try {
            if (state == State.NEW) {
                scheduleRound(State.SCHEDULED, 0);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs a round at once when the worker is idle; never waits, and does not cut a back-off short. */
    public void wake() {
        wakeWithin(Duration.ZERO);
    }

    /**
     * Runs a round within {@code within} when the worker is idle (or its next round is due later);
     * never waits, and does not cut a back-off short. A job whose work comes in many small pieces
     * wakes with a delay so that one round takes the pieces of that time together: each wake of an
     * idle worker costs a scheduling and a thread's wake-up, which on a busy server is more than a
     * small piece of work itself. A wake while a round runs makes the next round run within the
     * shortest delay asked for meanwhile.
     */
    public void wakeWithin(Duration within) {
        long nanos = within.toNanos();
        lock.lock();
        try {
            if ((state == State.WAITING || state == State.SCHEDULED) && nextDue - System.nanoTime() > nanos) {
                next.cancel(false);
                scheduleRound(State.SCHEDULED, nanos);
            } else if (state == State.RUNNING) {
                wokenWhileRunning = true;
                wokenDelayNanos = Math.min(wokenDelayNanos, nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Rounds that failed or threw since start. */
    public long failedRounds() {
        return failedRounds;
    }

    /** Whether a round is running now (after a {@link #close} that gave up: still stuck in it). */
    public boolean inRound() {
        lock.lock();
        try {
            return running != null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the job finish and ends the worker: waits until a round is idle (the job has nothing
     * left) or {@code timeout} passes; then interrupts a round still running and waits {@code grace}
     * for it. No round starts afterwards. When the executor refuses the rounds (shut down) or starts
     * none within a second (at most half the timeout) while no round is in progress, the rounds run
     * on the calling thread instead, until one is idle or the timeout passes.
     *
     * @return whether the job finished; {@code false} when the timeout passed first (see {@link #inRound()})
     */
    public boolean close(Duration timeout, Duration grace) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            if (state == State.NEW) {
                state = State.CLOSED;
                return true; // never started: there is nothing to finish
            }
            closing = true;
            long startedBefore = roundsStarted;
            hurry();
            boolean interrupted = !awaitWhile(() -> !finished && !refused && roundsStarted == startedBefore,
                    Math.min(timeout.toNanos() / 2, TAKE_OVER_NANOS));
            if (!finished && !interrupted && state != State.RUNNING && (refused || roundsStarted == startedBefore)) {
                // the executor refused the round or runs none (shut down before the filter): the
                // rounds run here, so that what the job holds is not lost with the executor
                cancelNext();
                state = State.CLOSED;
            } else {
                return closeOnExecutor(deadline, grace, interrupted);
            }
        } finally {
            lock.unlock();
        }
        return runHere(deadline);
    }

    /** The rest of {@link #close} while the executor runs the rounds (under the lock). */
    private boolean closeOnExecutor(long deadline, Duration grace, boolean interruptedBefore) {
        boolean interrupted = interruptedBefore
                || !awaitWhile(() -> !finished && state != State.CLOSED, deadline - System.nanoTime());
        if (finished) {
            return true;
        }
        if (state == State.RUNNING && next != null) {
            next.cancel(true); // interrupts a round blocked in a call that heeds interrupts
            interrupted |= !awaitWhile(() -> state == State.RUNNING, grace.toNanos());
        }
        if (state != State.CLOSED) {
            cancelNext();
            state = State.CLOSED;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return finished;
    }

    /** Runs the job's rounds on the closing thread until one is idle or the deadline passes. */
    private boolean runHere(long deadline) {
        LOG.log(Level.WARNING, "McpGate " + name + ": the executor runs no more rounds (shut down?); the last rounds "
                + "run on the closing thread");
        while (deadline - System.nanoTime() > 0) {
            Round result = runJob();
            if (result == Round.IDLE) {
                lock.lock();
                try {
                    finished = true;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                return true;
            }
            if (result == Round.FAILED) {
                failedRounds++;
                LockSupport.parkNanos(Math.min(backoff.initialNanos(), Math.max(0, deadline - System.nanoTime())));
            }
        }
        return false;
    }

    /** A waiting or backing-off worker runs its next round soon: at once, or after the first back-off. */
    private void hurry() {
        if (state == State.WAITING) {
            next.cancel(false);
            scheduleRound(State.SCHEDULED, 0);
        } else if (state == State.BACKING_OFF) {
            next.cancel(false);
            scheduleRound(State.BACKING_OFF, backoff.initialNanos());
        }
    }

    /** Waits (under the lock) while the condition holds, at most {@code nanos}; false when interrupted. */
    private boolean awaitWhile(BooleanSupplier condition, long nanos) {
        try {
            while (condition.getAsBoolean() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void cancelNext() {
        if (next != null && state != State.RUNNING) {
            next.cancel(false);
        }
    }

    private void round(long ticketOfRound) {
        lock.lock();
        try {
            if (ticketOfRound != ticket || state == State.CLOSED) {
                return; // cancelled in the meantime, or closed
            }
            state = State.RUNNING;
            roundsStarted++;
            running = Thread.currentThread();
            wokenWhileRunning = false;
            wokenDelayNanos = Long.MAX_VALUE;
            closingAtRoundStart = closing;
        } finally {
            lock.unlock();
        }
        Round result = runJob();
        lock.lock();
        try {
            running = null;
            after(result);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Round runJob() {
        try {
            return job.run();
        } catch (Exception | Error e) { // LinkageError, a driver's AssertionError: never let the worker die
            LOG.log(Level.WARNING, "McpGate " + name + ": a round failed; retrying after the back-off", e);
            return Round.FAILED;
        }
    }

    /** Schedules the round that follows one that ended with {@code result} (under the lock). */
    private void after(Round result) {
        if (state == State.CLOSED) {
            return; // close() gave up on this round
        }
        if (result == Round.FAILED) {
            failedRounds++;
            scheduleRound(State.BACKING_OFF, closing ? backoff.initialNanos() : backoff.failedNanos());
            return;
        }
        backoff.reset();
        // only a round that began after close() and was not woken since has seen the last work: one
        // that began before may have checked for work before the last events came (and woke it)
        if (result == Round.IDLE && closingAtRoundStart && !wokenWhileRunning) {
            finished = true;
            state = State.CLOSED;
        } else if (result == Round.MORE || closing) {
            scheduleRound(State.SCHEDULED, 0);
        } else if (wokenWhileRunning) {
            scheduleRound(State.SCHEDULED, wokenDelayNanos);
        } else {
            scheduleRound(State.WAITING, idleNanos);
        }
    }

    /** Schedules the next round (under the lock); an executor that refuses it (shut down) ends the worker. */
    private void scheduleRound(State then, long delayNanos) {
        long round = ++ticket;
        try {
            next = executor.schedule(() -> round(round), delayNanos, TimeUnit.NANOSECONDS);
            nextDue = System.nanoTime() + delayNanos;
            state = then;
        } catch (RejectedExecutionException e) {
            state = State.CLOSED;
            refused = true;
            changed.signalAll();
            LOG.log(Level.WARNING, "McpGate " + name + ": the executor refused the next round (shut down?); the worker "
                    + "stops (close() runs its last rounds itself)", e);
        }
    }
}

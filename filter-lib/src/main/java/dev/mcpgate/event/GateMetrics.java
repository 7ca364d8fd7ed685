package dev.mcpgate.event;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of everything the filter lost, skipped or failed at, so that no loss is silent.
 * They are reported in every {@link Heartbeat} and logged when they change. Cheap to increment
 * from many request threads at once.
 */
public final class GateMetrics {

    private final LongAdder eventsDropped = new LongAdder();
    private final LongAdder sessionsUntracked = new LongAdder();
    private final LongAdder unparsableBodies = new LongAdder();
    private final LongAdder observerFailures = new LongAdder();
    private final LongAdder sinkFailures = new LongAdder();
    private final LongAdder sessionsRefused = new LongAdder();
    private final LongAdder answersPassedOverLimit = new LongAdder();
    private final LongAdder answerRewritesFailed = new LongAdder();
    /** Per {@link Violation} (by ordinal): exchanges refused, and exchanges passed with the violation reported. */
    private final LongAdder[] violationsRejected = adders();
    private final LongAdder[] violationsReported = adders();

    private static LongAdder[] adders() {
        LongAdder[] adders = new LongAdder[Violation.values().length];
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /**
     * An exchange's row names {@code violation}: the filter refused it ({@code rejected}), or let it
     * pass and reported it. Counted once per exchange, like the row.
     */
    public void violation(Violation violation, boolean rejected) {
        (rejected ? violationsRejected : violationsReported)[violation.ordinal()].increment();
    }

    /** Exchanges refused for {@code violation} since start. */
    public long violationsRejected(Violation violation) {
        return violationsRejected[violation.ordinal()].sum();
    }

    /** Exchanges that passed with {@code violation} reported since start. */
    public long violationsReported(Violation violation) {
        return violationsReported[violation.ordinal()].sum();
    }

    public void eventDropped() {
        eventsDropped.increment();
    }

    public void sessionUntracked() {
        sessionsUntracked.increment();
    }

    public void unparsableBody() {
        unparsableBodies.increment();
    }

    public void observerFailed() {
        observerFailures.increment();
    }

    public void sinkFailed() {
        sinkFailures.increment();
    }

    public long eventsDropped() {
        return eventsDropped.sum();
    }

    public long sessionsUntracked() {
        return sessionsUntracked.sum();
    }

    public long unparsableBodies() {
        return unparsableBodies.sum();
    }

    public long observerFailures() {
        return observerFailures.sum();
    }

    public long sinkFailures() {
        return sinkFailures.sum();
    }

    /** {@code own} mode: an {@code initialize} answered 503 because {@code max-sessions} was reached. */
    public void sessionRefused() {
        sessionsRefused.increment();
    }

    public long sessionsRefused() {
        return sessionsRefused.sum();
    }

    /** An answer held for rewriting (interceptors) was larger than the limit and passed unchanged. */
    public void answerPassedOverLimit() {
        answersPassedOverLimit.increment();
    }

    public long answersPassedOverLimit() {
        return answersPassedOverLimit.sum();
    }

    /** Rewriting an answer (interceptors) threw; the answer passed unchanged. */
    public void answerRewriteFailed() {
        answerRewritesFailed.increment();
    }

    public long answerRewritesFailed() {
        return answerRewritesFailed.sum();
    }
}

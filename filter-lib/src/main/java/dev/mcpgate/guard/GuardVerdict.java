package dev.mcpgate.guard;

import dev.mcpgate.event.Violation;

/**
 * What the guard found against one request so far: the first finding of an {@code enforce} check,
 * which refuses the request, and the first finding of a {@code report} check, which the row names.
 * Created on the first finding only: a request the guard finds nothing against allocates nothing.
 */
public final class GuardVerdict {

    private Finding rejection;
    private Finding reported;
    private static final Violation[] ALL = Violation.values();

    /** Every violation a {@code report} check found, by ordinal: the row names the first, the counters all. */
    private int reportedMask;

    GuardVerdict() {
    }

    void found(GuardLevel level, Finding finding) {
        if (level == GuardLevel.ENFORCE && rejection == null) {
            rejection = finding;
        } else if (level == GuardLevel.REPORT) {
            reportedMask |= 1 << finding.violation().ordinal();
            if (reported == null) {
                reported = finding;
            }
        }
    }

    /** Whether an enforced check refused the request: the filter answers it with {@link #rejection()}. */
    public boolean rejected() {
        return rejection != null;
    }

    /** The finding that refuses the request, or {@code null}. */
    public Finding rejection() {
        return rejection;
    }

    /** The first finding of a check at {@code report}, or {@code null}. */
    public Finding reported() {
        return reported;
    }

    /** Calls {@code action} with every violation a {@code report} check found, in the order of {@link Violation}. */
    public void forEachReported(java.util.function.Consumer<Violation> action) {
        for (Violation violation : ALL) {
            if ((reportedMask & (1 << violation.ordinal())) != 0) {
                action.accept(violation);
            }
        }
    }

    /** The violation the request's row names: the refusal's, else the first reported one. */
    public Violation violation() {
        return rejection != null ? rejection.violation() : reported == null ? null : reported.violation();
    }

    @Override
    public String toString() {
        return "GuardVerdict[rejection=" + rejection + ", reported=" + reported + "]";
    }
}

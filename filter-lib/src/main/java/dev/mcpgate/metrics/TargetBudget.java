package dev.mcpgate.metrics;

import dev.mcpgate.protocol.TargetKind;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the number of distinct tool names, prompt names and resource URIs that become attribute
 * values bounded: a client chooses them (a tool that does not exist is still a name), and every
 * distinct value is a time series in the metrics backend. The first {@code max} distinct targets,
 * all kinds together, keep their own value; any later new one is recorded as {@value #OTHER} and
 * counted ({@link #folded()}).
 *
 * <p>Used by the dispatcher thread only (one batch at a time); {@link #folded()} may be read from
 * any thread.
 */
public final class TargetBudget {

    /** The value a target past the budget is recorded under. */
    public static final String OTHER = "_other";

    private final int max;
    private final Map<TargetKind, Set<String>> admitted = new EnumMap<>(TargetKind.class);
    private int size;
    private final AtomicLong folded = new AtomicLong();

    /** @param max distinct targets kept with their own value ({@code metrics-max-targets}) */
    public TargetBudget(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
    }

    /**
     * The value to record for {@code target} of {@code kind}: itself when it was seen before or the
     * budget has room, else {@value #OTHER} (counted).
     */
    public String admit(TargetKind kind, String target) {
        Set<String> seen = admitted.computeIfAbsent(kind, k -> new HashSet<>());
        if (seen.contains(target)) {
            return target;
        }
        if (size < max) {
            seen.add(target);
            size++;
            return target;
        }
        folded.incrementAndGet();
        return OTHER;
    }

    /** Exchanges whose target was recorded as {@value #OTHER} since start. */
    public long folded() {
        return folded.get();
    }

    /** Distinct targets kept with their own value. */
    public int size() {
        return size;
    }
}

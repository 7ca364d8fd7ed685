package dev.mcpgate.guard;

import dev.mcpgate.event.Violation;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The level of each guard check of one endpoint: the {@code guard} setting for all of them, and a
 * {@code guard-<check>} setting where an operator wants one check at another level (say
 * {@code guard=enforce} with {@code guard-principal=report} while single sign-on is rolled out).
 *
 * <p>The violations of the {@code own} session mode ({@link Violation#SESSION_REQUIRED},
 * {@link Violation#SESSION_UNKNOWN}, {@link Violation#SESSION_LIMIT},
 * {@link Violation#METHOD_NOT_ALLOWED}) have no level: a filter that owns the sessions must answer
 * them itself, since the server behind it knows no sessions; they are always {@link GuardLevel#ENFORCE}.
 */
public final class GuardLevels {

    /** The violations a {@code guard-<check>} setting can set a level for: those with {@link Violation#hasLevel()}. */
    public static final Set<Violation> CHECKS = Collections.unmodifiableSet(
            Arrays.stream(Violation.values()).filter(Violation::hasLevel)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Violation.class))));

    private final GuardLevel level;
    private final Map<Violation, GuardLevel> levels;

    /**
     * @param level     the level of every check without its own
     * @param overrides checks at another level (keys from {@link #CHECKS})
     */
    public GuardLevels(GuardLevel level, Map<Violation, GuardLevel> overrides) {
        this.level = level;
        Map<Violation, GuardLevel> all = new EnumMap<>(Violation.class);
        for (Violation check : CHECKS) {
            all.put(check, overrides.getOrDefault(check, level));
        }
        this.levels = Collections.unmodifiableMap(all);
    }

    /** Every check at one level. */
    public static GuardLevels all(GuardLevel level) {
        return new GuardLevels(level, Map.of());
    }

    /** The {@code guard} setting: the level of checks without their own. */
    public GuardLevel level() {
        return level;
    }

    /** The level of one check; {@link GuardLevel#ENFORCE} for the {@code own} mode's violations. */
    public GuardLevel level(Violation check) {
        return levels.getOrDefault(check, GuardLevel.ENFORCE);
    }

    /** Whether any check runs at all: with everything {@code off} the guard costs nothing. */
    public boolean anyOn() {
        return levels.values().stream().anyMatch(l -> l != GuardLevel.OFF);
    }

    @Override
    public String toString() {
        return "GuardLevels" + levels;
    }
}

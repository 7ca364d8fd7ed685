package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The newest {@code limit} rows of a window longer than a day that match a condition
 * ({@link McpAnalytics#requests}, {@link McpAnalytics#recentErrors}; {@link McpAnalytics#sessions} by their start,
 * every hour), read from the newest back, a slice at a time (a minute first, doubling up to an hour), so that a
 * query never sorts more than an hour of raw rows (Derby cannot read its ascending ts index
 * backwards: a month's {@code ORDER BY ts DESC} would sort the whole month). The hours after the rolled-up ones
 * are each read; of the rolled-up hours only those whose rollup rows say they hold a matching row. It stops as
 * soon as it has {@code limit} rows: a dashboard's "latest 50" costs an hour or two of raw rows.
 */
final class NewestFirst {

    /** The first slice read back from a window's end ({@link #fromTheEnd}). */
    static final Duration FIRST_SLICE = Duration.ofMinutes(1);

    private NewestFirst() {
    }

    /** Reads the matching raw rows of {@code [from, to)}, newest first, at most {@code limit}. */
    @FunctionalInterface
    interface Chunk<T> {
        List<T> rows(Instant from, Instant to, int limit);
    }

    /**
     * The newest {@code limit} rows of {@code [from, to)} by {@code chunk}, visiting of the rolled-up hours those
     * with a {@code RollupHourEntity r} row that meets {@code rollupCondition} (JPQL, its parameters in
     * {@code parameters}).
     */
    static <T> List<T> read(EntityManager em, String endpoint, Instant from, Instant to, int limit,
            String rollupCondition, Map<String, Object> parameters, Chunk<T> chunk) {
        Instant since = TimeStep.HOUR.floor(from);
        Instant rolled = RollupReads.wholeHoursUntil(em, endpoint, since, to); // it reads an hour's raw rows
        List<T> rows = fromTheEnd(later(rolled, from), to, limit, chunk);
        if (rows.size() < limit && rolled.isAfter(since)) {
            for (Instant hour : hoursWithMatches(em, endpoint, since, rolled, rollupCondition, parameters)) {
                rows.addAll(chunk.rows(later(hour, from), hour.plus(HourlyRollup.HOUR), limit - rows.size()));
                if (rows.size() >= limit) {
                    break;
                }
            }
        }
        return rows;
    }

    /**
     * The newest {@code limit} rows of {@code [from, to)} by {@code chunk}, reading back from {@code to} in slices
     * that begin at a minute and double, up to an hour, never across an hour's start: a "latest 50" of a busy
     * endpoint sorts a minute or two of raw rows, not the open hour's tens of thousands (Derby sorts every row of
     * a query's range for its newest), and a quiet endpoint costs a few more queries in its newest hour.
     */
    static <T> List<T> fromTheEnd(Instant from, Instant to, int limit, Chunk<T> chunk) {
        List<T> rows = new ArrayList<>();
        Duration slice = FIRST_SLICE;
        for (Instant end = to; end.isAfter(from) && rows.size() < limit; ) {
            Instant hour = TimeStep.HOUR.floor(end.minusNanos(1));
            Instant start = later(later(end.minus(slice), hour), from);
            rows.addAll(chunk.rows(start, end, limit - rows.size()));
            end = start;
            slice = slice.compareTo(HourlyRollup.HOUR) < 0 ? slice.multipliedBy(2) : slice;
        }
        return rows;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The rolled-up hours of {@code [since, until)} with a rollup row that meets the condition, newest first. */
    private static List<Instant> hoursWithMatches(EntityManager em, String endpoint, Instant since, Instant until,
            String rollupCondition, Map<String, Object> parameters) {
        TypedQuery<LocalDateTime> query = em.createQuery("SELECT DISTINCT r.hourStart FROM RollupHourEntity r "
                + "WHERE r.endpoint = :endpoint AND r.hourStart >= :since AND r.hourStart < :until"
                + (rollupCondition == null ? "" : " AND " + rollupCondition) + " ORDER BY r.hourStart DESC",
                LocalDateTime.class)
                .setParameter("endpoint", endpoint)
                .setParameter("since", UtcTime.local(since))
                .setParameter("until", UtcTime.local(until));
        parameters.forEach(query::setParameter);
        return query.getResultList().stream().map(UtcTime::instant).toList();
    }
}

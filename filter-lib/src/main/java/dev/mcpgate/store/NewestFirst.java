package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The newest {@code limit} rows of a window longer than a day that match a condition
 * ({@link McpAnalytics#requests}, {@link McpAnalytics#recentErrors}; {@link McpAnalytics#sessions} by their start,
 * every hour), read an hour at a time from the newest hour
 * back, so that a query never sorts more than an hour of raw rows (Derby cannot read its ascending ts index
 * backwards: a month's {@code ORDER BY ts DESC} would sort the whole month). The hours after the rolled-up ones
 * are each read; of the rolled-up hours only those whose rollup rows say they hold a matching row. It stops as
 * soon as it has {@code limit} rows: a dashboard's "latest 50" costs an hour or two of raw rows.
 */
final class NewestFirst {

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
        List<T> rows = byHour(later(rolled, from), to, limit, chunk);
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

    /** The newest {@code limit} rows of {@code [from, to)} by {@code chunk}, reading every hour from the newest. */
    static <T> List<T> byHour(Instant from, Instant to, int limit, Chunk<T> chunk) {
        List<T> rows = new ArrayList<>();
        for (Instant end = to; end.isAfter(from) && rows.size() < limit; ) {
            Instant start = TimeStep.HOUR.floor(end.minusNanos(1));
            rows.addAll(chunk.rows(later(start, from), end, limit - rows.size()));
            end = start;
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

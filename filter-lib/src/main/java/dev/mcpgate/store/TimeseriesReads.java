package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The time series of one endpoint's exchanges ({@link McpAnalytics#timeseries}): per step, calls,
 * errors, tool errors and latency percentiles from the merged {@link LatencyHistogram} of the step.
 * Read from the raw rows, grouped by step and latency bucket in the database so that no row is
 * loaded; windows over a day (hourly steps) read the hourly rollups for the hours rolled up
 * ({@link RollupReads}) and the raw rows for the rest (the open hour).
 */
final class TimeseriesReads {

    private static final double MICROS_PER_MS = 1000.0;

    private final Dialect dialect;

    TimeseriesReads(Dialect dialect) {
        this.dialect = dialect;
    }

    McpAnalytics.Timeseries read(EntityManager em, String endpoint, Instant from, Instant to, boolean useRollups) {
        TimeStep step = TimeStep.of(from, to);
        Instant since = step.floor(from);
        Map<Instant, Tally> slots = step == TimeStep.HOUR && useRollups
                ? RollupReads.consistently(em, endpoint, since, to, rolled -> slots(em, endpoint, since, rolled, to, step))
                : slots(em, endpoint, since, since, to, step);
        List<McpAnalytics.TimePoint> points = new ArrayList<>();
        for (Instant t = since; t.isBefore(to); t = t.plus(step.length())) {
            points.add(point(t, slots.get(t)));
        }
        return new McpAnalytics.Timeseries(step.length(), since, to, points);
    }

    /** The rollups of {@code [since, rolled)} and the raw rows of {@code [rolled, to)}, per step. */
    private Map<Instant, Tally> slots(EntityManager em, String endpoint, Instant since, Instant rolled, Instant to,
            TimeStep step) {
        Map<Instant, Tally> slots = new TreeMap<>();
        if (rolled.isAfter(since)) {
            RollupReads.bySlot(em, endpoint, since, rolled, slots);
        }
        if (rolled.isBefore(to)) {
            raw(em, endpoint, since, rolled, to, step, slots);
        }
        return slots;
    }

    private static McpAnalytics.TimePoint point(Instant t, Tally tally) {
        if (tally == null) {
            return new McpAnalytics.TimePoint(t, 0, 0, 0, null, null, null);
        }
        LatencyHistogram h = tally.latency();
        return new McpAnalytics.TimePoint(t, tally.calls(), tally.errors(), tally.toolErrors(), ms(h.percentile(0.50)),
                ms(h.percentile(0.95)), ms(h.percentile(0.99)));
    }

    private static Double ms(Double micros) {
        return micros == null ? null : micros / MICROS_PER_MS;
    }

    /** Adds the raw rows of {@code [from, to)} by step (counted from {@code since}) and latency bucket. */
    private void raw(EntityManager em, String endpoint, Instant since, Instant from, Instant to, TimeStep step,
            Map<Instant, Tally> slots) {
        Query query = em.createNativeQuery("SELECT slot, lb, COUNT(*), SUM(e), SUM(te) FROM (SELECT "
                + slotExpression(step) + " AS slot, " + LatencyHistogram.SQL_BUCKET + " AS lb, " + ERROR + " AS e, "
                + TOOL_ERROR + " AS te FROM mcp_request WHERE ts >= ? AND ts < ?"
                + (endpoint == null ? "" : " AND endpoint = ?") + ") x GROUP BY slot, lb");
        query.setParameter(1, UtcTime.sql(since));
        query.setParameter(2, UtcTime.sql(from));
        query.setParameter(3, UtcTime.sql(to));
        if (endpoint != null) {
            query.setParameter(4, endpoint);
        }
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            Instant t = since.plus(step.length().multipliedBy(((Number) r[0]).longValue()));
            slots.computeIfAbsent(t, k -> new Tally()).add(((Number) r[1]).intValue(), ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue(), ((Number) r[4]).longValue());
        }
    }

    /**
     * Adds the raw {@code method} calls of {@code endpoint} in {@code [from, to)} to {@code targets}, per target,
     * grouped by target and latency bucket in the database.
     */
    static void rawByTarget(EntityManager em, String endpoint, String method, Instant from, Instant to,
            Map<String, Tally> targets) {
        Query query = em.createNativeQuery("SELECT target, lb, COUNT(*), SUM(e), SUM(te) FROM (SELECT target, "
                + LatencyHistogram.SQL_BUCKET + " AS lb, " + ERROR + " AS e, " + TOOL_ERROR + " AS te "
                + "FROM mcp_request WHERE mcp_method = ? AND ts >= ? AND ts < ? AND endpoint = ?) x "
                + "GROUP BY target, lb");
        query.setParameter(1, method);
        query.setParameter(2, UtcTime.sql(from));
        query.setParameter(3, UtcTime.sql(to));
        query.setParameter(4, endpoint);
        for (Object row : query.getResultList()) {
            Object[] r = (Object[]) row;
            targets.computeIfAbsent((String) r[0], t -> new Tally()).add(((Number) r[1]).intValue(),
                    ((Number) r[2]).longValue(), ((Number) r[3]).longValue(), ((Number) r[4]).longValue());
        }
    }

    /** 1 for an error outcome, else 0 (as {@link McpAnalytics} counts errors). */
    static final String ERROR = "CASE WHEN outcome IN (" + dev.mcpgate.event.Outcome.SUCCESS_SQL
            + ", 'tool_error') THEN 0 ELSE 1 END";
    /** 1 for a tool error, else 0. */
    static final String TOOL_ERROR = "CASE WHEN outcome = 'tool_error' THEN 1 ELSE 0 END";

    /** The number of whole steps from the bound start ({@code ?}) to {@code ts}. */
    private String slotExpression(TimeStep step) {
        return switch (dialect) {
            case DERBY -> "{fn TIMESTAMPDIFF(SQL_TSI_SECOND, CAST(? AS TIMESTAMP), ts)} / " + step.seconds();
            case POSTGRESQL -> "CAST(FLOOR(EXTRACT(EPOCH FROM (ts - CAST(? AS TIMESTAMP))) / " + step.seconds()
                    + ") AS INTEGER)";
        };
    }
}

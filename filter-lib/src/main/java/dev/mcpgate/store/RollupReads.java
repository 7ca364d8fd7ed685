package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * Reads of the hourly rollups ({@link RollupHourEntity}) of one endpoint for windows over a day: the
 * whole hours of the window that are rolled up come from here, the rest (the open hour, hours not
 * rolled up yet) from the raw rows. Every read names its endpoint (every endpoint rolls up its own
 * rows; reads over every endpoint use the raw rows).
 */
final class RollupReads {

    private RollupReads() {
    }

    /**
     * The end of the rolled-up hours usable for a window ending at {@code to}: the end of the last hour
     * rolled up, but no later than the last whole hour before {@code to}; {@code since} when there are none.
     */
    static Instant usableUntil(EntityManager em, String endpoint, Instant since, Instant to) {
        if (endpoint == null) {
            return since;
        }
        LocalDateTime last = em.createQuery("SELECT MAX(r.hourStart) FROM RollupHourEntity r "
                + "WHERE r.endpoint = :endpoint", LocalDateTime.class)
                .setParameter("endpoint", endpoint).getSingleResult();
        if (last == null) {
            return since;
        }
        Instant until = UtcTime.instant(last).plus(HourlyRollup.HOUR);
        Instant wholeHours = TimeStep.HOUR.floor(to);
        Instant usable = until.isBefore(wholeHours) ? until : wholeHours;
        return usable.isAfter(since) ? usable : since;
    }

    /** Adds the rollups of the hours {@code [since, until)} to {@code slots}, one per hour. */
    static void bySlot(EntityManager em, String endpoint, Instant since, Instant until, Map<Instant, Tally> slots) {
        List<Object[]> rows = em.createQuery("SELECT r.hourStart, r.calls, r.errors, r.toolErrors, r.histogram "
                        + "FROM RollupHourEntity r WHERE r.endpoint = :endpoint AND r.hourStart >= :from "
                        + "AND r.hourStart < :to", Object[].class)
                .setParameter("endpoint", endpoint)
                .setParameter("from", UtcTime.local(since))
                .setParameter("to", UtcTime.local(until))
                .getResultList();
        for (Object[] r : rows) {
            slots.computeIfAbsent(UtcTime.instant((LocalDateTime) r[0]), t -> new Tally())
                    .add((Long) r[1], (Long) r[2], (Long) r[3], (String) r[4]);
        }
    }

    /** Adds the rollups of {@code method}'s calls in the hours {@code [since, until)} to {@code targets}, per target. */
    static void byTarget(EntityManager em, String endpoint, String method, Instant since, Instant until,
            Map<String, Tally> targets) {
        List<Object[]> rows = em.createQuery("SELECT r.target, r.calls, r.errors, r.toolErrors, r.histogram "
                        + "FROM RollupHourEntity r WHERE r.endpoint = :endpoint AND r.mcpMethod = :method "
                        + "AND r.hourStart >= :from AND r.hourStart < :to", Object[].class)
                .setParameter("endpoint", endpoint)
                .setParameter("method", method)
                .setParameter("from", UtcTime.local(since))
                .setParameter("to", UtcTime.local(until))
                .getResultList();
        for (Object[] r : rows) {
            targets.computeIfAbsent((String) r[0], t -> new Tally())
                    .add((Long) r[1], (Long) r[2], (Long) r[3], (String) r[4]);
        }
    }

    /**
     * The {@code limit} slowest exchanges at or after {@code from} among the slowest kept of each hour in
     * {@code [since, until)}, slowest first.
     */
    static List<McpAnalytics.SlowRequest> slowest(EntityManager em, String endpoint, Instant from, Instant since,
            Instant until, int limit) {
        if (!since.isBefore(until)) {
            return List.of();
        }
        return em.createQuery("SELECT r FROM RollupSlowHourEntity r WHERE r.endpoint = :endpoint "
                        + "AND r.hourStart >= :since AND r.hourStart < :until AND r.timestamp >= :from "
                        + "ORDER BY r.latencyMicros DESC, r.requestId", RollupSlowHourEntity.class)
                .setParameter("endpoint", endpoint)
                .setParameter("since", UtcTime.local(since))
                .setParameter("until", UtcTime.local(until))
                .setParameter("from", UtcTime.local(from))
                .setMaxResults(limit)
                .getResultList().stream()
                .map(r -> new McpAnalytics.SlowRequest(r.getRequestId(), UtcTime.instant(r.getTimestamp()),
                        r.getSessionId(), r.getMcpMethod(), r.getTarget(), r.getOutcome(), r.getLatencyMicros()))
                .toList();
    }

    /** Adds the requests per client platform and client name of the hours {@code [since, until)} to {@code sink}. */
    static void clients(EntityManager em, String endpoint, Instant since, Instant until, ClientReads sink) {
        if (!since.isBefore(until)) {
            return;
        }
        List<Object[]> rows = em.createQuery("SELECT r.clientPlatform, r.clientName, SUM(r.requests) "
                        + "FROM RollupClientHourEntity r WHERE r.endpoint = :endpoint AND r.hourStart >= :since "
                        + "AND r.hourStart < :until GROUP BY r.clientPlatform, r.clientName", Object[].class)
                .setParameter("endpoint", endpoint)
                .setParameter("since", UtcTime.local(since))
                .setParameter("until", UtcTime.local(until))
                .getResultList();
        for (Object[] r : rows) {
            sink.add((String) r[0], (String) r[1], McpAnalytics.number(r[2]));
        }
    }
}

package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads of the hourly rollups ({@link RollupHourEntity} and the client, slowest and session ones) of one endpoint for windows over a day: the
 * whole hours of the window that are rolled up, and the part of the open hour rolled up, come from here, the rest
 * (the open hour's last minutes, hours not rolled up yet) from the raw rows. Every read names its endpoint (every endpoint rolls up its own
 * rows; reads over every endpoint use the raw rows).
 *
 * <p>The window does not bound the rows: an hour has a row per method and target, and the targets are
 * what clients call (tool names, resource URIs), so a month of an endpoint whose clients call many
 * names may hold millions of rows, each with its histogram. The rows are therefore read
 * {@value #PAGE_ROWS} at a time ({@code setMaxResults}, keyset paging) and added up as they come:
 * what is held is one page and the sums (one per hour, or per target).
 */
final class RollupReads {

    /** Rows read per query. */
    static final int PAGE_ROWS = 1000;

    private RollupReads() {
    }

    /**
     * The end of the rollups usable for a window ending at {@code to}: the end of the part of the open hour rolled
     * up ({@link HourlyRollup#rollUpPart}) when it follows the whole hours rolled up and ends by {@code to}; else
     * {@link #wholeHoursUntil}. For the reads of exchanges, which add a part's rows up like an hour's; not for
     * those of sessions (a part has none) or those that read an hour's raw rows after its rollup row.
     */
    static Instant usableUntil(EntityManager em, String endpoint, Instant since, Instant to) {
        if (endpoint == null) {
            return since;
        }
        Rolled rolled = rolled(em, endpoint);
        if (rolled.partUntil() != null && !rolled.partUntil().isAfter(to)) {
            return rolled.partUntil().isAfter(since) ? rolled.partUntil() : since;
        }
        return rolled.wholeUntil() == null ? since : bounded(rolled.wholeUntil(), since, to);
    }

    /**
     * An answer from the rollups up to {@link #usableUntil} and the raw rows after it ({@code read} is given that
     * end), read again when that end moved while it was read: the writer rewrote the open hour's part (a minute
     * more, or the closed hour's own rollup in its place) between the reads, so that the raw rows read would
     * overlap or miss what the rollup rows read hold. At most three tries: the part moves once a minute.
     */
    static <T> T consistently(EntityManager em, String endpoint, Instant since, Instant to,
            java.util.function.Function<Instant, T> read) {
        Instant rolled = usableUntil(em, endpoint, since, to);
        for (int attempt = 1; ; attempt++) {
            T answer = read.apply(rolled);
            Instant after = usableUntil(em, endpoint, since, to);
            if (after.equals(rolled) || attempt == 3) {
                return answer;
            }
            rolled = after;
        }
    }

    /**
     * The end of the whole hours rolled up usable for a window ending at {@code to}: the end of the last one, but
     * no later than the last whole hour before {@code to}; {@code since} when there are none.
     */
    static Instant wholeHoursUntil(EntityManager em, String endpoint, Instant since, Instant to) {
        if (endpoint == null) {
            return since;
        }
        Instant whole = rolled(em, endpoint).wholeUntil();
        return whole == null ? since : bounded(whole, since, to);
    }

    /**
     * Where an endpoint's rollups stand: the end of its whole hours, and the end of the open hour's part when that
     * part follows them (a part after a gap of hours not rolled up yet is of no use); each {@code null} when none.
     */
    private record Rolled(Instant wholeUntil, Instant partUntil) {
    }

    private static Rolled rolled(EntityManager em, String endpoint) {
        LocalDateTime last = lastHour(em, endpoint, null);
        if (last == null) {
            return new Rolled(null, null);
        }
        LocalDateTime covered = coveredUntil(em, endpoint, last);
        if (covered == null) {
            return new Rolled(UtcTime.instant(last).plus(HourlyRollup.HOUR), null);
        }
        LocalDateTime before = lastHour(em, endpoint, last); // the newest rows are a part: the whole hours end before
        Instant whole = before == null ? null : UtcTime.instant(before).plus(HourlyRollup.HOUR);
        return new Rolled(whole, UtcTime.instant(last).equals(whole) ? UtcTime.instant(covered) : null);
    }

    /** {@code until}, but no later than the last whole hour before {@code to} and no earlier than {@code since}. */
    private static Instant bounded(Instant until, Instant since, Instant to) {
        Instant wholeHours = TimeStep.HOUR.floor(to);
        Instant usable = until.isBefore(wholeHours) ? until : wholeHours;
        return usable.isAfter(since) ? usable : since;
    }

    /** The end of the part of the open hour whose rows are those of {@code hour}; {@code null}: a whole hour. */
    private static LocalDateTime coveredUntil(EntityManager em, String endpoint, LocalDateTime hour) {
        return em.createQuery("SELECT MAX(r.coveredUntil) FROM RollupHourEntity r "
                + "WHERE r.endpoint = :endpoint AND r.hourStart = :hour", LocalDateTime.class)
                .setParameter("endpoint", endpoint).setParameter("hour", hour).getSingleResult();
    }

    /** The newest hour with rollup rows of the endpoint (before {@code before}, when not {@code null}), or null. */
    private static LocalDateTime lastHour(EntityManager em, String endpoint, LocalDateTime before) {
        TypedQuery<LocalDateTime> query = em.createQuery("SELECT MAX(r.hourStart) FROM RollupHourEntity r "
                + "WHERE r.endpoint = :endpoint" + (before == null ? "" : " AND r.hourStart < :before"),
                LocalDateTime.class).setParameter("endpoint", endpoint);
        if (before != null) {
            query.setParameter("before", before);
        }
        return query.getSingleResult();
    }

    /** Adds the rollups of the hours {@code [since, until)} to {@code slots}, one per hour. */
    static void bySlot(EntityManager em, String endpoint, Instant since, Instant until, Map<Instant, Tally> slots) {
        bySlot(em, endpoint, since, until, slots, PAGE_ROWS);
    }

    static void bySlot(EntityManager em, String endpoint, Instant since, Instant until, Map<Instant, Tally> slots,
            int pageRows) {
        inPages(em, endpoint, null, since, until, pageRows, r -> slots.computeIfAbsent(
                UtcTime.instant((LocalDateTime) r[0]), t -> new Tally()).add((Long) r[3], (Long) r[4], (Long) r[5],
                (String) r[6]));
    }

    /** Adds the rollups of {@code method}'s calls in the hours {@code [since, until)} to {@code targets}, per target. */
    static void byTarget(EntityManager em, String endpoint, String method, Instant since, Instant until,
            Map<String, Tally> targets) {
        byTarget(em, endpoint, method, since, until, targets, PAGE_ROWS);
    }

    static void byTarget(EntityManager em, String endpoint, String method, Instant since, Instant until,
            Map<String, Tally> targets, int pageRows) {
        inPages(em, endpoint, method, since, until, pageRows, r -> targets.computeIfAbsent((String) r[2],
                t -> new Tally()).add((Long) r[3], (Long) r[4], (Long) r[5], (String) r[6]));
    }

    /**
     * Hands each rollup row of the hours {@code [since, until)} (of {@code method}, unless {@code null}) to
     * {@code each}, reading {@code pageRows} rows per query in key order (keyset paging: each page starts
     * after the last key of the one before, through the primary key's index, whose range starts at that key's
     * hour: a range from the window's start would read again every row of the pages before, the {@code OR} being
     * only a filter on it). A row: hour, seq, target, calls, errors, tool errors, histogram.
     */
    private static void inPages(EntityManager em, String endpoint, String method, Instant since, Instant until,
            int pageRows, Consumer<Object[]> each) {
        LocalDateTime first = UtcTime.local(since);
        LocalDateTime afterHour = first.minusHours(1); // before every hour of the window
        int afterSeq = Integer.MIN_VALUE;
        List<Object[]> page;
        do {
            TypedQuery<Object[]> query = em.createQuery("SELECT r.hourStart, r.seq, r.target, r.calls, r.errors, "
                            + "r.toolErrors, r.histogram FROM RollupHourEntity r WHERE r.endpoint = :endpoint "
                            + (method == null ? "" : "AND r.mcpMethod = :method ")
                            + "AND r.hourStart >= :from AND r.hourStart < :to AND (r.hourStart > :afterHour "
                            + "OR (r.hourStart = :afterHour AND r.seq > :afterSeq)) ORDER BY r.hourStart, r.seq",
                            Object[].class)
                    .setParameter("endpoint", endpoint)
                    .setParameter("from", afterHour.isBefore(first) ? first : afterHour) // the index range's start
                    .setParameter("to", UtcTime.local(until))
                    .setParameter("afterHour", afterHour)
                    .setParameter("afterSeq", afterSeq)
                    .setMaxResults(pageRows);
            if (method != null) {
                query.setParameter("method", method);
            }
            page = query.getResultList();
            page.forEach(each);
            if (!page.isEmpty()) {
                Object[] last = page.get(page.size() - 1);
                afterHour = (LocalDateTime) last[0];
                afterSeq = (Integer) last[1];
            }
        } while (page.size() == pageRows);
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

    /** The sessions begun in the hours {@code [since, until)} per client platform: (platform, sessions). */
    static List<Object[]> sessionsByPlatform(EntityManager em, String endpoint, Instant since, Instant until) {
        return sessionRows(em, "r.clientPlatform, SUM(r.sessions)", "r.clientPlatform", endpoint, since, until);
    }

    /**
     * The sessions begun in the hours {@code [since, until)} per end reason: (end reason, sessions, live ones), as
     * {@link McpAnalytics#sessionCounts} counts the raw rows.
     */
    static List<Object[]> sessionsByEndReason(EntityManager em, String endpoint, Instant since, Instant until) {
        return sessionRows(em, "r.endReason, SUM(r.sessions), SUM(r.live)", "r.endReason", endpoint, since, until);
    }

    private static List<Object[]> sessionRows(EntityManager em, String select, String groupBy, String endpoint,
            Instant since, Instant until) {
        if (!since.isBefore(until)) {
            return List.of();
        }
        return em.createQuery("SELECT " + select + " FROM RollupSessionHourEntity r WHERE r.endpoint = :endpoint "
                        + "AND r.hourStart >= :since AND r.hourStart < :until GROUP BY " + groupBy, Object[].class)
                .setParameter("endpoint", endpoint)
                .setParameter("since", UtcTime.local(since))
                .setParameter("until", UtcTime.local(until))
                .getResultList();
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

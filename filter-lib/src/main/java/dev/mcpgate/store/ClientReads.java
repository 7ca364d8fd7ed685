package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The client platform mix of one endpoint over a window longer than a day
 * ({@link McpAnalytics#clientsByPlatform}): requests and client names from the hourly client rollups for the hours
 * rolled up and from the raw rows, grouped in the database, for the rest; sessions (those of the platform begun in
 * the window) likewise from the hourly session rollups and {@code mcp_session}. Reads a row per hour, platform and
 * client name (or end reason), never a raw row of a rolled-up hour.
 */
final class ClientReads {

    private final EntityManager em;
    private final String endpoint;
    private final Instant from;
    private final Instant to;
    private final boolean useRollups;
    private final Map<String, Platform> platforms = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));

    /** One platform's figures as they add up. */
    private static final class Platform {
        long requests;
        long sessions;
        final Set<String> names = new HashSet<>();
    }

    /** @param useRollups false: the raw rows only, the same figures (to compare the two) */
    ClientReads(EntityManager em, String endpoint, Instant from, Instant to, boolean useRollups) {
        this.em = em;
        this.endpoint = endpoint;
        this.from = from;
        this.to = to;
        this.useRollups = useRollups;
    }

    List<McpAnalytics.PlatformStats> read() {
        Instant since = TimeStep.HOUR.floor(from);
        if (useRollups) {
            RollupReads.consistently(em, endpoint, since, to, rolled -> requests(since, rolled));
        } else {
            requests(since, since);
        }
        Instant sessionsRolled = useRollups ? RollupReads.wholeHoursUntil(em, endpoint, since, to) : since;
        for (Object[] r : RollupReads.sessionsByPlatform(em, endpoint, since, sessionsRolled)) {
            addSessions((String) r[0], McpAnalytics.number(r[1]));
        }
        if (sessionsRolled.isBefore(to)) {
            sessions(sessionsRolled); // a part of the open hour has no session rollup
        }
        return platforms.entrySet().stream()
                .map(e -> new McpAnalytics.PlatformStats(e.getKey(), e.getValue().requests, e.getValue().sessions,
                        e.getValue().names.stream().filter(Objects::nonNull).count()))
                .sorted(Comparator.comparingLong(McpAnalytics.PlatformStats::requests).reversed())
                .limit(McpAnalytics.MAX_ROWS)
                .toList();
    }

    /** The requests of the rollups of {@code [since, rolled)} and of the raw rows after, in place of any read before. */
    private Void requests(Instant since, Instant rolled) {
        platforms.clear();
        RollupReads.clients(em, endpoint, since, rolled, this);
        if (rolled.isBefore(to)) {
            raw(rolled);
        }
        return null;
    }

    void add(String platform, String clientName, long requests) {
        Platform p = platforms.computeIfAbsent(platform, k -> new Platform());
        p.requests += requests;
        p.names.add(clientName);
    }

    /** The raw rows of {@code [start, to)}, grouped by platform and client name in the database. */
    private void raw(Instant start) {
        List<Object[]> rows = em.createQuery("SELECT r.clientPlatform, r.clientName, COUNT(r) FROM RequestEntity r "
                        + "WHERE r.endpoint = :endpoint AND r.timestamp >= :from AND r.timestamp < :to "
                        + "GROUP BY r.clientPlatform, r.clientName", Object[].class)
                .setParameter("endpoint", endpoint)
                .setParameter("from", UtcTime.local(start))
                .setParameter("to", UtcTime.local(to))
                .getResultList();
        for (Object[] r : rows) {
            add((String) r[0], (String) r[1], McpAnalytics.number(r[2]));
        }
    }

    /** A platform with sessions and no request shows too. */
    private void addSessions(String platform, long sessions) {
        platforms.computeIfAbsent(platform, k -> new Platform()).sessions += sessions;
    }

    /** The sessions begun in {@code [since, to)} per platform, from {@code mcp_session}. */
    private void sessions(Instant since) {
        List<Object[]> rows = em.createQuery("SELECT s.clientPlatform, COUNT(s) FROM SessionEntity s "
                        + "WHERE s.endpoint = :endpoint AND s.startedAt >= :from AND s.startedAt < :to "
                        + "GROUP BY s.clientPlatform", Object[].class)
                .setParameter("endpoint", endpoint)
                .setParameter("from", UtcTime.local(since))
                .setParameter("to", UtcTime.local(to))
                .getResultList();
        for (Object[] r : rows) {
            addSessions((String) r[0], McpAnalytics.number(r[1]));
        }
    }
}

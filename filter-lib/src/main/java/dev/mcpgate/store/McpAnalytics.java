package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Read-only questions about the stored exchanges and sessions, over a time window
 * {@code [from, to)}. Every query is bounded: by the window, by its index, and by a row limit
 * (at most {@value #MAX_ROWS}); nothing loads every row of a window into memory.
 *
 * <p>Latency percentiles are continuous percentiles (linear interpolation between the two nearest
 * ranks, as SQL's {@code percentile_cont}): on PostgreSQL computed by {@code percentile_cont}; on
 * Derby by fetching only the one or two rows at the needed ranks ({@code ORDER BY latency_us
 * OFFSET k ROWS FETCH NEXT 2 ROWS ONLY}), which gives the same values.
 *
 * <p>"Error" means any outcome other than {@code ok} and {@code tool_error} (JSON-RPC or HTTP
 * error, rejected, timeout, cancelled); a {@code tool_error} is a tool result with
 * {@code isError: true}.
 */
public final class McpAnalytics {

    /** The most rows any query returns. */
    public static final int MAX_ROWS = 1000;
    private static final String TOOLS_CALL = "tools/call";
    private static final double[] PERCENTILES = {0.50, 0.95, 0.99};

    private final EntityManagerFactory emf;
    private final Dialect dialect;

    McpAnalytics(EntityManagerFactory emf, Dialect dialect) {
        this.emf = emf;
        this.dialect = dialect;
    }

    /** Calls of one tool in a window; latencies in microseconds ({@code null} when there are no calls). */
    public record ToolStats(String tool, long calls, long errors, long toolErrors, double errorRate,
                            double toolErrorRate, Double p50Micros, Double p95Micros, Double p99Micros) {
    }

    public record SlowRequest(String id, Instant timestamp, String sessionId, String mcpMethod, String target,
                              String outcome, long latencyMicros) {
    }

    public record RecentError(String id, Instant timestamp, String sessionId, String mcpMethod, String target,
                              String outcome, Integer errorCode, String errorMessage) {
    }

    public record SessionSummary(String endpoint, String sessionId, String clientName, String clientVersion,
                                 String clientPlatform, String protocolVersion, String principal, Instant started,
                                 Instant lastSeen, Instant ended, String endReason, long requests, long errors,
                                 Duration duration) {
        /** This summary with the session id as {@code display} shows it (e.g. a fingerprint). */
        public SessionSummary showingSessionId(UnaryOperator<String> display) {
            return new SessionSummary(endpoint, display.apply(sessionId), clientName, clientVersion, clientPlatform,
                    protocolVersion, principal, started, lastSeen, ended, endReason, requests, errors, duration);
        }
    }

    public record PlatformStats(String platform, long requests, long sessions, long clientNames) {
    }

    /**
     * Which exchanges {@link #requests} returns: a window {@code [from, to)} and, where not
     * {@code null}, one target (tool name, resource URI or prompt name), one session, one outcome
     * ({@code ok}, {@code error}, ...).
     */
    public record RequestQuery(Instant from, Instant to, String target, String sessionId, String outcome,
                               int limit) {
    }

    /**
     * Exchanges of a window whose row names one guard violation: {@code rejected} — refused (outcome
     * {@code rejected}); {@code reported} — passed by a check at {@code report}, which would have refused
     * them at {@code enforce}.
     */
    public record ViolationStats(String violation, long rejected, long reported) {
    }

    /** One stored exchange, as the analytics API shows it; {@code violation} what the guard found, or {@code null}. */
    public record RequestRow(String id, Instant timestamp, String endpoint, String sessionId, String era,
                             String protocolVersion, String httpMethod, int httpStatus, String mcpMethod,
                             String jsonRpcId, String target, String outcome, Integer errorCode,
                             String errorMessage, long latencyMicros, long bytesIn, long bytesOut,
                             String clientName, String clientVersion, String clientPlatform, String principal,
                             boolean sse, String violation) {
        /** This row with the session id as {@code display} shows it (e.g. a fingerprint). */
        public RequestRow showingSessionId(UnaryOperator<String> display) {
            return new RequestRow(id, timestamp, endpoint, display.apply(sessionId), era, protocolVersion, httpMethod,
                    httpStatus, mcpMethod, jsonRpcId, target, outcome, errorCode, errorMessage, latencyMicros, bytesIn,
                    bytesOut, clientName, clientVersion, clientPlatform, principal, sse, violation);
        }
    }

    /** The exchanges that match {@code query}, newest first, at most {@code query.limit()} (and {@value #MAX_ROWS}). */
    public List<RequestRow> requests(RequestQuery query) {
        StringBuilder jpql = new StringBuilder("SELECT r FROM RequestEntity r WHERE r.timestamp >= :from "
                + "AND r.timestamp < :to");
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("from", utc(query.from()));
        parameters.put("to", utc(query.to()));
        condition(jpql, parameters, "target", query.target());
        if (query.sessionId() != null) { // as the client used it, or as stored (StoredText.sessionKey)
            jpql.append(" AND (r.sessionId = :sessionId OR r.sessionId = :sessionKey)");
            parameters.put("sessionId", query.sessionId());
            parameters.put("sessionKey", StoredText.sessionKey(query.sessionId()));
        }
        condition(jpql, parameters, "outcome", query.outcome());
        jpql.append(" ORDER BY r.timestamp DESC, r.id DESC");
        return inEntityManager(em -> {
            var typed = em.createQuery(jpql.toString(), RequestEntity.class).setMaxResults(bounded(query.limit()));
            parameters.forEach(typed::setParameter);
            return typed.getResultList().stream().map(McpAnalytics::row).toList();
        });
    }

    private static void condition(StringBuilder jpql, Map<String, Object> parameters, String field, String value) {
        if (value != null) {
            jpql.append(" AND r.").append(field).append(" = :").append(field);
            parameters.put(field, value);
        }
    }

    private static RequestRow row(RequestEntity r) {
        return new RequestRow(r.getId(), instant(r.getTimestamp()), r.getEndpoint(), r.getSessionId(), r.getEra(),
                r.getProtocolVersion(), r.getHttpMethod(), r.getHttpStatus(), r.getMcpMethod(), r.getJsonRpcId(),
                r.getTarget(), r.getOutcome(), r.getErrorCode(), r.getErrorMessage(), r.getLatencyMicros(),
                r.getBytesIn(), r.getBytesOut(), r.getClientName(), r.getClientVersion(), r.getClientPlatform(),
                r.getPrincipal(), r.isSse(), r.getViolation());
    }

    /**
     * Per guard violation, the exchanges of {@code endpoint} in the window refused and reported, by
     * violation name ({@code origin}, {@code host}, ...): what switching a check from {@code report} to
     * {@code enforce} would refuse. Served by the index on (violation, ts).
     */
    public List<ViolationStats> violations(String endpoint, Instant from, Instant to) {
        return inEntityManager(em -> {
            List<?> rows = em.createQuery("SELECT r.violation, "
                            + "SUM(CASE WHEN r.outcome = 'rejected' THEN 1 ELSE 0 END), "
                            + "SUM(CASE WHEN r.outcome = 'rejected' THEN 0 ELSE 1 END) "
                            + "FROM RequestEntity r WHERE r.violation IS NOT NULL AND r.timestamp >= :from "
                            + "AND r.timestamp < :to AND r.endpoint = :endpoint GROUP BY r.violation ORDER BY r.violation")
                    .setParameter("from", utc(from))
                    .setParameter("to", utc(to))
                    .setParameter("endpoint", endpoint)
                    .setMaxResults(MAX_ROWS)
                    .getResultList();
            List<ViolationStats> stats = new ArrayList<>();
            for (Object row : rows) {
                Object[] r = (Object[]) row;
                stats.add(new ViolationStats((String) r[0], number(r[1]), number(r[2])));
            }
            return stats;
        });
    }

    /** Per tool: calls, error and tool-error rates, p50/p95/p99 latency; the {@code limit} most called tools. */
    public List<ToolStats> toolStats(Instant from, Instant to, int limit) {
        return inEntityManager(em -> {
            List<?> rows = em.createQuery("SELECT r.target, COUNT(r), "
                            + "SUM(CASE WHEN r.outcome = 'tool_error' THEN 1 ELSE 0 END), "
                            + "SUM(CASE WHEN r.outcome IN ('ok', 'tool_error') THEN 0 ELSE 1 END) "
                            + "FROM RequestEntity r WHERE r.mcpMethod = :method AND r.timestamp >= :from "
                            + "AND r.timestamp < :to GROUP BY r.target ORDER BY COUNT(r) DESC, r.target")
                    .setParameter("method", TOOLS_CALL)
                    .setParameter("from", utc(from))
                    .setParameter("to", utc(to))
                    .setMaxResults(bounded(limit))
                    .getResultList();
            List<ToolStats> stats = new ArrayList<>();
            Map<String, double[]> percentiles = dialect == Dialect.POSTGRESQL
                    ? postgresPercentiles(em, from, to) : new HashMap<>();
            for (Object row : rows) {
                Object[] r = (Object[]) row;
                String tool = (String) r[0];
                long calls = number(r[1]);
                long toolErrors = number(r[2]);
                long errors = number(r[3]);
                double[] p = dialect == Dialect.POSTGRESQL ? percentiles.get(tool)
                        : derbyPercentiles(em, tool, calls, from, to);
                stats.add(new ToolStats(tool, calls, errors, toolErrors, (double) errors / calls,
                        (double) toolErrors / calls, p == null ? null : p[0], p == null ? null : p[1],
                        p == null ? null : p[2]));
            }
            return stats;
        });
    }

    private Map<String, double[]> postgresPercentiles(EntityManager em, Instant from, Instant to) {
        List<?> rows = em.createNativeQuery("SELECT target, "
                        + "percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_us), "
                        + "percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_us), "
                        + "percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_us) "
                        + "FROM mcp_request WHERE mcp_method = ? AND ts >= ? AND ts < ? GROUP BY target")
                .setParameter(1, TOOLS_CALL)
                .setParameter(2, sqlTime(from))
                .setParameter(3, sqlTime(to))
                .setMaxResults(MAX_ROWS * 10)
                .getResultList();
        Map<String, double[]> byTool = new HashMap<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            byTool.put((String) r[0], new double[] {
                    ((Number) r[1]).doubleValue(), ((Number) r[2]).doubleValue(), ((Number) r[3]).doubleValue()});
        }
        return byTool;
    }

    /** percentile_cont by rank: reads at most two latencies per percentile, never the whole window. */
    private double[] derbyPercentiles(EntityManager em, String tool, long calls, Instant from, Instant to) {
        double[] result = new double[PERCENTILES.length];
        for (int i = 0; i < PERCENTILES.length; i++) {
            double position = PERCENTILES[i] * (calls - 1);
            long lower = (long) Math.floor(position);
            long upper = (long) Math.ceil(position);
            Query query = em.createNativeQuery("SELECT latency_us FROM mcp_request WHERE mcp_method = ? AND "
                    + (tool == null ? "target IS NULL" : "target = ?") + " AND ts >= ? AND ts < ? "
                    + "ORDER BY latency_us OFFSET " + lower + " ROWS FETCH NEXT " + (upper - lower + 1) + " ROWS ONLY");
            int parameter = 1;
            query.setParameter(parameter++, TOOLS_CALL);
            if (tool != null) {
                query.setParameter(parameter++, tool);
            }
            query.setParameter(parameter++, sqlTime(from));
            query.setParameter(parameter, sqlTime(to));
            List<?> values = query.getResultList();
            double low = ((Number) values.get(0)).doubleValue();
            double high = values.size() > 1 ? ((Number) values.get(1)).doubleValue() : low;
            result[i] = low + (high - low) * (position - lower);
        }
        return result;
    }

    /** The slowest exchanges of the window, slowest first. */
    public List<SlowRequest> slowestRequests(Instant from, Instant to, int limit) {
        return inEntityManager(em -> em.createQuery("SELECT r FROM RequestEntity r WHERE r.timestamp >= :from "
                        + "AND r.timestamp < :to ORDER BY r.latencyMicros DESC, r.id", RequestEntity.class)
                .setParameter("from", utc(from))
                .setParameter("to", utc(to))
                .setMaxResults(bounded(limit))
                .getResultList().stream()
                .map(r -> new SlowRequest(r.getId(), instant(r.getTimestamp()), r.getSessionId(), r.getMcpMethod(),
                        r.getTarget(), r.getOutcome(), r.getLatencyMicros()))
                .toList());
    }

    /** The latest exchanges of the window whose outcome was not {@code ok}, newest first. */
    public List<RecentError> recentErrors(Instant from, Instant to, int limit) {
        return inEntityManager(em -> em.createQuery("SELECT r FROM RequestEntity r WHERE r.outcome <> 'ok' "
                        + "AND r.timestamp >= :from AND r.timestamp < :to ORDER BY r.timestamp DESC, r.id DESC",
                        RequestEntity.class)
                .setParameter("from", utc(from))
                .setParameter("to", utc(to))
                .setMaxResults(bounded(limit))
                .getResultList().stream()
                .map(r -> new RecentError(r.getId(), instant(r.getTimestamp()), r.getSessionId(), r.getMcpMethod(),
                        r.getTarget(), r.getOutcome(), r.getErrorCode(), r.getErrorMessage()))
                .toList());
    }

    /** Sessions that began in the window, newest first, with client identity, counts and duration. */
    public List<SessionSummary> sessions(Instant from, Instant to, int limit) {
        return inEntityManager(em -> em.createQuery("SELECT s FROM SessionEntity s WHERE s.startedAt >= :from "
                        + "AND s.startedAt < :to ORDER BY s.startedAt DESC, s.id DESC", SessionEntity.class)
                .setParameter("from", utc(from))
                .setParameter("to", utc(to))
                .setMaxResults(bounded(limit))
                .getResultList().stream()
                .map(McpAnalytics::summary)
                .toList());
    }

    /**
     * One session by endpoint and id, if stored. The id as the client used it, or as stored (an id
     * longer than 200 characters or outside visible ASCII is stored as a prefix and a hash,
     * {@link StoredText#sessionKey}).
     */
    public java.util.Optional<SessionSummary> session(String endpoint, String sessionId) {
        return inEntityManager(em -> em.createQuery("SELECT s FROM SessionEntity s WHERE s.endpoint = :endpoint "
                        + "AND (s.sessionId = :sessionId OR s.sessionId = :sessionKey)", SessionEntity.class)
                .setParameter("endpoint", endpoint)
                .setParameter("sessionId", sessionId)
                .setParameter("sessionKey", StoredText.sessionKey(sessionId))
                .getResultList().stream().findFirst().map(McpAnalytics::summary));
    }

    /** Exchanges of the window by client platform: requests, distinct sessions, distinct client names. */
    public List<PlatformStats> clientsByPlatform(Instant from, Instant to) {
        return inEntityManager(em -> {
            List<?> rows = em.createQuery("SELECT r.clientPlatform, COUNT(r), COUNT(DISTINCT r.sessionId), "
                            + "COUNT(DISTINCT r.clientName) FROM RequestEntity r WHERE r.timestamp >= :from "
                            + "AND r.timestamp < :to GROUP BY r.clientPlatform ORDER BY COUNT(r) DESC, r.clientPlatform")
                    .setParameter("from", utc(from))
                    .setParameter("to", utc(to))
                    .setMaxResults(MAX_ROWS)
                    .getResultList();
            List<PlatformStats> stats = new ArrayList<>();
            for (Object row : rows) {
                Object[] r = (Object[]) row;
                stats.add(new PlatformStats((String) r[0], number(r[1]), number(r[2]), number(r[3])));
            }
            return stats;
        });
    }

    private static SessionSummary summary(SessionEntity s) {
        Instant started = instant(s.getStartedAt());
        Instant last = instant(s.getEndedAt() != null ? s.getEndedAt()
                : s.getLastSeen() != null ? s.getLastSeen() : s.getStartedAt());
        return new SessionSummary(s.getEndpoint(), s.getSessionId(), s.getClientName(), s.getClientVersion(),
                s.getClientPlatform(), s.getProtocolVersion(), s.getPrincipal(), started,
                instant(s.getLastSeen()), instant(s.getEndedAt()), s.getEndReason(), s.getRequestCount(),
                s.getErrorCount(), Duration.between(started, last));
    }

    private <T> T inEntityManager(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    private static int bounded(int limit) {
        return Math.max(1, Math.min(limit, MAX_ROWS));
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Timestamp sqlTime(Instant instant) {
        return Timestamp.valueOf(utc(instant));
    }

    static Instant instant(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}

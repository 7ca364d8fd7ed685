package dev.mcpgate.store;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Read-only questions about the stored exchanges and sessions of one endpoint, over a time window
 * {@code [from, to)}, through the JPA entities ({@link RequestEntity}, {@link SessionEntity}). Every
 * query takes the endpoint whose rows it reads — endpoints may share one database, and their rows
 * must not mix ({@code null} reads every endpoint's rows). Every query is bounded: by the window, by
 * its index, and by a row limit (at most {@value #MAX_ROWS}); nothing loads every row of a window
 * into memory. Values are bound parameters, never text in the query.
 *
 * <p>Latency percentiles are continuous percentiles (linear interpolation between the two nearest
 * ranks, as SQL's {@code percentile_cont}): on PostgreSQL computed by {@code percentile_cont}; on
 * Derby by fetching only the one or two rows at the needed ranks ({@code ORDER BY latency_us
 * OFFSET k ROWS FETCH NEXT 2 ROWS ONLY}), which gives the same values.
 *
 * <p>"Error" means any outcome other than {@code ok}, {@code modified}, {@code mocked} and
 * {@code tool_error} (JSON-RPC or HTTP error, rejected, blocked, timeout, cancelled); a {@code tool_error} is a tool result with
 * {@code isError: true}.
 */
public final class McpAnalytics {

    /** The most rows any query returns. */
    public static final int MAX_ROWS = 1000;
    private static final String TOOLS_CALL = "tools/call";
    private static final double[] PERCENTILES = {0.50, 0.95, 0.99};
    /** Windows longer than this read the hourly rollups. */
    private static final Duration ROLLUP_WINDOWS = Duration.ofDays(1);

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

    /** {@code httpMethod}: for the exchanges without an MCP method (a GET stream, a DELETE), what they were. */
    public record RecentError(String id, Instant timestamp, String sessionId, String httpMethod, String mcpMethod,
                              String target, String outcome, Integer errorCode, String errorMessage) {
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
     * The sessions begun in a window in one state: {@code live} (not ended), or ended for {@code state} (the end
     * reason; {@code ended} where none was stored).
     */
    public record SessionCount(String state, long sessions) {
    }

    /**
     * Which exchanges {@link #requests} returns: a window {@code [from, to)} and, where not
     * {@code null}, one endpoint, one target (tool name, resource URI or prompt name), one session, one outcome
     * ({@code ok}, {@code error}, ...).
     */
    public record RequestQuery(String endpoint, Instant from, Instant to, String target, String sessionId,
                               String outcome, int limit) {
    }

    /**
     * Exchanges of a window whose row names one guard violation: {@code rejected} — refused (outcome
     * {@code rejected}); {@code reported} — passed by a check at {@code report}, which would have refused
     * them at {@code enforce}.
     */
    public record ViolationStats(String violation, long rejected, long reported) {
    }

    /**
     * One stored exchange, as the analytics API shows it; {@code violation} what the guard found, {@code rule}
     * the rule (or interceptor) that blocked, mocked or changed it, {@code upstreamEra} the era of the server the
     * era bridge translated it for, each or {@code null}; {@code bridgeLeg} whether it is the bridge's own call.
     */
    public record RequestRow(String id, Instant timestamp, String endpoint, String sessionId, String era,
                             String protocolVersion, String httpMethod, int httpStatus, String mcpMethod,
                             String jsonRpcId, String target, String outcome, Integer errorCode,
                             String errorMessage, long latencyMicros, long bytesIn, long bytesOut,
                             String clientName, String clientVersion, String clientPlatform, String principal,
                             boolean sse, String violation, String rule, String upstreamEra, boolean bridgeLeg) {
        /** This row with the session id as {@code display} shows it (e.g. a fingerprint). */
        public RequestRow showingSessionId(UnaryOperator<String> display) {
            return new RequestRow(id, timestamp, endpoint, display.apply(sessionId), era, protocolVersion, httpMethod,
                    httpStatus, mcpMethod, jsonRpcId, target, outcome, errorCode, errorMessage, latencyMicros, bytesIn,
                    bytesOut, clientName, clientVersion, clientPlatform, principal, sse, violation, rule, upstreamEra,
                    bridgeLeg);
        }
    }

    /**
     * One point of a {@link Timeseries}: the exchanges of the step that begins at {@code t}: calls, errors, tool
     * errors, and latency percentiles in milliseconds ({@code null} without calls), within 2 % of the exact ones
     * ({@link LatencyHistogram}).
     */
    public record TimePoint(Instant t, long calls, long errors, long toolErrors, Double p50Ms, Double p95Ms,
                            Double p99Ms) {
    }

    /**
     * The exchanges of a window step by step: {@code step} PT1M (windows up to 3 hours), PT5M (up to a day) or PT1H
     * (longer; read from the hourly rollups); {@code since} is the window's start rounded down to a whole step,
     * and every step of {@code [since, until)} has a point, empty ones too.
     */
    public record Timeseries(Duration step, Instant since, Instant until, List<TimePoint> points) {
    }

    /**
     * Every exchange of {@code endpoint} ({@code null}: every endpoint) in {@code [from, to)}, step by step
     * ({@link Timeseries}). Windows over a day read the hourly rollups for the hours rolled up and the raw rows for
     * the rest; shorter ones the raw rows, grouped in the database.
     */
    public Timeseries timeseries(String endpoint, Instant from, Instant to) {
        return timeseries(endpoint, from, to, true);
    }

    /** The time series, from the raw rows only when {@code useRollups} is false (to compare the two). */
    Timeseries timeseries(String endpoint, Instant from, Instant to, boolean useRollups) {
        return JpaReads.apply(emf, em -> new TimeseriesReads(dialect).read(em, endpoint, from, to, useRollups));
    }

    /**
     * The exchanges that match {@code query}, newest first, at most {@code query.limit()} (and {@value #MAX_ROWS}).
     * The exchanges of one endpoint, not of one session, are read a slice at a time from the window's end
     * ({@link NewestFirst}); over a day, skipping the rolled-up hours without a matching tool or outcome.
     */
    public List<RequestRow> requests(RequestQuery query) {
        int limit = bounded(query.limit());
        if (query.endpoint() == null || query.sessionId() != null) {
            return JpaReads.apply(emf, em -> rawRequests(em, query, query.from(), query.to(), limit));
        }
        if (Duration.between(query.from(), query.to()).compareTo(ROLLUP_WINDOWS) <= 0) {
            return JpaReads.apply(emf, em -> NewestFirst.fromTheEnd(query.from(), query.to(), limit,
                    (from, to, n) -> rawRequests(em, query, from, to, n)));
        }
        Map<String, Object> parameters = new HashMap<>();
        List<String> conditions = new ArrayList<>();
        if (query.target() != null) {
            conditions.add("r.target = :target");
            parameters.put("target", query.target());
        }
        if (query.outcome() != null) {
            conditions.add(outcomeInRollup(query.outcome()));
        }
        String condition = conditions.isEmpty() ? null : String.join(" AND ", conditions);
        return JpaReads.apply(emf, em -> NewestFirst.read(em, query.endpoint(), query.from(), query.to(), limit,
                condition, parameters, (from, to, n) -> rawRequests(em, query, from, to, n)));
    }

    /** A condition on a rollup row ({@code r}) that holds where its hour may have an exchange of {@code outcome}. */
    private static String outcomeInRollup(String outcome) {
        if (outcome.equals("tool_error")) {
            return "r.toolErrors > 0";
        }
        boolean success = dev.mcpgate.event.Outcome.SUCCESS_SQL.contains("'" + outcome + "'");
        return success ? "r.calls > r.errors + r.toolErrors" : "r.errors > 0";
    }

    private static List<RequestRow> rawRequests(EntityManager em, RequestQuery query, Instant from, Instant to,
            int limit) {
        Where where = Where.requests(query.endpoint(), from, to)
                .equal("target", query.target())
                .equal("outcome", query.outcome());
        if (query.sessionId() != null) { // as the client used it, or as stored (StoredText.sessionKey)
            where.condition("(r.sessionId = :sessionId OR r.sessionId = :sessionKey)")
                    .parameter("sessionId", query.sessionId())
                    .parameter("sessionKey", StoredText.sessionKey(query.sessionId()));
        }
        return where.bind(em.createQuery("SELECT r FROM RequestEntity r" + where
                        + " ORDER BY r.timestamp DESC, r.id DESC", RequestEntity.class))
                .setMaxResults(limit)
                .getResultList().stream().map(McpAnalytics::row).toList();
    }

    private static RequestRow row(RequestEntity r) {
        return new RequestRow(r.getId(), UtcTime.instant(r.getTimestamp()), r.getEndpoint(), r.getSessionId(), r.getEra(),
                r.getProtocolVersion(), r.getHttpMethod(), r.getHttpStatus(), r.getMcpMethod(), r.getJsonRpcId(),
                r.getTarget(), r.getOutcome(), r.getErrorCode(), r.getErrorMessage(), r.getLatencyMicros(),
                r.getBytesIn(), r.getBytesOut(), r.getClientName(), r.getClientVersion(), r.getClientPlatform(),
                r.getPrincipal(), r.isSse(), r.getViolation(), r.getRule(), r.getUpstreamEra(), r.isBridgeLeg());
    }

    /**
     * Per guard violation, the exchanges of {@code endpoint} in the window refused and reported, by
     * violation name ({@code origin}, {@code host}, ...): what switching a check from {@code report} to
     * {@code enforce} would refuse. Served by the index on (violation, ts).
     */
    public List<ViolationStats> violations(String endpoint, Instant from, Instant to) {
        Where where = Where.requests(endpoint, from, to).condition("r.violation IS NOT NULL");
        return JpaReads.apply(emf, em -> rows(where.bind(em.createQuery("SELECT r.violation, "
                        + "SUM(CASE WHEN r.outcome = 'rejected' THEN 1 ELSE 0 END), "
                        + "SUM(CASE WHEN r.outcome = 'rejected' THEN 0 ELSE 1 END) "
                        + "FROM RequestEntity r" + where + " GROUP BY r.violation ORDER BY r.violation"))
                .setMaxResults(MAX_ROWS).getResultList(),
                r -> new ViolationStats((String) r[0], number(r[1]), number(r[2]))));
    }

    /**
     * Per tool of {@code endpoint}: calls, error and tool-error rates, p50/p95/p99 latency; the
     * {@code limit} most called tools. A window over a day (of one endpoint) begins at its whole hour and reads the
     * hourly rollups for the hours rolled up, the raw rows for the rest: its percentiles are then those of the
     * merged latency histograms, within 2 % of the exact ones ({@link LatencyHistogram}).
     */
    public List<ToolStats> toolStats(String endpoint, Instant from, Instant to, int limit) {
        if (endpoint != null && Duration.between(from, to).compareTo(ROLLUP_WINDOWS) > 0) {
            return JpaReads.apply(emf, em -> toolStatsOfRollups(em, endpoint, from, to, limit));
        }
        Where where = Where.requests(endpoint, from, to).equal("mcpMethod", TOOLS_CALL);
        return JpaReads.apply(emf, em -> {
            List<?> rows = where.bind(em.createQuery("SELECT r.target, COUNT(r), "
                            + "SUM(CASE WHEN r.outcome = 'tool_error' THEN 1 ELSE 0 END), "
                            + "SUM(CASE WHEN r.outcome IN (" + dev.mcpgate.event.Outcome.SUCCESS_SQL + ", 'tool_error') THEN 0 ELSE 1 END) "
                            + "FROM RequestEntity r" + where + " GROUP BY r.target ORDER BY COUNT(r) DESC, r.target"))
                    .setMaxResults(bounded(limit))
                    .getResultList();
            Map<String, double[]> percentiles = dialect == Dialect.POSTGRESQL
                    ? postgresPercentiles(em, endpoint, from, to) : new HashMap<>();
            return rows(rows, r -> {
                String tool = (String) r[0];
                long calls = number(r[1]);
                long toolErrors = number(r[2]);
                long errors = number(r[3]);
                double[] p = dialect == Dialect.POSTGRESQL ? percentiles.get(tool)
                        : derbyPercentiles(em, endpoint, tool, calls, from, to);
                return new ToolStats(tool, calls, errors, toolErrors, (double) errors / calls,
                        (double) toolErrors / calls, p == null ? null : p[0], p == null ? null : p[1],
                        p == null ? null : p[2]);
            });
        });
    }

    private static List<ToolStats> toolStatsOfRollups(EntityManager em, String endpoint, Instant from, Instant to,
            int limit) {
        Instant since = TimeStep.HOUR.floor(from);
        Map<String, Tally> tools = RollupReads.consistently(em, endpoint, since, to, rolled -> {
            Map<String, Tally> read = new HashMap<>();
            RollupReads.byTarget(em, endpoint, TOOLS_CALL, since, rolled, read);
            if (rolled.isBefore(to)) {
                TimeseriesReads.rawByTarget(em, endpoint, TOOLS_CALL, rolled, to, read);
            }
            return read;
        });
        return tools.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Tally> e) -> -e.getValue().calls())
                        .thenComparing(Map.Entry::getKey, Comparator.nullsLast(Comparator.naturalOrder())))
                .limit(bounded(limit))
                .map(e -> {
                    Tally t = e.getValue();
                    LatencyHistogram h = t.latency();
                    return new ToolStats(e.getKey(), t.calls(), t.errors(), t.toolErrors(),
                            (double) t.errors() / t.calls(), (double) t.toolErrors() / t.calls(), h.percentile(0.50),
                            h.percentile(0.95), h.percentile(0.99));
                })
                .toList();
    }

    private Map<String, double[]> postgresPercentiles(EntityManager em, String endpoint, Instant from, Instant to) {
        NativeWhere where = new NativeWhere(endpoint, from, to);
        List<?> rows = where.bind(em.createNativeQuery("SELECT target, "
                        + "percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_us), "
                        + "percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_us), "
                        + "percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_us) "
                        + "FROM mcp_request" + where + " GROUP BY target"))
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
    private double[] derbyPercentiles(EntityManager em, String endpoint, String tool, long calls, Instant from,
            Instant to) {
        double[] result = new double[PERCENTILES.length];
        for (int i = 0; i < PERCENTILES.length; i++) {
            double position = PERCENTILES[i] * (calls - 1);
            long lower = (long) Math.floor(position);
            long upper = (long) Math.ceil(position);
            NativeWhere where = new NativeWhere(endpoint, from, to).target(tool);
            List<?> values = where.bind(em.createNativeQuery("SELECT latency_us FROM mcp_request" + where
                    + " ORDER BY latency_us OFFSET " + lower + " ROWS FETCH NEXT " + (upper - lower + 1)
                    + " ROWS ONLY")).getResultList();
            double low = ((Number) values.get(0)).doubleValue();
            double high = values.size() > 1 ? ((Number) values.get(1)).doubleValue() : low;
            result[i] = low + (high - low) * (position - lower);
        }
        return result;
    }

    /** A decided hold, as {@code mcp_approval} stores it (see {@link dev.mcpgate.event.ApprovalDecided}). */
    public record ApprovalRow(String id, Instant decidedAt, String endpoint, Instant heldAt, String rule,
                              String rulesVersion, String mcpMethod, String target, String caller, String sessionId,
                              String argumentsSha256, String decision, String decidedBy, String reason, int waiters) {
    }

    /** The latest decided holds of {@code endpoint} ({@code null}: every endpoint), newest first. */
    public List<ApprovalRow> approvals(String endpoint, int limit) {
        String where = endpoint == null ? "" : " WHERE a.endpoint = :endpoint";
        return JpaReads.apply(emf, em -> {
            var query = em.createQuery("SELECT a FROM ApprovalEntity a" + where
                    + " ORDER BY a.timestamp DESC, a.id DESC", ApprovalEntity.class);
            if (endpoint != null) {
                query.setParameter("endpoint", endpoint);
            }
            return query.setMaxResults(bounded(limit)).getResultList().stream()
                    .map(a -> new ApprovalRow(a.getId(), UtcTime.instant(a.getTimestamp()), a.getEndpoint(),
                            UtcTime.instant(a.getHeldAt()), a.getRule(), a.getRulesVersion(), a.getMcpMethod(),
                            a.getTarget(), a.getCaller(), a.getSessionId(), a.getArgumentsDigest(), a.getDecision(),
                            a.getDecidedBy(), a.getReason(), a.getWaiters()))
                    .toList();
        });
    }

    /**
     * The slowest exchanges of {@code endpoint} in the window, slowest first. A window over a day (of one endpoint)
     * reads the slowest of each rolled-up hour ({@code mcp_rollup_slow_hour}) and the raw rows of the rest: at most
     * {@value HourlyRollup#SLOWEST_PER_HOUR} then, and exchanges of equal latency in any order.
     */
    public List<SlowRequest> slowestRequests(String endpoint, Instant from, Instant to, int limit) {
        if (endpoint != null && Duration.between(from, to).compareTo(ROLLUP_WINDOWS) > 0) {
            return JpaReads.apply(emf, em -> slowestOfRollups(em, endpoint, from, to,
                    Math.min(bounded(limit), HourlyRollup.SLOWEST_PER_HOUR)));
        }
        return JpaReads.apply(emf, em -> rawSlowest(em, endpoint, from, to, limit));
    }

    /**
     * The raw rows' slowest in two queries: the ids and latencies of the slowest first, then those rows. Derby sorts
     * every row of the window for a FETCH FIRST: the whole rows of 43,000 exchanges (most of an hour at 1,000
     * requests a minute) took it 0.77 s, two columns 0.34 s; with little free memory it sorted the whole rows on
     * disk, in runs of 173 rows.
     */
    private static List<SlowRequest> rawSlowest(EntityManager em, String endpoint, Instant from, Instant to,
            int limit) {
        Where where = Where.requests(endpoint, from, to);
        List<Object[]> slowest = where.bind(em.createQuery("SELECT r.id, r.latencyMicros FROM RequestEntity r" + where
                        + " ORDER BY r.latencyMicros DESC, r.id", Object[].class))
                .setMaxResults(bounded(limit))
                .getResultList();
        if (slowest.isEmpty()) {
            return List.of();
        }
        Map<String, SlowRequest> byId = new HashMap<>();
        em.createQuery("SELECT r FROM RequestEntity r WHERE r.id IN :ids", RequestEntity.class)
                .setParameter("ids", slowest.stream().map(r -> (String) r[0]).toList())
                .getResultList()
                .forEach(r -> byId.put(r.getId(), new SlowRequest(r.getId(), UtcTime.instant(r.getTimestamp()),
                        r.getSessionId(), r.getMcpMethod(), r.getTarget(), r.getOutcome(), r.getLatencyMicros())));
        return slowest.stream().map(r -> byId.get((String) r[0])).filter(java.util.Objects::nonNull).toList();
    }

    /** The slowest of the rolled-up hours (each hour's slowest), merged with the raw rows of the hours after them. */
    private static List<SlowRequest> slowestOfRollups(EntityManager em, String endpoint, Instant from, Instant to,
            int limit) {
        Instant since = TimeStep.HOUR.floor(from);
        List<SlowRequest> slowest = RollupReads.consistently(em, endpoint, since, to, rolled -> {
            List<SlowRequest> read = new ArrayList<>(RollupReads.slowest(em, endpoint, from, since, rolled, limit));
            if (rolled.isBefore(to)) {
                read.addAll(rawSlowest(em, endpoint, rolled.isAfter(from) ? rolled : from, to, limit));
            }
            return read;
        });
        return slowest.stream().sorted(Comparator.comparingLong(SlowRequest::latencyMicros).reversed()
                .thenComparing(SlowRequest::id)).limit(limit).toList();
    }

    /**
     * The latest exchanges of {@code endpoint} in the window whose outcome was no success ({@code ok},
     * {@code modified}, {@code mocked}), newest first.
     */
    public List<RecentError> recentErrors(String endpoint, Instant from, Instant to, int limit) {
        if (endpoint != null && Duration.between(from, to).compareTo(ROLLUP_WINDOWS) > 0) {
            return JpaReads.apply(emf, em -> NewestFirst.read(em, endpoint, from, to, bounded(limit),
                    "(r.errors > 0 OR r.toolErrors > 0)", Map.of(), (a, b, n) -> rawErrors(em, endpoint, a, b, n)));
        }
        if (endpoint != null) {
            return JpaReads.apply(emf, em -> NewestFirst.fromTheEnd(from, to, bounded(limit),
                    (a, b, n) -> rawErrors(em, endpoint, a, b, n)));
        }
        return JpaReads.apply(emf, em -> rawErrors(em, endpoint, from, to, limit));
    }

    private static List<RecentError> rawErrors(EntityManager em, String endpoint, Instant from, Instant to,
            int limit) {
        Where where = Where.requests(endpoint, from, to)
                .condition("r.outcome NOT IN (" + dev.mcpgate.event.Outcome.SUCCESS_SQL + ")");
        return where.bind(em.createQuery("SELECT r FROM RequestEntity r" + where
                        + " ORDER BY r.timestamp DESC, r.id DESC", RequestEntity.class))
                .setMaxResults(bounded(limit))
                .getResultList().stream()
                .map(r -> new RecentError(r.getId(), UtcTime.instant(r.getTimestamp()), r.getSessionId(),
                        r.getHttpMethod(), r.getMcpMethod(), r.getTarget(), r.getOutcome(), r.getErrorCode(),
                        r.getErrorMessage()))
                .toList();
    }

    /**
     * Sessions of {@code endpoint} that began in the window, newest first, with client identity, counts and duration;
     * a window over a day is read a slice at a time from its end ({@link NewestFirst#fromTheEnd}).
     */
    public List<SessionSummary> sessions(String endpoint, Instant from, Instant to, int limit) {
        if (Duration.between(from, to).compareTo(ROLLUP_WINDOWS) > 0) {
            return JpaReads.apply(emf, em -> NewestFirst.fromTheEnd(from, to, bounded(limit),
                    (a, b, n) -> rawSessions(em, endpoint, a, b, n)));
        }
        return JpaReads.apply(emf, em -> rawSessions(em, endpoint, from, to, limit));
    }

    private static List<SessionSummary> rawSessions(EntityManager em, String endpoint, Instant from, Instant to,
            int limit) {
        Where where = Where.sessions(endpoint, from, to);
        return where.bind(em.createQuery("SELECT s FROM SessionEntity s" + where
                        + " ORDER BY s.startedAt DESC, s.id DESC", SessionEntity.class))
                .setMaxResults(bounded(limit))
                .getResultList().stream()
                .map(McpAnalytics::summary)
                .toList();
    }

    /**
     * One session by endpoint and id, if stored. The id as the client used it, or as stored (an id
     * longer than 200 characters or outside visible ASCII is stored as a prefix and a hash,
     * {@link StoredText#sessionKey}). {@code endpoint} {@code null}: the session of that id of any
     * endpoint (the one that started last, when endpoints share one database and an id).
     */
    public Optional<SessionSummary> session(String endpoint, String sessionId) {
        String jpql = "SELECT s FROM SessionEntity s WHERE (s.sessionId = :sessionId OR s.sessionId = :sessionKey)"
                + (endpoint == null ? "" : " AND s.endpoint = :endpoint") // = NULL would match nothing
                + " ORDER BY s.startedAt DESC";
        return JpaReads.apply(emf, em -> {
            TypedQuery<SessionEntity> query = em.createQuery(jpql, SessionEntity.class)
                    .setParameter("sessionId", sessionId)
                    .setParameter("sessionKey", StoredText.sessionKey(sessionId))
                    .setMaxResults(1);
            if (endpoint != null) {
                query.setParameter("endpoint", endpoint);
            }
            return query.getResultList().stream().findFirst().map(McpAnalytics::summary);
        });
    }

    /**
     * Exchanges of {@code endpoint} in the window by client platform: requests, distinct sessions, distinct client
     * names. A window over a day (of one endpoint) begins at its whole hour and reads the hourly client rollups
     * ({@code mcp_rollup_client_hour}) for the hours rolled up and the raw rows for the rest; its {@code sessions}
     * are then the sessions of the platform begun in the window, not those that made a request in it (a distinct
     * count does not add up over hours), likewise from the session rollups ({@code mcp_rollup_session_hour}) and
     * {@code mcp_session}.
     */
    public List<PlatformStats> clientsByPlatform(String endpoint, Instant from, Instant to) {
        return clientsByPlatform(endpoint, from, to, true);
    }

    /** The client platform mix, from the raw rows only when {@code useRollups} is false (to compare the two). */
    List<PlatformStats> clientsByPlatform(String endpoint, Instant from, Instant to, boolean useRollups) {
        if (endpoint != null && Duration.between(from, to).compareTo(ROLLUP_WINDOWS) > 0) {
            return JpaReads.apply(emf, em -> new ClientReads(em, endpoint, from, to, useRollups).read());
        }
        Where where = Where.requests(endpoint, from, to);
        return JpaReads.apply(emf, em -> rows(where.bind(em.createQuery("SELECT r.clientPlatform, COUNT(r), "
                        + "COUNT(DISTINCT r.sessionId), COUNT(DISTINCT r.clientName) FROM RequestEntity r" + where
                        + " GROUP BY r.clientPlatform ORDER BY COUNT(r) DESC, r.clientPlatform"))
                .setMaxResults(MAX_ROWS).getResultList(),
                r -> new PlatformStats((String) r[0], number(r[1]), number(r[2]), number(r[3]))));
    }

    /**
     * The sessions of {@code endpoint} begun in the window by state ({@link SessionCount}): {@code live} first, then
     * the end reasons by count, whatever their number (where {@link #sessions} pages through them). A window over a
     * day (of one endpoint) adds up the session rollups ({@code mcp_rollup_session_hour}) of its whole hours rolled
     * up, and counts the raw rows of the rest (the parts of hours at its ends, the hours not rolled up yet), grouped in
     * the database over the sessions' start index; shorter ones count the raw rows.
     */
    public List<SessionCount> sessionCounts(String endpoint, Instant from, Instant to) {
        return sessionCounts(endpoint, from, to, true);
    }

    /** The session counts, from the raw rows only when {@code useRollups} is false (to compare the two). */
    List<SessionCount> sessionCounts(String endpoint, Instant from, Instant to, boolean useRollups) {
        boolean rollups = useRollups && endpoint != null && Duration.between(from, to).compareTo(ROLLUP_WINDOWS) > 0;
        List<Object[]> rows = JpaReads.apply(emf, em -> rollups ? sessionCountsOfRollups(em, endpoint, from, to)
                : rawSessionCounts(em, endpoint, from, to));
        Map<String, Long> counts = new HashMap<>();
        long live = 0;
        for (Object[] r : rows) {
            long ended = number(r[1]) - number(r[2]);
            live += number(r[2]);
            if (ended > 0) {
                counts.merge(r[0] == null ? "ended" : (String) r[0], ended, Long::sum);
            }
        }
        List<SessionCount> answer = new ArrayList<>(List.of(new SessionCount("live", live)));
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .forEach(e -> answer.add(new SessionCount(e.getKey(), e.getValue())));
        return answer;
    }

    /**
     * (end reason, sessions, live ones) of the sessions begun in {@code [from, to)}, from the raw rows. The live ones
     * are those without an end time, counted as all less the ended ones: a CASE in the select list would make
     * EclipseLink write the values into the SQL on Derby, a statement to compile at every call.
     */
    private static List<Object[]> rawSessionCounts(EntityManager em, String endpoint, Instant from, Instant to) {
        Where where = Where.sessions(endpoint, from, to);
        List<Object[]> rows = where.bind(em.createQuery("SELECT s.endReason, COUNT(s), COUNT(s.endedAt) "
                        + "FROM SessionEntity s" + where + " GROUP BY s.endReason", Object[].class))
                .setMaxResults(MAX_ROWS).getResultList();
        return rows.stream().map(r -> new Object[] {r[0], r[1], number(r[1]) - number(r[2])}).toList();
    }

    /**
     * (end reason, sessions, live ones) of the sessions begun in {@code [from, to)}: the rollups of its whole hours
     * rolled up, the raw rows before the first whole hour and after the last rolled up.
     */
    private static List<Object[]> sessionCountsOfRollups(EntityManager em, String endpoint, Instant from, Instant to) {
        Instant floor = TimeStep.HOUR.floor(from);
        Instant since = floor.equals(from) ? from : floor.plus(HourlyRollup.HOUR);
        Instant rolled = RollupReads.wholeHoursUntil(em, endpoint, since, to); // a part of an hour has no sessions
        List<Object[]> rows = new ArrayList<>(RollupReads.sessionsByEndReason(em, endpoint, since, rolled));
        if (from.isBefore(since)) {
            rows.addAll(rawSessionCounts(em, endpoint, from, since));
        }
        if (rolled.isBefore(to)) {
            rows.addAll(rawSessionCounts(em, endpoint, rolled, to));
        }
        return rows;
    }

    static <T> List<T> rows(List<?> rows, Function<Object[], T> mapping) {
        List<T> mapped = new ArrayList<>(rows.size());
        for (Object row : rows) {
            mapped.add(mapping.apply((Object[]) row));
        }
        return mapped;
    }

    private static SessionSummary summary(SessionEntity s) {
        Instant started = UtcTime.instant(s.getStartedAt());
        Instant last = UtcTime.instant(s.getEndedAt() != null ? s.getEndedAt()
                : s.getLastSeen() != null ? s.getLastSeen() : s.getStartedAt());
        return new SessionSummary(s.getEndpoint(), s.getSessionId(), s.getClientName(), s.getClientVersion(),
                s.getClientPlatform(), s.getProtocolVersion(), s.getPrincipal(), started,
                UtcTime.instant(s.getLastSeen()), UtcTime.instant(s.getEndedAt()), s.getEndReason(),
                s.getRequestCount(), s.getErrorCount(), Duration.between(started, last));
    }

    private static int bounded(int limit) {
        return Math.max(1, Math.min(limit, MAX_ROWS));
    }

    static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /**
     * The WHERE clause of a JPQL query over {@code RequestEntity r} or {@code SessionEntity s}: the
     * window, the endpoint where one is given (every query names it: endpoints may share a database),
     * and further conditions; every value a bound parameter.
     */
    private static final class Where {
        private final String alias;
        private final StringBuilder clause = new StringBuilder();
        private final Map<String, Object> parameters = new HashMap<>();

        private Where(String alias, String timeField, String endpoint, Instant from, Instant to) {
            this.alias = alias;
            condition(alias + "." + timeField + " >= :from AND " + alias + "." + timeField + " < :to");
            parameter("from", UtcTime.local(from)).parameter("to", UtcTime.local(to)).equal("endpoint", endpoint);
        }

        /** Exchanges ({@code r}) of {@code endpoint} ({@code null}: every endpoint) in {@code [from, to)}. */
        static Where requests(String endpoint, Instant from, Instant to) {
            return new Where("r", "timestamp", endpoint, from, to);
        }

        /** Sessions ({@code s}) of {@code endpoint} ({@code null}: every endpoint) begun in {@code [from, to)}. */
        static Where sessions(String endpoint, Instant from, Instant to) {
            return new Where("s", "startedAt", endpoint, from, to);
        }

        /** Adds {@code field = value}, unless {@code value} is {@code null}. */
        Where equal(String field, Object value) {
            return value == null ? this
                    : condition(alias + "." + field + " = :" + field).parameter(field, value);
        }

        Where condition(String condition) {
            clause.append(clause.length() == 0 ? " WHERE " : " AND ").append(condition);
            return this;
        }

        Where parameter(String name, Object value) {
            parameters.put(name, value);
            return this;
        }

        <Q extends Query> Q bind(Q query) {
            parameters.forEach(query::setParameter);
            return query;
        }

        @Override
        public String toString() {
            return clause.toString();
        }
    }

    /**
     * The WHERE clause of a native query over {@code mcp_request} for the latency percentiles of
     * {@code tools/call}: the window, the endpoint where given, one tool where given; positional
     * parameters.
     */
    private static final class NativeWhere {
        private final StringBuilder clause = new StringBuilder(" WHERE mcp_method = ? AND ts >= ? AND ts < ?");
        private final List<Object> parameters = new ArrayList<>();

        NativeWhere(String endpoint, Instant from, Instant to) {
            parameters.addAll(List.of(TOOLS_CALL, UtcTime.sql(from), UtcTime.sql(to)));
            if (endpoint != null) {
                clause.append(" AND endpoint = ?");
                parameters.add(endpoint);
            }
        }

        /** One tool's calls; {@code null}: the calls that named no tool. */
        NativeWhere target(String tool) {
            if (tool == null) {
                clause.append(" AND target IS NULL");
            } else {
                clause.append(" AND target = ?");
                parameters.add(tool);
            }
            return this;
        }

        Query bind(Query query) {
            for (int i = 0; i < parameters.size(); i++) {
                query.setParameter(i + 1, parameters.get(i));
            }
            return query;
        }

        @Override
        public String toString() {
            return clause.toString();
        }
    }
}

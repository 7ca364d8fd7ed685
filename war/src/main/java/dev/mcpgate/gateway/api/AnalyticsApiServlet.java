package dev.mcpgate.gateway.api;

import dev.mcpgate.McpGateEndpoint;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.Violation;
import dev.mcpgate.gateway.proxy.UpstreamLoad;
import dev.mcpgate.store.McpAnalytics;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The read-only analytics API of the gateway WAR, JSON over {@code GET}, for users in the role
 * {@code mcpgate-admin} (the WAR's {@code web.xml} protects {@code /mcpgate/*}; the server
 * authenticates):
 * <ul>
 *   <li>{@code /mcpgate/api/health} — per endpoint: event queue, drops, tracked sessions, failures,
 *       the store's writer (rows written, held, dropped, quarantined, last error, database reachable), and in
 *       gateway mode the gateway's load (exchanges under way, refused, streams ended at their lifetime);</li>
 *   <li>{@code /mcpgate/api/requests?since&until&tool&session&outcome&limit} — stored exchanges,
 *       newest first ({@code session} is a full session id);</li>
 *   <li>{@code /mcpgate/api/sessions?since&until&limit} — sessions that began in the window;</li>
 *   <li>{@code /mcpgate/api/sessions/counts?since&until} — how many of them are live, and how many ended for
 *       each end reason (a grouped count, whatever their number);</li>
 *   <li>{@code /mcpgate/api/slowest?since&until&limit} — the slowest exchanges of the window, slowest first;</li>
 *   <li>{@code /mcpgate/api/errors?since&until&limit} — the latest exchanges whose outcome was not
 *       {@code ok}, newest first;</li>
 *   <li>{@code /mcpgate/api/clients?since&until} — exchanges by client platform: requests, sessions,
 *       client names;</li>
 *   <li>{@code /mcpgate/api/tools?window&limit} — per tool: calls, error and tool-error rates,
 *       p50/p95/p99 latency (µs);</li>
 *   <li>{@code /mcpgate/api/timeseries?since&until} (or {@code from&to}) — every exchange step by step: per
 *       point ({@code t}) calls, errors, tool errors and p50/p95/p99 latency (ms); the {@code step} is PT1M for
 *       windows up to 3 hours, PT5M up to a day, PT1H beyond (read from the hourly rollups);</li>
 *   <li>{@code /mcpgate/api/violations?since&until} — per guard violation: the check's level, the
 *       exchanges refused and those only reported (the rows of the window; the counts since start are
 *       in {@code /health});</li>
 *   <li>{@code /mcpgate/api/schema}, {@code /schema/versions}, {@code /schema/diff},
 *       {@code /schema/changes}, {@code /schema/sightings} — the catalogue history of tools,
 *       prompts and resources ({@link SchemaApi}).</li>
 * </ul>
 * Every call takes {@code endpoint} (needed only when the WAR observes more than one) and answers
 * with that endpoint's rows only, also where endpoints share one database. Times are
 * ISO-8601 instants or durations back from now ({@code since=PT1H}); the default window is 24
 * hours, {@code limit} 100 (at most 1000). An unknown parameter or a bad value is answered with a
 * {@code 400} naming it; a filter that has not started yet with a {@code 503 not_started}; a store
 * that is off, still opening or whose database fails with a {@code 503 store_unavailable}; anything
 * else with a {@code 500 internal_error} and a log line ({@link ApiFailure}). Session ids in answers are shown as the filter's
 * {@code log-session-ids} says: fingerprints by default.
 */
@WebServlet(name = "mcpgate-analytics-api", urlPatterns = AnalyticsApiServlet.PATH + "/*")
public class AnalyticsApiServlet extends JsonApiServlet {

    public static final String PATH = "/mcpgate/api";
    private static final String SCHEMA = "/schema";
    private static final long serialVersionUID = 1L;
    private static final Set<String> OUTCOMES = Arrays.stream(Outcome.values()).map(Outcome::wireName)
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Why there is no endpoint: WildFly (Undertow) starts filters at their first request unless its
     * servlet container has {@code eager-filter-initialization="true"}.
     */
    static final String NOT_STARTED = "McpSessionFilter has not started (yet): it is disabled, or the server "
            + "starts filters at their first request (WildFly: set eager-filter-initialization=\"true\" on the "
            + "undertow servlet-container, or send one MCP request)";

    /** The body of every list answer. */
    public record Page<T>(String endpoint, Instant since, Instant until, int count, List<T> items) {
    }

    /**
     * One guard violation in a window: its check's level now ({@code off}, {@code report},
     * {@code enforce}), the exchanges refused for it and those that passed with it reported — what
     * {@code enforce} would refuse.
     */
    public record ViolationRow(String violation, String level, long rejected, long reported) {
    }

    /** The body of every error answer. */
    public record ApiError(String error, String parameter, String message) {
    }

    /**
     * One endpoint's health and whether it is fully working: {@code status} {@code ok}, or
     * {@code degraded} while the store's database does not answer the writer; then {@code reason} says
     * why — the store's failure to open or reconnect ({@code unreachable}, {@code driver_missing},
     * {@code unsupported_database}, {@code authentication}, {@code other}), {@code write_failed} (the
     * database was reached, the last write failed) or {@code starting} (no attempt has ended yet).
     * MCP traffic goes on in every case. In gateway mode {@code gateway} is the gateway's load
     * ({@code null} in demo mode).
     */
    public record EndpointHealth(String status, String reason, McpGateEndpoint.Health health,
                                 UpstreamLoad.Snapshot gateway) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        String call = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            switch (call) {
                case "/health" -> send(response, 200, health(request));
                case "/requests" -> send(response, 200, requests(request));
                case "/sessions" -> send(response, 200, sessions(request));
                case "/sessions/counts" -> send(response, 200, sessionCounts(request));
                case "/slowest" -> send(response, 200, slowest(request));
                case "/errors" -> send(response, 200, errors(request));
                case "/clients" -> send(response, 200, clients(request));
                case "/tools" -> send(response, 200, tools(request));
                case "/violations" -> send(response, 200, violations(request));
                case "/timeseries" -> send(response, 200, timeseries(request));
                default -> schemaOrNotFound(call, request, response);
            }
        } catch (RuntimeException e) {
            fail("analytics", call, response, e);
        }
    }

    private void schemaOrNotFound(String call, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object answer = null;
        if (call.equals(SCHEMA) || call.startsWith(SCHEMA + "/")) {
            String schemaCall = call.substring(SCHEMA.length());
            ApiQuery query = new ApiQuery(request.getParameterMap(), SchemaApi.parameters(schemaCall), Instant.now());
            answer = SchemaApi.answer(schemaCall, endpoint(query), query);
        }
        if (answer == null) {
            send(response, 404, new ApiError("not_found", null, "no API call " + PATH + call + "; there are "
                    + "/health, /requests, /sessions, /sessions/counts, /slowest, /errors, /clients, /tools, /timeseries, /violations, "
                    + "/schema, /schema/versions, /schema/diff, "
                    + "/schema/changes, /schema/sightings"));
        } else {
            send(response, 200, answer);
        }
    }

    private Map<String, EndpointHealth> health(HttpServletRequest request) {
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint"), Instant.now());
        List<McpGateEndpoint> endpoints = query.text("endpoint") == null ? McpGateEndpoint.all(getServletContext())
                : List.of(endpoint(query));
        if (endpoints.isEmpty()) {
            throw new ApiFailure.NotStartedException(NOT_STARTED);
        }
        Map<String, EndpointHealth> health = new LinkedHashMap<>();
        for (McpGateEndpoint endpoint : endpoints) {
            McpGateEndpoint.Health h = endpoint.health();
            boolean degraded = h.store() != null && !h.store().reachable();
            health.put(endpoint.name(), degraded ? new EndpointHealth("degraded", reason(h.store()), h, gatewayLoad())
                    : new EndpointHealth("ok", null, h, gatewayLoad()));
        }
        return health;
    }

    /** Why a store is not reachable, in the words of {@link EndpointHealth}. */
    static String reason(McpGateEndpoint.StoreHealth store) {
        if (store.failure() != null) {
            return store.failure();
        }
        return store.lastError() != null ? "write_failed" : "starting";
    }

    private UpstreamLoad.Snapshot gatewayLoad() {
        Object load = getServletContext().getAttribute(UpstreamLoad.ATTRIBUTE);
        return load instanceof UpstreamLoad gateway ? gateway.snapshot() : null;
    }

    private Page<McpAnalytics.RequestRow> requests(HttpServletRequest request) {
        ApiQuery query = new ApiQuery(request.getParameterMap(),
                Set.of("endpoint", "since", "until", "tool", "session", "outcome", "limit"), Instant.now());
        String outcome = query.text("outcome");
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw new BadParameterException("outcome", "must be one of " + OUTCOMES + ", was " + outcome);
        }
        ApiQuery.Window window = query.window();
        int limit = query.limit(); // every parameter checked before the endpoint is looked up
        McpGateEndpoint endpoint = endpoint(query);
        McpAnalytics.RequestQuery filter = new McpAnalytics.RequestQuery(endpoint.name(), window.since(),
                window.until(), query.text("tool"), query.text("session"), outcome, limit);
        List<McpAnalytics.RequestRow> rows = analytics(endpoint).requests(filter).stream()
                .map(row -> row.showingSessionId(endpoint.config().logging().sessionIds())).toList();
        return new Page<>(endpoint.name(), window.since(), window.until(), rows.size(), rows);
    }

    private Page<McpAnalytics.SessionSummary> sessions(HttpServletRequest request) {
        return windowPage(request, (analytics, endpoint, window, limit) -> analytics
                .sessions(endpoint.name(), window.since(), window.until(), limit).stream()
                .map(row -> row.showingSessionId(endpoint.config().logging().sessionIds())).toList());
    }

    private Page<McpAnalytics.SessionCount> sessionCounts(HttpServletRequest request) {
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint", "since", "until"), Instant.now());
        ApiQuery.Window window = query.window();
        McpGateEndpoint endpoint = endpoint(query);
        List<McpAnalytics.SessionCount> rows = analytics(endpoint)
                .sessionCounts(endpoint.name(), window.since(), window.until());
        return new Page<>(endpoint.name(), window.since(), window.until(), rows.size(), rows);
    }

    private Page<McpAnalytics.SlowRequest> slowest(HttpServletRequest request) {
        return windowPage(request, (analytics, endpoint, window, limit) -> {
            UnaryOperator<String> ids = endpoint.config().logging().sessionIds();
            return analytics.slowestRequests(endpoint.name(), window.since(), window.until(), limit).stream()
                    .map(r -> new McpAnalytics.SlowRequest(r.id(), r.timestamp(), ids.apply(r.sessionId()),
                            r.mcpMethod(), r.target(), r.outcome(), r.latencyMicros()))
                    .toList();
        });
    }

    private Page<McpAnalytics.RecentError> errors(HttpServletRequest request) {
        return windowPage(request, (analytics, endpoint, window, limit) -> {
            UnaryOperator<String> ids = endpoint.config().logging().sessionIds();
            return analytics.recentErrors(endpoint.name(), window.since(), window.until(), limit).stream()
                    .map(r -> new McpAnalytics.RecentError(r.id(), r.timestamp(), ids.apply(r.sessionId()),
                            r.httpMethod(), r.mcpMethod(), r.target(), r.outcome(), r.errorCode(), r.errorMessage()))
                    .toList();
        });
    }

    /**
     * A page of one endpoint's rows in the request's window ({@code endpoint}, {@code since},
     * {@code until}, {@code limit}); every parameter is checked before the endpoint is looked up.
     */
    private <T> Page<T> windowPage(HttpServletRequest request, WindowRead<T> read) {
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint", "since", "until", "limit"),
                Instant.now());
        ApiQuery.Window window = query.window();
        int limit = query.limit();
        McpGateEndpoint endpoint = endpoint(query);
        List<T> rows = read.rows(analytics(endpoint), endpoint, window, limit);
        return new Page<>(endpoint.name(), window.since(), window.until(), rows.size(), rows);
    }

    /** The rows of one windowed call, read from the endpoint's analytics. */
    @FunctionalInterface
    private interface WindowRead<T> {
        List<T> rows(McpAnalytics analytics, McpGateEndpoint endpoint, ApiQuery.Window window, int limit);
    }

    private Page<McpAnalytics.PlatformStats> clients(HttpServletRequest request) {
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint", "since", "until"), Instant.now());
        ApiQuery.Window window = query.window();
        McpGateEndpoint endpoint = endpoint(query);
        List<McpAnalytics.PlatformStats> rows = analytics(endpoint)
                .clientsByPlatform(endpoint.name(), window.since(), window.until());
        return new Page<>(endpoint.name(), window.since(), window.until(), rows.size(), rows);
    }

    private Page<McpAnalytics.ToolStats> tools(HttpServletRequest request) {
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint", "window", "limit"), Instant.now());
        Instant since = query.windowStart();
        Instant until = Instant.now().plusMillis(1);
        int limit = query.limit();
        McpGateEndpoint endpoint = endpoint(query);
        List<McpAnalytics.ToolStats> rows = analytics(endpoint).toolStats(endpoint.name(), since, until, limit);
        return new Page<>(endpoint.name(), since, until, rows.size(), rows);
    }

    /** The body of {@code /timeseries}: the window as the points cover it, the step, the points. */
    public record Series(String endpoint, String step, Instant since, Instant until, int count,
                         List<McpAnalytics.TimePoint> points) {
    }

    private Series timeseries(HttpServletRequest request) {
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint", "since", "until", "from", "to"),
                Instant.now());
        ApiQuery.Window window = query.windowOrFromTo();
        McpGateEndpoint endpoint = endpoint(query);
        McpAnalytics.Timeseries series = analytics(endpoint).timeseries(endpoint.name(), window.since(),
                window.until());
        return new Series(endpoint.name(), series.step().toString(), series.since(), series.until(),
                series.points().size(), series.points());
    }

    private Page<ViolationRow> violations(HttpServletRequest request) {
        ApiQuery query = new ApiQuery(request.getParameterMap(), Set.of("endpoint", "since", "until"), Instant.now());
        ApiQuery.Window window = query.window();
        McpGateEndpoint endpoint = endpoint(query);
        List<ViolationRow> rows = analytics(endpoint).violations(endpoint.name(), window.since(), window.until())
                .stream().map(v -> new ViolationRow(v.violation(), level(endpoint, v.violation()), v.rejected(),
                        v.reported())).toList();
        return new Page<>(endpoint.name(), window.since(), window.until(), rows.size(), rows);
    }

    /** The level of the check of a stored violation name; {@code null} for a name this version does not know. */
    private static String level(McpGateEndpoint endpoint, String violation) {
        try {
            return endpoint.config().guard().levels().level(Violation.valueOf(violation.toUpperCase(Locale.ROOT)))
                    .wireName();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The endpoint named by {@code endpoint}, or the only one. */
    private McpGateEndpoint endpoint(ApiQuery query) {
        return Endpoints.named(getServletContext(), query.text("endpoint"));
    }

    private static McpAnalytics analytics(McpGateEndpoint endpoint) {
        if (!endpoint.config().store().enabled()) {
            throw new StoreUnavailableException("endpoint " + endpoint.name() + " stores nothing (store=none)");
        }
        return endpoint.analytics().orElseThrow(() -> new StoreUnavailableException("the store of endpoint "
                + endpoint.name() + " has not reached its database yet"));
    }

    /** The store is off, not reached yet, or failed: a 503. */
    static final class StoreUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreUnavailableException(String message) {
            super(message);
        }
    }
}

package dev.mcpgate.store;

import static dev.mcpgate.store.StoreEvents.call;
import static dev.mcpgate.store.StoreEvents.ended;
import static dev.mcpgate.store.StoreEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mcpgate.event.EndReason;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.Outcome;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.protocol.ClientIdentity;
import dev.mcpgate.protocol.Era;
import dev.mcpgate.store.McpAnalytics.ToolStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The hourly rollups on a real database: rolled-up numbers equal the raw rows' numbers, the API's series is the
 * same with and without rollups, late rows join their hour, retention of rollups is their own, and a measure of
 * a month of rollups. Used by {@link AbstractStoreIT}, so on every database it runs on.
 */
final class RollupChecks {

    static final String ENDPOINT = "rolled";
    private static final String OTHER = "rolled-other";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final String[] TOOLS = {"search", "fetch", "write-file", "run-query"};
    private static final Outcome[] OUTCOMES = {Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK, Outcome.OK,
        Outcome.OK, Outcome.OK, Outcome.TOOL_ERROR, Outcome.ERROR, Outcome.REJECTED};

    private final DataSource dataSource;
    private final McpStore store;
    /** Four whole hours ago: the data's first hour; every hour of the data is closed. */
    private final Instant base = TimeStep.HOUR.floor(Instant.now()).minus(HOUR.multipliedBy(4));

    RollupChecks(DataSource dataSource, McpStore store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    /** {@code n} exchanges of {@code endpoint} spread over the hour that begins at {@code hour}. */
    static List<McpEvent> hourOfTraffic(String endpoint, Instant hour, int n, Random random) {
        List<McpEvent> events = new ArrayList<>(n);
        long spacing = HOUR.toNanos() / n;
        for (int i = 0; i < n; i++) {
            Instant at = hour.plusNanos(i * spacing).plusNanos(random.nextInt(1000) * 1000L);
            long latency = Math.round(3_000 * Math.exp(random.nextGaussian()));
            int kind = random.nextInt(10);
            events.add(kind < 7 ? call(endpoint, null, at, TOOLS[random.nextInt(TOOLS.length)],
                    OUTCOMES[random.nextInt(OUTCOMES.length)], latency, "claude-ai")
                    : exchange(endpoint, at, kind == 7 ? "tools/list" : kind == 8 ? "resources/read" : "ping",
                            kind == 8 ? "file:///" + random.nextInt(3) : null, latency));
        }
        return events;
    }

    private static RequestCompleted exchange(String endpoint, Instant at, String method, String target, long latency) {
        return new RequestCompleted(TimeOrderedIds.next(), at, endpoint, null, Era.LEGACY, "2025-06-18", "POST", 200,
                method, "1", target, Outcome.OK, null, null, latency, 100, 200, ClientIdentity.of("c", "1"), null, false,
                1);
    }

    void write(List<McpEvent> events) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            BatchWriter writer = new BatchWriter();
            for (int from = 0; from < events.size(); from += 500) {
                writer.write(c, events.subList(from, Math.min(events.size(), from + 500)), false, null);
            }
        }
    }

    /** Three closed hours and the open one of traffic, and an hour of another endpoint's. */
    private void threeHoursAndTheOpenOne() throws SQLException {
        Random random = new Random(42);
        List<McpEvent> events = new ArrayList<>();
        for (int h = 0; h < 3; h++) {
            events.addAll(hourOfTraffic(ENDPOINT, base.plus(HOUR.multipliedBy(h)), 300 + 100 * h, random));
        }
        events.addAll(hourOfTraffic(ENDPOINT, TimeStep.HOUR.floor(Instant.now()), 50, random)); // the open hour
        events.addAll(hourOfTraffic(OTHER, base.plus(HOUR), 200, random));
        write(events);
    }

    /**
     * Now, or the third minute of the hour when it is earlier: the rounds' "now" once the hour before the open one is
     * rolled up, so that a check does not depend on the minute it runs at (in the hour's first minutes the hour
     * before is still settling, and events timed in it count as the open hour's).
     */
    private static Instant settledNow() {
        Instant now = Instant.now();
        Instant settled = TimeStep.HOUR.floor(now).plus(Duration.ofMinutes(RollupSchedule.SETTLE_MINUTES + 1));
        return now.isBefore(settled) ? settled : now;
    }

    private void rollUp(RollupSchedule schedule, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            int rounds = 0;
            while (!schedule.rollUpClosedHours(c, now)) { // a round does about a second of work
                assertTrue(++rounds < 100, "every closed hour rolled up");
            }
        }
    }

    void rolledUpNumbersEqualTheRawRowsAndTheSeriesIsTheSame() throws SQLException {
        threeHoursAndTheOpenOne();
        McpAnalytics analytics = store.analytics();
        Instant from = Instant.now().minus(Duration.ofDays(2));
        Instant closedEnd = TimeStep.HOUR.floor(Instant.now());
        Instant now = Instant.now().plusMillis(1);
        McpAnalytics.Timeseries rawClosed = analytics.timeseries(ENDPOINT, from, closedEnd, false);
        McpAnalytics.Timeseries rawOpen = analytics.timeseries(ENDPOINT, from, now, false);
        assertEquals(rawClosed, analytics.timeseries(ENDPOINT, from, closedEnd), "no rollups yet: the raw rows");
        List<ToolStats> exactTools = analytics.toolStats(ENDPOINT, base, now, 10); // under a day: exact

        rollUp(new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(30)), settledNow());

        // per hour, method and target, the rollup's counts are the raw rows' counts
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = ? AND hour_start < ?")) {
            s.setString(1, ENDPOINT);
            new BatchWriter().setTime(s, 2, base);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "no hour before the first row");
            }
        }
        assertEquals(grouped("SELECT mcp_method, target, COUNT(*), SUM(CASE WHEN outcome IN ('ok', 'tool_error') "
                        + "THEN 0 ELSE 1 END), SUM(CASE WHEN outcome = 'tool_error' THEN 1 ELSE 0 END) "
                        + "FROM mcp_request WHERE endpoint = ? AND ts < ? GROUP BY mcp_method, target"),
                grouped("SELECT mcp_method, target, SUM(calls), SUM(errors), SUM(tool_errors) FROM mcp_rollup_hour "
                        + "WHERE endpoint = ? AND hour_start < ? GROUP BY mcp_method, target"));
        assertEquals(0, count("SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT
                + "' AND hour_start >= ?", closedEnd), "the open hour is not rolled up");
        assertEquals(0, count("SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = '" + OTHER + "'"),
                "each endpoint rolls up its own rows only");

        // the API's answers with rollups equal those from the raw rows, for a closed window and with the open hour
        McpAnalytics.Timeseries rolledClosed = analytics.timeseries(ENDPOINT, from, closedEnd);
        assertEquals(rawClosed, rolledClosed);
        assertEquals(rawOpen, analytics.timeseries(ENDPOINT, from, now));
        assertEquals(Duration.ofHours(1), rolledClosed.step());
        assertEquals(1200, rolledClosed.points().stream().mapToLong(McpAnalytics.TimePoint::calls).sum());
        assertTrue(rolledClosed.points().stream().filter(p -> p.calls() > 0).count() == 3, rolledClosed.toString());

        // tools over two days from rollups: counts exact, percentiles within 2 % of percentile_cont
        Map<String, ToolStats> rolled = analytics.toolStats(ENDPOINT, from, now, 10).stream()
                .collect(Collectors.toMap(ToolStats::tool, t -> t));
        assertEquals(exactTools.size(), rolled.size());
        for (ToolStats exact : exactTools) {
            ToolStats r = rolled.get(exact.tool());
            assertEquals(List.of(exact.calls(), exact.errors(), exact.toolErrors()),
                    List.of(r.calls(), r.errors(), r.toolErrors()), exact.tool());
            assertWithin(exact.p50Micros(), r.p50Micros());
            assertWithin(exact.p95Micros(), r.p95Micros());
            assertWithin(exact.p99Micros(), r.p99Micros());
        }
    }

    /**
     * Failed before the fix (the clients and slowest of a long window were read from the raw rows only, so they were
     * empty once the raw rows were gone): a window over a day reads the client and slowest rollups, and gives the
     * raw rows' answers while they are there — clients, slowest, recent errors and the requests, filtered or not,
     * read an hour at a time.
     */
    void longWindowsReadTheClientAndSlowestRollupsAndGiveTheRawRowsAnswers() throws Exception {
        threeHoursAndTheOpenOne();
        McpAnalytics analytics = store.analytics();
        Instant now = Instant.now().plusMillis(1);
        Instant twoDays = now.minus(Duration.ofDays(2));
        List<McpAnalytics.PlatformStats> rawClients = analytics.clientsByPlatform(ENDPOINT, base, now);
        List<McpAnalytics.SlowRequest> rawSlowest = analytics.slowestRequests(ENDPOINT, base, now, 10);
        List<McpAnalytics.RecentError> rawErrors = analytics.recentErrors(ENDPOINT, base, now, 10);
        List<List<McpAnalytics.RequestRow>> rawRequests = requests(analytics, base, now);
        rollUp(new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(30)), settledNow());

        assertEquals(rawClients, analytics.clientsByPlatform(ENDPOINT, twoDays, now));
        assertEquals(rawSlowest, analytics.slowestRequests(ENDPOINT, twoDays, now, 10));
        assertEquals(rawErrors, analytics.recentErrors(ENDPOINT, twoDays, now, 10));
        assertEquals(rawRequests, requests(analytics, twoDays, now));
        assertEquals(HourlyRollup.SLOWEST_PER_HOUR, analytics.slowestRequests(ENDPOINT, twoDays, now, 100).size(),
                "over a day: the slowest kept per hour at most");

        try (Connection c = dataSource.getConnection()) {
            new Retention(ENDPOINT, 1000).deleteOlderThan(c, Instant.now().plus(HOUR)); // every raw row
        }
        Instant closed = TimeStep.HOUR.floor(Instant.now());
        assertEquals(1200, analytics.clientsByPlatform(ENDPOINT, twoDays, now).stream()
                .mapToLong(McpAnalytics.PlatformStats::requests).sum(), "the closed hours' requests, from rollups");
        assertEquals(rawSlowest.stream().filter(r -> r.timestamp().isBefore(closed)).limit(5).toList(),
                analytics.slowestRequests(ENDPOINT, twoDays, now, 5), "the closed hours' slowest, from rollups");
    }

    /**
     * Sessions of three closed hours and the open one (two platforms and unknown ones; live, ended by the client and
     * idle), a fifth ended before the hours are rolled up; one in the hour before, which has no exchange.
     */
    private List<McpEvent> sessionsOfTheHours() {
        List<McpEvent> events = new ArrayList<>();
        String[] clients = {"claude-ai", "cursor", "some-agent"};
        for (int h = 0; h <= 3; h++) {
            Instant hour = h < 3 ? base.plus(HOUR.multipliedBy(h)) : TimeStep.HOUR.floor(Instant.now());
            for (int i = 0; i < 20 + 5 * h; i++) {
                String id = "h" + h + "-" + i;
                Instant at = hour.plus(Duration.ofMinutes(i * 50L / (20 + 5 * h)));
                events.add(started(ENDPOINT, id, at, clients[i % 3]));
                if (i % 5 == 0) {
                    events.add(ended(ENDPOINT, id, at.plusSeconds(1), i % 2 == 0 ? EndReason.CLIENT_DELETE
                            : EndReason.IDLE_TIMEOUT));
                }
            }
        }
        events.add(started(ENDPOINT, "no-exchange", base.minus(HOUR), "cursor")); // an hour with no exchange
        events.add(started(OTHER, "h0-0", base, "cursor")); // another endpoint's, never counted
        return events;
    }

    /**
     * Failed before the fix (a long window counted a month of mcp_session rows for the sessions of /clients and for
     * /sessions/counts, and nothing once they were deleted): over a day, the session counts and the clients' sessions
     * add up the session rollups of the whole hours rolled up and the raw rows of the rest, and equal the raw rows'
     * answers — for a window that begins inside an hour too, and after sessions of rolled-up hours ended, were
     * written late or named their client (rolled up again at the next round, also when too many waited).
     */
    void longWindowsCountSessionsFromTheSessionRollupsAndGiveTheRawRowsAnswers() throws Exception {
        threeHoursAndTheOpenOne();
        write(sessionsOfTheHours());
        McpAnalytics analytics = store.analytics();
        RollupSchedule schedule = new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(2));
        rollUp(schedule, settledNow());
        assertEquals(76, count("SELECT SUM(sessions) FROM mcp_rollup_session_hour WHERE endpoint = '" + ENDPOINT
                + "'"), "the closed hours' 1 + 20 + 25 + 30 sessions");
        assertSessionAnswersEqualTheRawRows(analytics, "rolled up");
        assertTheUpgradeFillsTheSessionRollupsAsTheWriterDoes();

        // sessions of rolled-up hours change: ended, a first start with a client, a session heard of by its end only
        List<McpEvent> later = List.of(
                ended(ENDPOINT, "h0-1", base.plus(HOUR.multipliedBy(3)), EndReason.ABSOLUTE_TIMEOUT),
                ended(ENDPOINT, "h1-2", base.plus(HOUR.multipliedBy(3)), EndReason.CLIENT_DELETE),
                started(ENDPOINT, "h2-8", base.plus(HOUR.multipliedBy(3)), "cursor"),
                ended(ENDPOINT, "heard-late", base.plus(HOUR).plusSeconds(30), EndReason.UPSTREAM_NOT_FOUND));
        write(later);
        Instant now = Instant.now().plusMillis(1);
        assertNotEquals(analytics.sessionCounts(ENDPOINT, now.minus(Duration.ofDays(2)), now, false),
                analytics.sessionCounts(ENDPOINT, now.minus(Duration.ofDays(2)), now), "the rollups are behind");
        schedule.written(later); // as the writer says after each write
        rollUp(schedule, settledNow());
        assertSessionAnswersEqualTheRawRows(analytics, "rolled up again");

        // more sessions written than the schedule looks up: every hour's sessions are rolled up again
        List<McpEvent> many = new ArrayList<>();
        many.add(ended(ENDPOINT, "h2-1", base.plus(HOUR.multipliedBy(3)), EndReason.IDLE_TIMEOUT));
        for (int i = 0; i <= RollupSchedule.MAX_SESSION_KEYS; i++) { // ends of sessions of a rolled-up hour
            many.add(new SessionEnded(Instant.now(), ENDPOINT, "never-stored-" + i, EndReason.IDLE_TIMEOUT,
                    base.plus(HOUR), Instant.now(), 0, 0));
        }
        write(many.subList(0, 1));
        schedule.written(many);
        rollUp(schedule, settledNow());
        assertSessionAnswersEqualTheRawRows(analytics, "all rolled up again");

        try (Connection c = dataSource.getConnection()) {
            new Retention(ENDPOINT, 1000).deleteOlderThan(c, Instant.now().plus(HOUR)); // every raw row
        }
        now = Instant.now().plusMillis(1);
        assertEquals(77, analytics.sessionCounts(ENDPOINT, now.minus(Duration.ofDays(2)), now).stream()
                .mapToLong(McpAnalytics.SessionCount::sessions).sum(), "the closed hours' sessions, from rollups");
        assertEquals(77, analytics.clientsByPlatform(ENDPOINT, now.minus(Duration.ofDays(2)), now).stream()
                .mapToLong(McpAnalytics.PlatformStats::sessions).sum(), "the closed hours' sessions, from rollups");
    }

    /**
     * Failed before the fix (the re-rolls queued in memory were lost with it: the session stayed live in the rollup
     * for good): a session of a rolled-up hour that ended, written but not rolled up again before the writer
     * stopped, is counted ended after a restart's first round; and one that ended just before a close is rolled
     * up again by the close.
     */
    void sessionsThatEndedBeforeARestartOrACloseAreRolledUpAgain() throws Exception {
        threeHoursAndTheOpenOne();
        write(sessionsOfTheHours());
        McpAnalytics analytics = store.analytics();
        rollUp(new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(2)), Instant.now());
        write(List.of(ended(ENDPOINT, "h1-1", base.plus(HOUR.multipliedBy(3)), EndReason.IDLE_TIMEOUT)));
        Instant now = Instant.now().plusMillis(1);
        assertNotEquals(analytics.sessionCounts(ENDPOINT, now.minus(Duration.ofDays(2)), now, false),
                analytics.sessionCounts(ENDPOINT, now.minus(Duration.ofDays(2)), now), "the rollups are behind");

        RollupSchedule restarted = new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(2));
        rollUp(restarted, Instant.now()); // a new writer: nothing queued in memory
        assertSessionAnswersEqualTheRawRows(analytics, "after a restart");

        List<McpEvent> end = List.of(ended(ENDPOINT, "h2-2", base.plus(HOUR.multipliedBy(3)), EndReason.CLIENT_DELETE));
        write(end);
        restarted.written(end);
        try (Connection c = dataSource.getConnection()) {
            restarted.closing(c);
        }
        assertSessionAnswersEqualTheRawRows(analytics, "after a close");
    }

    /**
     * Failed before the fix (every start and end counted toward the cap, whose overflow rolled up again every hour
     * within store-retention): a burst of more than {@value RollupSchedule#MAX_SESSION_KEYS} sessions begun (and some
     * ended) in the open hour queues no re-roll.
     */
    void aBurstOfNewSessionsInTheOpenHourQueuesNoReroll() throws Exception {
        threeHoursAndTheOpenOne();
        RollupSchedule schedule = new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(2));
        rollUp(schedule, settledNow());
        Instant open = TimeStep.HOUR.floor(Instant.now());
        List<McpEvent> burst = new ArrayList<>();
        for (int i = 0; i <= RollupSchedule.MAX_SESSION_KEYS; i++) {
            burst.add(started(ENDPOINT, "burst-" + i, open, "looping-agent"));
            if (i % 2 == 0) {
                burst.add(ended(ENDPOINT, "burst-" + i, open.plusSeconds(61), EndReason.CLIENT_DELETE));
            }
        }
        schedule.written(burst);
        assertTrue(!schedule.sessionRerollsWaiting(), "no session of a rolled-up hour was written");
    }

    /**
     * Failed before the fix (an overflow rolled up again the sessions of every hour within store-retention): more
     * than {@value RollupSchedule#MAX_SESSION_KEYS} ends of sessions of rolled-up hours roll up again the sessions of
     * the last {@link RollupSchedule#SESSION_WINDOW} only; an older hour's rollup stays as it was.
     */
    void anOverflowOfSessionsRollsUpAgainOnlyTheLastHoursSessions() throws Exception {
        Instant old = TimeStep.HOUR.floor(Instant.now()).minus(Duration.ofHours(30));
        write(List.of(started(ENDPOINT, "old-1", old.plusSeconds(60), "cursor"),
                started(ENDPOINT, "recent-1", base.plusSeconds(60), "cursor")));
        RollupSchedule schedule = new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(3));
        rollUp(schedule, settledNow());
        write(List.of(ended(ENDPOINT, "old-1", base.plus(HOUR), EndReason.IDLE_TIMEOUT),
                ended(ENDPOINT, "recent-1", base.plus(HOUR), EndReason.IDLE_TIMEOUT)));
        List<McpEvent> many = new ArrayList<>();
        for (int i = 0; i <= RollupSchedule.MAX_SESSION_KEYS; i++) { // ends of sessions of a rolled-up hour
            many.add(new SessionEnded(Instant.now(), ENDPOINT, "never-stored-" + i, EndReason.IDLE_TIMEOUT,
                    base.plus(HOUR), Instant.now(), 0, 0));
        }
        schedule.written(many);
        rollUp(schedule, settledNow());
        String live = "SELECT COALESCE(SUM(live), 0) FROM mcp_rollup_session_hour WHERE endpoint = '" + ENDPOINT
                + "' AND hour_start = ?";
        assertEquals(0, count(live, base), "the last hours' sessions rolled up again");
        assertEquals(1, count(live, old), "an hour before the window stays as it was");
    }

    /**
     * The session rows that migration V13 gives the hours rolled up before it (its INSERT run again on the rows the
     * writer rolled up) are the writer's, but for their numbers within the hour.
     */
    private void assertTheUpgradeFillsTheSessionRollupsAsTheWriterDoes() throws Exception {
        String sessionRows = "SELECT endpoint, hour_start, client_platform, end_reason, sessions, live "
                + "FROM mcp_rollup_session_hour";
        List<String> written = rows(sessionRows);
        String script;
        try (var in = RollupChecks.class.getClassLoader().getResourceAsStream(store.dialect().migrationLocation()
                .substring("classpath:".length()) + "/V13__mcpgate_rollup_session_hour.sql")) {
            script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        int start = script.indexOf("INSERT INTO mcp_rollup_session_hour");
        String insert = script.substring(start, script.indexOf(';', start));
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM mcp_rollup_session_hour");
            s.executeUpdate(insert);
        }
        assertEquals(written, rows(sessionRows));
        assertTrue(written.size() > 6, written.toString());
    }

    /** The rows of a query as text, sorted. */
    private List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    /** Over two days, and over a day and an hour that begins 20 minutes into the first hour: as from the raw rows. */
    private void assertSessionAnswersEqualTheRawRows(McpAnalytics analytics, String when) {
        Instant now = Instant.now().plusMillis(1);
        Instant twoDays = now.minus(Duration.ofDays(2));
        Instant inside = base.plus(Duration.ofMinutes(20));
        Instant dayLater = inside.plus(Duration.ofDays(1)).plus(HOUR);
        List<McpAnalytics.SessionCount> counts = analytics.sessionCounts(ENDPOINT, twoDays, now, false);
        assertTrue(counts.size() >= 3, counts.toString());
        assertEquals(counts, analytics.sessionCounts(ENDPOINT, twoDays, now), when);
        assertEquals(analytics.sessionCounts(ENDPOINT, inside, dayLater, false),
                analytics.sessionCounts(ENDPOINT, inside, dayLater), when + ", from inside an hour");
        assertEquals(analytics.clientsByPlatform(ENDPOINT, twoDays, now, false),
                analytics.clientsByPlatform(ENDPOINT, twoDays, now), when);
        assertEquals(analytics.clientsByPlatform(ENDPOINT, inside, dayLater, false),
                analytics.clientsByPlatform(ENDPOINT, inside, dayLater), when + ", from inside an hour");
    }

    /** The newest 50 requests, those of one tool, of one outcome, of a success outcome. */
    private static List<List<McpAnalytics.RequestRow>> requests(McpAnalytics analytics, Instant from, Instant to) {
        return List.of(
                analytics.requests(new McpAnalytics.RequestQuery(ENDPOINT, from, to, null, null, null, 50)),
                analytics.requests(new McpAnalytics.RequestQuery(ENDPOINT, from, to, "fetch", null, null, 500)),
                analytics.requests(new McpAnalytics.RequestQuery(ENDPOINT, from, to, null, null, "tool_error", 500)),
                analytics.requests(new McpAnalytics.RequestQuery(ENDPOINT, from, to, "search", null, "ok", 500)));
    }

    private static void assertWithin(double exact, double estimate) {
        assertTrue(Math.abs(estimate - exact) <= LatencyHistogram.RELATIVE_ERROR * exact + 1,
                "exact " + exact + ", from rollups " + estimate);
    }

    /**
     * The open hour rolled up as it goes: once the closed hours are rolled up, a round rolls up the settled part of
     * the open hour, and a long window's answers (series, tools, slowest, clients, session counts, the newest
     * requests) equal the raw rows' while reading of that hour only the raw rows after the part. A later round adds
     * the minutes since; a row written late into the part has it rolled up anew; the closed hour's own rollup
     * replaces the part.
     */
    void thePartOfTheOpenHourRolledUpGivesTheRawRowsAnswers() throws Exception {
        threeHoursAndTheOpenOne();
        write(sessionsOfTheHours());
        McpAnalytics analytics = store.analytics();
        Instant open = TimeStep.HOUR.floor(Instant.now());
        Instant at40 = open.plus(Duration.ofMinutes(40)); // the rounds' "now", inside the open hour
        RollupSchedule schedule = new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(30));
        rollUp(schedule, at40);
        try (Connection c = dataSource.getConnection()) {
            schedule.rollUpOpenHour(c, at40);
        }
        Instant part = at40.minus(Duration.ofMinutes(RollupSchedule.SETTLE_MINUTES));
        assertTrue(count("SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "' AND hour_start = ? "
                + "AND covered_until IS NOT NULL", open) > 0, "the part of the open hour is rolled up");
        assertEquals(count("SELECT COUNT(*) FROM mcp_request WHERE endpoint = '" + ENDPOINT + "' AND ts >= ? "
                        + "AND ts < ?", open, part),
                count("SELECT SUM(calls) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "' AND hour_start = ?",
                        open), "the part's calls");
        assertLongWindowAnswersEqualTheRawRows(analytics, at40, "the part rolled up");

        List<McpEvent> late = List.of(call(ENDPOINT, null, open.plus(Duration.ofMinutes(5)), "late", Outcome.ERROR,
                90_000_000, "cursor"));
        write(late);
        schedule.written(late); // as the writer says after each write
        write(List.of(call(ENDPOINT, null, part.plusSeconds(30), "search", Outcome.OK, 7, "claude-ai")));
        Instant at45 = at40.plus(Duration.ofMinutes(5));
        try (Connection c = dataSource.getConnection()) {
            schedule.rollUpOpenHour(c, at45);
        }
        assertLongWindowAnswersEqualTheRawRows(analytics, at45, "a late row in the part, and five minutes more");

        // another node's writer takes the part further; this one adds from where the table says, not from memory
        RollupSchedule otherNode = new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(30));
        Instant at48 = at45.plus(Duration.ofMinutes(3));
        rollUp(otherNode, at48);
        try (Connection c = dataSource.getConnection()) {
            otherNode.rollUpOpenHour(c, at48);
            schedule.rollUpOpenHour(c, at48.plus(Duration.ofMinutes(1)));
        }
        assertLongWindowAnswersEqualTheRawRows(analytics, at48.plus(Duration.ofMinutes(1)), "two nodes' writers");

        rollUp(schedule, open.plus(HOUR).plus(Duration.ofMinutes(RollupSchedule.SETTLE_MINUTES + 1)));
        assertEquals(0, count("SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "' "
                + "AND covered_until IS NOT NULL"), "the closed hour's rollup replaced the part");
        assertEquals(count("SELECT COUNT(*) FROM mcp_request WHERE endpoint = '" + ENDPOINT + "' AND ts >= ? "
                        + "AND ts < ?", open, open.plus(HOUR)),
                count("SELECT SUM(calls) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "' AND hour_start = ?",
                        open), "the whole hour's calls");
    }

    private void assertLongWindowAnswersEqualTheRawRows(McpAnalytics analytics, Instant to, String when) {
        Instant twoDays = to.minus(Duration.ofDays(2));
        assertEquals(analytics.timeseries(ENDPOINT, twoDays, to, false), analytics.timeseries(ENDPOINT, twoDays, to),
                when);
        Map<String, ToolStats> rolled = analytics.toolStats(ENDPOINT, twoDays, to, 10).stream()
                .collect(Collectors.toMap(ToolStats::tool, t -> t));
        for (ToolStats exact : analytics.toolStats(ENDPOINT, base, to, 10)) { // under a day: the raw rows
            ToolStats r = rolled.get(exact.tool());
            assertEquals(List.of(exact.calls(), exact.errors(), exact.toolErrors()),
                    List.of(r.calls(), r.errors(), r.toolErrors()), when + ": " + exact.tool());
            assertWithin(exact.p99Micros(), r.p99Micros());
        }
        assertEquals(analytics.slowestRequests(ENDPOINT, base, to, 10),
                analytics.slowestRequests(ENDPOINT, twoDays, to, 10), when);
        assertEquals(analytics.clientsByPlatform(ENDPOINT, twoDays, to, false),
                analytics.clientsByPlatform(ENDPOINT, twoDays, to), when);
        assertEquals(analytics.sessionCounts(ENDPOINT, twoDays, to, false),
                analytics.sessionCounts(ENDPOINT, twoDays, to), when);
        assertEquals(requests(analytics, base, to), requests(analytics, twoDays, to), when);
    }

    /**
     * Read a few rows per query (keyset pages that end inside an hour and on its last row), the rollups of a
     * window add up to the same as read in one query: every row once, none twice.
     */
    void theRollupsOfAWindowReadInPagesAddUpToTheSameAsInOneRead() throws SQLException {
        threeHoursAndTheOpenOne();
        rollUp(new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(30)), settledNow());
        Instant until = TimeStep.HOUR.floor(Instant.now());
        long rows = count("SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "'");
        assertTrue(rows > 10, "several rows an hour: " + rows);
        String whole = JpaReads.apply(store.entityManagerFactory(), em -> {
            Map<Instant, Tally> slots = new java.util.TreeMap<>();
            RollupReads.bySlot(em, ENDPOINT, base, until, slots, (int) rows + 1);
            Map<String, Tally> targets = new java.util.TreeMap<>();
            RollupReads.byTarget(em, ENDPOINT, "tools/call", base, until, targets, (int) rows + 1);
            return summary(slots) + summary(targets);
        });
        for (int pageRows : new int[] {1, 2, 3, 7}) {
            String paged = JpaReads.apply(store.entityManagerFactory(), em -> {
                Map<Instant, Tally> slots = new java.util.TreeMap<>();
                RollupReads.bySlot(em, ENDPOINT, base, until, slots, pageRows);
                Map<String, Tally> targets = new java.util.TreeMap<>();
                RollupReads.byTarget(em, ENDPOINT, "tools/call", base, until, targets, pageRows);
                return summary(slots) + summary(targets);
            });
            assertEquals(whole, paged, "pages of " + pageRows + " rows");
        }
        assertTrue(whole.contains("Z=300/") && whole.contains("Z=400/") && whole.contains("Z=500/"),
                "the three closed hours' calls: " + whole);
    }

    /** Per key: calls/errors/tool errors/p50/p99. */
    private static String summary(Map<?, Tally> tallies) {
        StringBuilder text = new StringBuilder();
        tallies.forEach((key, t) -> text.append(key).append('=').append(t.calls()).append('/').append(t.errors())
                .append('/').append(t.toolErrors()).append('/').append(t.latency().percentile(0.50)).append('/')
                .append(t.latency().percentile(0.99)).append(' '));
        return text.toString();
    }

    void aRowWrittenLateJoinsItsHourAtTheNextRound() throws SQLException {
        Random random = new Random(3);
        write(hourOfTraffic(ENDPOINT, base, 100, random));
        RollupSchedule schedule = new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(30));
        Instant firstClose = base.plus(HOUR).plus(Duration.ofMinutes(RollupSchedule.SETTLE_MINUTES + 1));
        rollUp(schedule, firstClose);
        assertEquals(100, count("SELECT SUM(calls) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "'"));
        List<McpEvent> late = List.of(call(ENDPOINT, null, base.plus(Duration.ofMinutes(59)), "late", Outcome.OK, 5,
                "c"));
        write(late);
        rollUp(schedule, firstClose); // nothing says the hour changed: nothing rolled up again
        assertEquals(100, count("SELECT SUM(calls) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "'"));
        schedule.written(late); // as the writer says after each write
        assertTrue(schedule.due());
        rollUp(schedule, firstClose);
        assertEquals(101, count("SELECT SUM(calls) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "'"));
        // a schedule that starts anew takes up where the table stands: no double count
        rollUp(new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(30)), settledNow());
        assertEquals(101, count("SELECT SUM(calls) FROM mcp_rollup_hour WHERE endpoint = '" + ENDPOINT + "'"));
    }

    void rollupRetentionDeletesOnlyOldRollupsOfItsEndpointAndRawRetentionLeavesThem() throws Exception {
        threeHoursAndTheOpenOne();
        rollUp(new RollupSchedule(ENDPOINT, Duration.ofDays(400), Duration.ofDays(30)), settledNow());
        rollUp(new RollupSchedule(OTHER, Duration.ofDays(400), Duration.ofDays(30)), settledNow());
        long otherRows = count("SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = '" + OTHER + "'");
        assertTrue(otherRows > 0);
        try (Connection c = dataSource.getConnection()) {
            new Retention(ENDPOINT, 1000).deleteOlderThan(c, Instant.now().plus(HOUR)); // every raw row
            assertEquals(0, count("SELECT COUNT(*) FROM mcp_request WHERE endpoint = '" + ENDPOINT + "'"));
            assertEquals(3, count("SELECT COUNT(DISTINCT hour_start) FROM mcp_rollup_hour WHERE endpoint = '"
                    + ENDPOINT + "'"), "raw retention leaves the rollups");
            new HourlyRollup(ENDPOINT).deleteOlderThan(c, base.plus(HOUR.multipliedBy(2)));
        }
        assertEquals(List.of(base.plus(HOUR.multipliedBy(2)).toString()), hours(ENDPOINT));
        assertEquals(otherRows, count("SELECT COUNT(*) FROM mcp_rollup_hour WHERE endpoint = '" + OTHER + "'"));
        // the series of the rolled-up hour outlives its raw rows
        McpAnalytics.Timeseries series = store.analytics().timeseries(ENDPOINT, Instant.now().minus(Duration.ofDays(2)),
                Instant.now());
        assertEquals(500, series.points().stream().mapToLong(McpAnalytics.TimePoint::calls).sum());
    }

    private List<String> hours(String endpoint) throws SQLException {
        List<String> hours = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT hour_start FROM mcp_rollup_hour WHERE endpoint = ? ORDER BY hour_start")) {
            s.setString(1, endpoint);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    hours.add(rs.getTimestamp(1, java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("UTC")))
                            .toInstant().toString());
                }
            }
        }
        return hours;
    }

    /** Rows of (method, target, calls, errors, tool errors) of the endpoint's closed hours, as text, sorted. */
    private List<String> grouped(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, ENDPOINT);
            new BatchWriter().setTime(s, 2, TimeStep.HOUR.floor(Instant.now()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getLong(3) + "|" + rs.getLong(4)
                            + "|" + rs.getLong(5));
                }
            }
        }
        rows.sort(null);
        assertTrue(rows.size() > 5, rows.toString());
        return rows;
    }

    private long count(String sql, Instant... times) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < times.length; i++) {
                new BatchWriter().setTime(s, i + 1, times[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next(), sql);
                return rs.getLong(1);
            }
        }
    }

    /** A month of data and the dashboard's calls over it timed: {@link MonthOfData}. */
    void measureMonthOfRollups() throws SQLException {
        new MonthOfData(dataSource, store, this).measure();
    }
}

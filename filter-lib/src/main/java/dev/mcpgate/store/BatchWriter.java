package dev.mcpgate.store;

import dev.mcpgate.event.ApprovalDecided;
import dev.mcpgate.event.EventJson;
import dev.mcpgate.event.McpEvent;
import dev.mcpgate.event.RequestCompleted;
import dev.mcpgate.event.SessionEnded;
import dev.mcpgate.event.SessionStarted;
import dev.mcpgate.event.TimeOrderedIds;
import dev.mcpgate.protocol.ClientIdentity;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

/**
 * Writes a list of events in ONE transaction with plain JDBC batches (one batch per statement
 * kind), through a connection of the store's DataSource — the same {@code mcp_request} and
 * {@code mcp_session} tables that {@link RequestEntity} and {@link SessionEntity} map for the reads.
 *
 * <p>Per call: session starts are upserted (UPDATE, then INSERT of the ones not there: a repeated
 * {@code initialize} for a known session only refreshes its identity); requests are inserted;
 * session counters ({@code request_count}, {@code error_count}, {@code last_seen}) get ONE UPDATE
 * per session for the whole call; session ends set {@code ended_at}/{@code end_reason} only if the
 * session has not ended yet (the first end wins) and insert the session if it was never seen. A session
 * that the call inserts is inserted with the call's counters and end already in it (no UPDATE for it).
 * On PostgreSQL the request rows go in with one {@code COPY} per call ({@link RequestCopy}), which
 * costs the database and the driver less per row than an {@code INSERT} batch; elsewhere, or where
 * the connection does not unwrap to the PostgreSQL driver's, or after the database refused COPY
 * (SQLState class 0A), with an {@code INSERT} batch. The session statements are statements on both;
 * approval decisions are inserted into {@code mcp_approval} ({@link ApprovalRows}).
 * With {@code skipExisting} (after a failed attempt, whose commit may have succeeded after all),
 * requests and decisions already stored are left out, so that a retry never double-counts.
 *
 * <p>Times are stored as UTC wall-clock {@code TIMESTAMP}s. Not thread-safe: one writer thread.
 */
final class BatchWriter {

    static final String INSERT_REQUEST = "INSERT INTO mcp_request (id, ts, endpoint, session_id, era, "
            + "protocol_version, http_method, http_status, mcp_method, jsonrpc_id, target, outcome, error_code, "
            + "error_message, latency_us, bytes_in, bytes_out, client_name, client_version, client_platform, "
            + "principal, sse, messages_out, violation, rule_name, upstream_era, bridge_leg) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE_SESSION_START = "UPDATE mcp_session SET "
            + "protocol_version = COALESCE(CAST(? AS VARCHAR(32)), protocol_version), "
            + "client_name = COALESCE(CAST(? AS VARCHAR(255)), client_name), "
            + "client_version = COALESCE(CAST(? AS VARCHAR(100)), client_version), "
            + "client_platform = CASE WHEN client_platform = 'unknown' THEN CAST(? AS VARCHAR(32)) ELSE client_platform END, "
            + "principal = COALESCE(CAST(? AS VARCHAR(255)), principal) "
            + "WHERE endpoint = ? AND session_id = ?";
    private static final String INSERT_SESSION = "INSERT INTO mcp_session (id, endpoint, session_id, era, "
            + "protocol_version, client_name, client_version, client_platform, principal, started_at, last_seen, "
            + "ended_at, end_reason, request_count, error_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE_SESSION_COUNTERS = "UPDATE mcp_session SET "
            + "request_count = request_count + ?, error_count = error_count + ?, "
            + "last_seen = CASE WHEN last_seen IS NULL OR last_seen < CAST(? AS TIMESTAMP) "
            + "THEN CAST(? AS TIMESTAMP) ELSE last_seen END "
            + "WHERE endpoint = ? AND session_id = ?";
    static final String UPDATE_SESSION_END = "UPDATE mcp_session SET ended_at = ?, end_reason = ? "
            + "WHERE endpoint = ? AND session_id = ? AND ended_at IS NULL";
    static final String SESSION_EXISTS = "SELECT 1 FROM mcp_session WHERE endpoint = ? AND session_id = ?";
    private static final String UPDATE_HEALTH = "UPDATE mcp_store_health SET updated_at = ?, rows_written = ?, "
            + "batches_written = ?, write_failures = ?, events_dropped = ?, events_pending = ?, queue_dropped = ?, "
            + "last_error = ?, last_error_at = ?, quarantined = ? WHERE endpoint = ?";
    private static final String INSERT_HEALTH = "INSERT INTO mcp_store_health (updated_at, rows_written, "
            + "batches_written, write_failures, events_dropped, events_pending, queue_dropped, last_error, "
            + "last_error_at, quarantined, endpoint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_QUARANTINE = "INSERT INTO mcp_quarantine (id, ts, endpoint, event_kind, "
            + "event_ts, sql_state, reason, event_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** Width of {@code mcp_quarantine.event_json} (V4): the event is kept as JSON up to this many characters. */
    static final int QUARANTINE_JSON_WIDTH = 8000;
    private static final int ID_CHECK_CHUNK = 100;
    /** SQLState class 0A, feature not supported. */
    private static final String FEATURE_NOT_SUPPORTED = "0A";

    private static final Logger LOG = System.getLogger(StoreSink.class.getName()); // the sink's log lines

    private final Calendar utc = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
    /** Whether request rows may go through PostgreSQL's COPY (false: INSERT batches on every database). */
    private final boolean copyAllowed;
    private final CopyText copyText = new CopyText();
    /** The connection {@link #copy} was made for: a new connection is looked at again. */
    private Connection copyConnection;
    private RequestCopy copy;
    /** The database (or a proxy in front of it) refused COPY itself: INSERT from then on. */
    private boolean copyRefused;
    private long rowsCopied;

    /** A writer that copies request rows into PostgreSQL ({@link RequestCopy}) and inserts them elsewhere. */
    BatchWriter() {
        this(true);
    }

    /** @param copyAllowed false: INSERT batches even on PostgreSQL (the fallback, and what COPY is compared with) */
    BatchWriter(boolean copyAllowed) {
        this.copyAllowed = copyAllowed;
    }
    private final ApprovalRows approvalRows = new ApprovalRows();

    /** What one call wrote: rows inserted or started/ended (session counter updates are not rows). */
    record Result(int requests, int sessionsStarted, int sessionsEnded, int approvals) {
        int rows() {
            return requests + sessionsStarted + sessionsEnded + approvals;
        }
    }

    /** The writer's counters as written to {@code mcp_store_health}. */
    record Health(String endpoint, Instant at, long rowsWritten, long batchesWritten, long writeFailures,
                  long eventsDropped, long eventsPending, long queueDropped, String lastError, Instant lastErrorAt,
                  long quarantined) {
    }

    /**
     * Writes the events and, when given, the health row, in one transaction, and commits.
     *
     * @throws SQLException after rolling back; nothing of the call is stored then
     */
    Result write(Connection connection, List<McpEvent> events, boolean skipExisting, Health health)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        try {
            Result result = writeInTransaction(connection, events, skipExisting, health);
            connection.commit();
            return result;
        } catch (Throwable e) { // drivers may throw Errors on a dead connection (pgjdbc: AssertionError with -ea)
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private Result writeInTransaction(Connection c, List<McpEvent> events, boolean skipExisting, Health health)
            throws SQLException {
        Map<SessionKey, SessionStarted> starts = new LinkedHashMap<>();
        List<RequestCompleted> requests = new ArrayList<>();
        Map<SessionKey, SessionEnded> ends = new LinkedHashMap<>();
        List<ApprovalDecided> approvals = new ArrayList<>();
        for (McpEvent event : events) {
            if (event instanceof RequestCompleted r) {
                requests.add(r);
            } else if (event instanceof SessionStarted s) {
                starts.merge(SessionKey.of(s.endpoint(), s.sessionId()), s, BatchWriter::mergeStarts);
            } else if (event instanceof SessionEnded e) {
                ends.putIfAbsent(SessionKey.of(e.endpoint(), e.sessionId()), e); // the first end wins
            } else if (event instanceof ApprovalDecided a) {
                approvals.add(a);
            }
        }
        if (skipExisting) {
            requests = withoutStored(c, requests);
        }
        int ended = ends.size();
        Map<SessionKey, Usage> usage = usage(requests);
        int started = upsertStarts(c, starts, usage, ends);
        insertRequests(c, requests);
        updateCounters(c, usage);
        endSessions(c, ends);
        int decided = approvalRows.insert(c, approvals, skipExisting);
        if (health != null) {
            writeHealth(c, health);
        }
        return new Result(requests.size(), started, ended, decided);
    }

    /** Two starts of one session in a call: keep the first start time, prefer the later identity. */
    private static SessionStarted mergeStarts(SessionStarted first, SessionStarted later) {
        ClientIdentity client = later.client().isKnown() ? later.client() : first.client();
        return new SessionStarted(first.timestamp(), first.endpoint(), first.sessionId(), first.era(),
                later.protocolVersion() != null ? later.protocolVersion() : first.protocolVersion(), client,
                later.principal() != null ? later.principal() : first.principal());
    }

    /**
     * Upserts the starts. A session not stored yet is inserted with what this call's requests add to it
     * ({@code usage}) and its end, when the call has one: those entries are taken out of {@code usage} and
     * {@code ends}, so that a session begun, used and ended within one batch costs one INSERT instead of an
     * INSERT and two UPDATEs (issue 16: the session statements were an eighth of the Derby writer's time).
     */
    private int upsertStarts(Connection c, Map<SessionKey, SessionStarted> starts, Map<SessionKey, Usage> usage,
            Map<SessionKey, SessionEnded> ends) throws SQLException {
        if (starts.isEmpty()) {
            return 0;
        }
        List<SessionKey> keys = new ArrayList<>(starts.keySet());
        List<SessionStarted> list = new ArrayList<>(starts.values());
        int[] updated;
        try (PreparedStatement update = c.prepareStatement(UPDATE_SESSION_START)) {
            for (SessionStarted s : list) {
                ClientIdentity client = s.client();
                setText(update, 1, s.protocolVersion(), 32);
                setText(update, 2, client.name(), 255);
                setText(update, 3, client.version(), 100);
                update.setString(4, client.platform().wireName());
                setText(update, 5, s.principal(), 255);
                update.setString(6, cut(s.endpoint(), 200));
                update.setString(7, StoredText.sessionKey(s.sessionId()));
                update.addBatch();
            }
            updated = update.executeBatch();
        }
        int inserted = 0;
        try (PreparedStatement insert = c.prepareStatement(INSERT_SESSION)) {
            for (int i = 0; i < list.size(); i++) {
                if (updated[i] == 0) {
                    SessionStarted s = list.get(i);
                    Usage used = usage.remove(keys.get(i));
                    SessionEnded end = ends.remove(keys.get(i));
                    Instant lastSeen = used == null || !used.lastSeen.isAfter(s.timestamp()) ? s.timestamp() : used.lastSeen;
                    bindSession(insert, s.endpoint(), s.sessionId(), s.era().wireName(), s.protocolVersion(),
                            s.client(), s.principal(), s.timestamp(), lastSeen, end == null ? null : end.timestamp(),
                            end == null ? null : end.reason().wireName(), used == null ? 0 : used.requests,
                            used == null ? 0 : used.errors);
                    insert.addBatch();
                    inserted++;
                }
            }
            if (inserted > 0) {
                insert.executeBatch();
            }
        }
        return list.size();
    }

    private void bindSession(PreparedStatement insert, String endpoint, String sessionId, String era,
            String protocolVersion, ClientIdentity client, String principal, Instant started, Instant lastSeen,
            Instant ended, String endReason, long requests, long errors) throws SQLException {
        insert.setString(1, TimeOrderedIds.next());
        insert.setString(2, cut(endpoint, 200));
        insert.setString(3, StoredText.sessionKey(sessionId));
        insert.setString(4, era);
        setText(insert, 5, protocolVersion, 32);
        setText(insert, 6, client.name(), 255);
        setText(insert, 7, client.version(), 100);
        insert.setString(8, client.platform().wireName());
        setText(insert, 9, principal, 255);
        setTime(insert, 10, started);
        setTime(insert, 11, lastSeen);
        setTime(insert, 12, ended);
        setText(insert, 13, endReason, 32);
        insert.setLong(14, requests);
        insert.setLong(15, errors);
    }

    private void insertRequests(Connection c, List<RequestCompleted> requests) throws SQLException {
        if (requests.isEmpty()) {
            return;
        }
        RequestCopy copier = copyFor(c);
        if (copier != null) {
            try {
                rowsCopied += copier.write(requests);
                return;
            } catch (SQLException e) {
                if (WriteFailure.sqlState(e) != null && WriteFailure.sqlState(e).startsWith(FEATURE_NOT_SUPPORTED)) {
                    copyRefused = true; // e.g. a proxy that passes statements but not COPY: the retry inserts
                    LOG.log(Level.WARNING, "McpGate store: the database refused COPY ({0}); writing request rows "
                            + "with INSERT batches from now on", WriteFailure.logLine(e));
                }
                throw e;
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_REQUEST)) {
            for (RequestCompleted r : requests) {
                bindRequest(insert, r);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Request rows this writer sent through COPY (committed or not): how a test tells the two paths apart. */
    long rowsCopied() {
        return rowsCopied;
    }

    /**
     * The COPY path for this connection, or {@code null} for INSERT: not allowed, refused before, not
     * PostgreSQL, or its driver not visible to this class loader (a server's pool with its own copy).
     */
    private RequestCopy copyFor(Connection c) {
        if (!copyAllowed || copyRefused) {
            return null;
        }
        if (c != copyConnection) {
            copyConnection = c;
            try {
                copy = RequestCopy.of(c, copyText);
            } catch (SQLException | RuntimeException | LinkageError e) { // LinkageError: no pgjdbc here
                copy = null;
            }
        }
        return copy;
    }

    void bindRequest(PreparedStatement insert, RequestCompleted r) throws SQLException {
        ClientIdentity client = r.client() == null ? ClientIdentity.UNKNOWN : r.client();
        insert.setString(1, r.id());
        setTime(insert, 2, r.timestamp());
        insert.setString(3, cut(r.endpoint(), 200));
        insert.setString(4, StoredText.sessionKey(r.sessionId()));
        insert.setString(5, r.era().wireName());
        setText(insert, 6, r.protocolVersion(), 32);
        insert.setString(7, cut(r.httpMethod(), 16));
        insert.setInt(8, r.httpStatus());
        setText(insert, 9, r.mcpMethod(), 100);
        setText(insert, 10, r.jsonRpcId(), 200);
        setText(insert, 11, r.target(), 500);
        insert.setString(12, r.outcome().wireName());
        if (r.errorCode() == null) {
            insert.setNull(13, Types.INTEGER);
        } else {
            insert.setInt(13, r.errorCode());
        }
        setText(insert, 14, r.errorMessage(), 512);
        insert.setLong(15, r.latencyMicros());
        insert.setLong(16, r.bytesIn());
        insert.setLong(17, r.bytesOut());
        setText(insert, 18, client.name(), 255);
        setText(insert, 19, client.version(), 100);
        insert.setString(20, client.platform().wireName());
        setText(insert, 21, r.principal(), 255);
        insert.setBoolean(22, r.sse());
        insert.setInt(23, r.messagesOut());
        insert.setString(24, r.violation() == null ? null : r.violation().wireName());
        setText(insert, 25, r.rule(), 200);
        insert.setString(26, r.upstreamEra() == null ? null : r.upstreamEra().wireName());
        insert.setBoolean(27, r.bridgeLeg());
    }

    /** What one call's requests add to a session's row. */
    private static final class Usage {
        long requests;
        long errors;
        Instant lastSeen;
    }

    /** The requests per session (requests without a session are counted nowhere), in the order first seen. */
    private static Map<SessionKey, Usage> usage(List<RequestCompleted> requests) {
        Map<SessionKey, Usage> perSession = new LinkedHashMap<>();
        for (RequestCompleted r : requests) {
            if (r.sessionId() == null) {
                continue;
            }
            Usage used = perSession.computeIfAbsent(SessionKey.of(r.endpoint(), r.sessionId()), k -> new Usage());
            used.requests++;
            if (!r.outcome().isSuccess()) {
                used.errors++;
            }
            if (used.lastSeen == null || r.timestamp().isAfter(used.lastSeen)) {
                used.lastSeen = r.timestamp();
            }
        }
        return perSession;
    }

    /** One UPDATE per session for the whole call. Requests of sessions never started are not counted anywhere. */
    private void updateCounters(Connection c, Map<SessionKey, Usage> perSession) throws SQLException {
        if (perSession.isEmpty()) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(UPDATE_SESSION_COUNTERS)) {
            for (Map.Entry<SessionKey, Usage> entry : perSession.entrySet()) {
                Usage used = entry.getValue();
                update.setLong(1, used.requests);
                update.setLong(2, used.errors);
                setTime(update, 3, used.lastSeen);
                setTime(update, 4, used.lastSeen);
                update.setString(5, entry.getKey().endpoint());
                update.setString(6, entry.getKey().sessionId());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private void endSessions(Connection c, Map<SessionKey, SessionEnded> ends) throws SQLException {
        if (ends.isEmpty()) {
            return;
        }
        List<SessionEnded> list = new ArrayList<>(ends.values());
        int[] updated;
        try (PreparedStatement update = c.prepareStatement(UPDATE_SESSION_END)) {
            for (SessionEnded e : list) {
                setTime(update, 1, e.timestamp());
                update.setString(2, e.reason().wireName());
                update.setString(3, cut(e.endpoint(), 200));
                update.setString(4, StoredText.sessionKey(e.sessionId()));
                update.addBatch();
            }
            updated = update.executeBatch();
        }
        List<SessionEnded> unknown = new ArrayList<>();
        try (PreparedStatement exists = c.prepareStatement(SESSION_EXISTS)) {
            for (int i = 0; i < list.size(); i++) {
                if (updated[i] == 0) { // already ended (idempotent) or never stored (its start was lost)
                    SessionEnded e = list.get(i);
                    exists.setString(1, cut(e.endpoint(), 200));
                    exists.setString(2, StoredText.sessionKey(e.sessionId()));
                    try (ResultSet rs = exists.executeQuery()) {
                        if (!rs.next()) {
                            unknown.add(e);
                        }
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            try (PreparedStatement insert = c.prepareStatement(INSERT_SESSION)) {
                for (SessionEnded e : unknown) {
                    bindSession(insert, e.endpoint(), e.sessionId(), "legacy", null, ClientIdentity.UNKNOWN, null,
                            e.started(), e.lastSeen(), e.timestamp(), e.reason().wireName(), e.requestCount(),
                            e.errorCount());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    /** The requests whose id is not stored yet (a failed attempt may have committed after all). */
    private List<RequestCompleted> withoutStored(Connection c, List<RequestCompleted> requests) throws SQLException {
        Set<String> stored = new HashSet<>();
        for (int from = 0; from < requests.size(); from += ID_CHECK_CHUNK) {
            List<RequestCompleted> chunk = requests.subList(from, Math.min(requests.size(), from + ID_CHECK_CHUNK));
            String sql = "SELECT id FROM mcp_request WHERE id IN (" + "?, ".repeat(chunk.size() - 1) + "?)";
            try (PreparedStatement select = c.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i).id());
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
            }
        }
        if (stored.isEmpty()) {
            return requests;
        }
        return requests.stream().filter(r -> !stored.contains(r.id())).toList();
    }

    /**
     * Sets one event aside in {@code mcp_quarantine}, in its own transaction: the event as JSON (cut
     * to {@value #QUARANTINE_JSON_WIDTH} characters), its kind and time, and why the database
     * refused it.
     *
     * @throws SQLException after rolling back
     */
    void quarantine(Connection connection, String endpoint, McpEvent event, String sqlState, String reason, Instant at)
            throws SQLException {
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_QUARANTINE)) {
            insert.setString(1, TimeOrderedIds.next());
            setTime(insert, 2, at);
            insert.setString(3, cut(event.endpoint() == null ? endpoint : event.endpoint(), 200));
            insert.setString(4, cut(EventJson.typeName(event), 32));
            setTime(insert, 5, event.timestamp());
            setText(insert, 6, sqlState, 5);
            insert.setString(7, cut(reason == null ? "unknown" : reason, 1000));
            insert.setString(8, cut(EventJson.toJson(event), QUARANTINE_JSON_WIDTH));
            insert.executeUpdate();
            connection.commit();
        } catch (Throwable e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private void writeHealth(Connection c, Health h) throws SQLException {
        int updated;
        try (PreparedStatement update = c.prepareStatement(UPDATE_HEALTH)) {
            bindHealth(update, h);
            updated = update.executeUpdate();
        }
        if (updated == 0) {
            try (PreparedStatement insert = c.prepareStatement(INSERT_HEALTH)) {
                bindHealth(insert, h);
                insert.executeUpdate();
            }
        }
    }

    private void bindHealth(PreparedStatement s, Health h) throws SQLException {
        setTime(s, 1, h.at());
        s.setLong(2, h.rowsWritten());
        s.setLong(3, h.batchesWritten());
        s.setLong(4, h.writeFailures());
        s.setLong(5, h.eventsDropped());
        s.setLong(6, h.eventsPending());
        s.setLong(7, h.queueDropped());
        setText(s, 8, h.lastError(), 1000);
        setTime(s, 9, h.lastErrorAt());
        s.setLong(10, h.quarantined());
        s.setString(11, cut(h.endpoint(), 200));
    }

    void setTime(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.TIMESTAMP);
        } else {
            statement.setTimestamp(index, Timestamp.from(instant), utc);
        }
    }

    private static void setText(PreparedStatement statement, int index, String value, int max) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, cut(value, max));
        }
    }

    /** The value cleaned and cut to the column's width ({@link StoredText#clean}). */
    static String cut(String value, int max) {
        return StoredText.clean(value, max);
    }

    /** A session as its row is keyed: the endpoint and session id as stored, so that no two keys share a row. */
    private record SessionKey(String endpoint, String sessionId) {
        static SessionKey of(String endpoint, String sessionId) {
            return new SessionKey(StoredText.clean(endpoint, 200), StoredText.sessionKey(sessionId));
        }
    }
}

package dev.mcpgate.store;

import dev.mcpgate.event.ApprovalDecided;
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
import java.util.List;
import java.util.TimeZone;

/**
 * Inserts the {@code mcp_approval} rows of a writer call ({@link BatchWriter}'s transaction). The hold id
 * is the key: after a failed attempt ({@code skipExisting}) decisions already stored are left out. Not
 * thread-safe: the writer's thread.
 */
final class ApprovalRows {

    static final String INSERT = "INSERT INTO mcp_approval (id, ts, endpoint, held_at, rule_name, rules_version, "
            + "mcp_method, target, caller, session_id, arguments_sha256, decision, decided_by, reason, waiters) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String EXISTS = "SELECT 1 FROM mcp_approval WHERE id = ?";

    private final Calendar utc = new GregorianCalendar(TimeZone.getTimeZone("UTC"));

    /** @return the rows inserted */
    int insert(Connection c, List<ApprovalDecided> decisions, boolean skipExisting) throws SQLException {
        List<ApprovalDecided> list = skipExisting ? withoutStored(c, decisions) : decisions;
        if (list.isEmpty()) {
            return 0;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (ApprovalDecided d : list) {
                bind(insert, d);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return list.size();
    }

    void bind(PreparedStatement s, ApprovalDecided d) throws SQLException {
        s.setString(1, StoredText.clean(d.holdId(), 36));
        setTime(s, 2, d.timestamp());
        s.setString(3, StoredText.clean(d.endpoint(), 200));
        setTime(s, 4, d.heldAt() == null ? d.timestamp() : d.heldAt());
        setText(s, 5, d.rule(), 200);
        setText(s, 6, d.rulesVersion(), 100);
        setText(s, 7, d.method(), 100);
        setText(s, 8, d.target(), 500);
        setText(s, 9, d.caller(), 255);
        s.setString(10, StoredText.sessionKey(d.sessionId()));
        setText(s, 11, d.argumentsDigest(), 64);
        s.setString(12, d.decision().wireName());
        setText(s, 13, d.decidedBy(), 255);
        setText(s, 14, d.reason(), 1000);
        s.setInt(15, Math.max(1, d.waiters()));
    }

    private static List<ApprovalDecided> withoutStored(Connection c, List<ApprovalDecided> decisions)
            throws SQLException {
        List<ApprovalDecided> left = new ArrayList<>();
        try (PreparedStatement exists = c.prepareStatement(EXISTS)) {
            for (ApprovalDecided d : decisions) {
                exists.setString(1, StoredText.clean(d.holdId(), 36));
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        left.add(d);
                    }
                }
            }
        }
        return left;
    }

    private void setTime(PreparedStatement s, int index, Instant instant) throws SQLException {
        s.setTimestamp(index, Timestamp.from(instant), utc);
    }

    private static void setText(PreparedStatement s, int index, String value, int max) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, StoredText.clean(value, max));
        }
    }
}

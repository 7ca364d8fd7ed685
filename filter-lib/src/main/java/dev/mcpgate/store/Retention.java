package dev.mcpgate.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;

/**
 * Deletes rows older than a cut-off in batches of at most {@code chunk} rows, one short transaction
 * per batch, so that a large backlog never holds long locks: requests by {@code ts}, sessions by
 * their last activity (ended, else last seen, else started), schema changes by detection time,
 * catalogue sightings by their last sighting, quarantined events by the time they were set aside.
 * Schema versions and list states are kept (a later change refers to them; diffs are computed from
 * the versions' payloads).
 */
final class Retention {

    private final int chunk;

    Retention(int chunk) {
        this.chunk = chunk;
    }

    /** Deletes what is older than {@code cutoff}; returns the number of rows deleted. */
    long deleteOlderThan(Connection c, Instant cutoff) throws SQLException {
        long deleted = 0;
        deleted += deleteInChunks(c, "SELECT id FROM mcp_request WHERE ts < ? ORDER BY ts",
                "DELETE FROM mcp_request WHERE id = ?", cutoff);
        deleted += deleteInChunks(c, "SELECT id FROM mcp_session WHERE COALESCE(ended_at, last_seen, started_at) < ?",
                "DELETE FROM mcp_session WHERE id = ?", cutoff);
        deleted += deleteInChunks(c, "SELECT id FROM mcp_schema_change WHERE detected_at < ?",
                "DELETE FROM mcp_schema_change WHERE id = ?", cutoff);
        deleted += deleteInChunks(c, "SELECT id FROM mcp_schema_seen WHERE last_seen < ?",
                "DELETE FROM mcp_schema_seen WHERE id = ?", cutoff);
        deleted += deleteInChunks(c, "SELECT id FROM mcp_quarantine WHERE ts < ?",
                "DELETE FROM mcp_quarantine WHERE id = ?", cutoff);
        return deleted;
    }

    private long deleteInChunks(Connection c, String select, String delete, Instant cutoff) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        Calendar utc = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        long total = 0;
        try {
            while (true) {
                List<String> ids = new ArrayList<>(chunk);
                try (PreparedStatement s = c.prepareStatement(select)) {
                    s.setTimestamp(1, Timestamp.from(cutoff), utc);
                    s.setMaxRows(chunk);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next() && ids.size() < chunk) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    c.commit();
                    break;
                }
                try (PreparedStatement d = c.prepareStatement(delete)) {
                    for (String id : ids) {
                        d.setString(1, id);
                        d.addBatch();
                    }
                    d.executeBatch();
                }
                c.commit();
                total += ids.size();
                if (ids.size() < chunk) {
                    break;
                }
            }
        } catch (Throwable e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
        return total;
    }
}

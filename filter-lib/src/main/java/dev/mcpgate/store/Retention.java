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
 * Deletes one endpoint's rows older than a cut-off in batches of at most {@code chunk} rows, one short transaction
 * per batch ({@link #deleteChunk}: the writer runs one a round), so that a large backlog never holds long locks: requests by {@code ts}, sessions by
 * their last activity (ended, else last seen, else started), schema changes by detection time,
 * catalogue sightings by their last sighting, quarantined events by the time they were set aside.
 *
 * <p>Catalogue versions ({@code mcp_schema_version}) are kept while they are among the last
 * {@code keepVersions} of their list ({@code schema-keep-versions}), or first or last seen after
 * the cut-off (a server that still shows an old list to some users), or their list's current
 * version ({@code mcp_schema_state}, which therefore never points at a deleted version); the others go, oldest first, in batches, each with the changes that led to
 * it ({@code mcp_schema_change.to_version}) and its sightings ({@code mcp_schema_seen}) in the
 * same transaction. A kept change may name a deleted version as its {@code from_version}: it still
 * says what changed; a diff from a deleted version is refused as for any unknown version.
 */
class Retention { // not final: tests put a failing one in a sink

    /** {@code schema-keep-versions}'s default. */
    static final int DEFAULT_KEEP_VERSIONS = 100;

    private final String endpoint;
    private final int chunk;
    private final int keepVersions;

    Retention(String endpoint, int chunk) {
        this(endpoint, chunk, DEFAULT_KEEP_VERSIONS);
    }

    /**
     * @param endpoint     the endpoint whose rows it deletes: endpoints sharing a database each have
     *                     their own retention and schema-keep-versions
     * @param keepVersions catalogue versions always kept per list, the newest
     */
    Retention(String endpoint, int chunk, int keepVersions) {
        this.endpoint = endpoint;
        this.chunk = chunk;
        this.keepVersions = keepVersions;
    }

    /** Deletes this endpoint's rows older than {@code cutoff}, chunk after chunk; returns the number of rows deleted. */
    long deleteOlderThan(Connection c, Instant cutoff) throws SQLException {
        long deleted = 0;
        for (long rows = deleteChunk(c, cutoff); rows >= 0; rows = deleteChunk(c, cutoff)) {
            deleted += rows;
        }
        return deleted;
    }

    /**
     * Deletes one chunk (one short transaction) of this endpoint's rows older than {@code cutoff}:
     * of the first table, in the order below, that still has such rows. The store's writer calls it
     * once a round, so that a backlog of old rows never holds its thread for long.
     *
     * @return the rows deleted, or {@code -1} when none were left (the run is over)
     */
    long deleteChunk(Connection c, Instant cutoff) throws SQLException {
        String[][] tables = {
            {"SELECT id FROM mcp_request WHERE endpoint = ? AND ts < ? ORDER BY ts", "DELETE FROM mcp_request WHERE id = ?"},
            {"SELECT id FROM mcp_session WHERE endpoint = ? AND COALESCE(ended_at, last_seen, started_at) < ?",
                "DELETE FROM mcp_session WHERE id = ?"},
            {"SELECT id FROM mcp_schema_change WHERE endpoint = ? AND detected_at < ?",
                "DELETE FROM mcp_schema_change WHERE id = ?"},
            {"SELECT id FROM mcp_schema_seen WHERE endpoint = ? AND last_seen < ?",
                "DELETE FROM mcp_schema_seen WHERE id = ?"},
            {"SELECT id FROM mcp_quarantine WHERE endpoint = ? AND ts < ?", "DELETE FROM mcp_quarantine WHERE id = ?"},
            {"SELECT id FROM mcp_approval WHERE endpoint = ? AND ts < ?", "DELETE FROM mcp_approval WHERE id = ?"}};
        for (String[] table : tables) {
            Chunk done = oneChunk(c, utc -> deleteIds(c, table[0], table[1], cutoff, utc));
            if (done.keys() > 0) {
                return done.rows();
            }
        }
        return deleteOldVersionsChunk(c, cutoff);
    }

    /** A list of an endpoint, its newest version number and its current one (0: none). */
    private record CatalogueList(String endpoint, String listMethod, int newest, int current) {
    }

    /** One chunk of old catalogue versions of the first list that has some; -1 when none has. */
    private long deleteOldVersionsChunk(Connection c, Instant cutoff) throws SQLException {
        for (CatalogueList list : catalogueLists(c)) {
            int highest = list.newest() - keepVersions; // versions are numbered 1, 2, ... without gaps at the top
            if (highest >= 1) {
                Chunk done = deleteVersionsChunk(c, list, highest, cutoff);
                if (done.keys() > 0) {
                    return done.rows();
                }
            }
        }
        return -1;
    }

    private List<CatalogueList> catalogueLists(Connection c) throws SQLException {
        List<CatalogueList> lists = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT v.endpoint, v.list_method, MAX(v.version_no), "
                + "MAX(COALESCE(st.current_version, 0)) FROM mcp_schema_version v LEFT JOIN mcp_schema_state st "
                + "ON st.endpoint = v.endpoint AND st.list_method = v.list_method WHERE v.endpoint = ? "
                + "GROUP BY v.endpoint, v.list_method")) {
            s.setString(1, endpoint);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lists.add(new CatalogueList(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return lists;
    }

    /** Deletes the versions of one list up to {@code highest} older than the cut-off, with their changes and sightings. */
    private Chunk deleteVersionsChunk(Connection c, CatalogueList list, int highest, Instant cutoff)
            throws SQLException {
        return oneChunk(c, utc -> {
            List<Integer> versions = new ArrayList<>(chunk);
            try (PreparedStatement s = c.prepareStatement("SELECT v.version_no FROM mcp_schema_version "
                    + "v WHERE v.endpoint = ? AND v.list_method = ? AND v.version_no <= ? AND v.first_seen < ? "
                    + "AND v.version_no <> ? AND NOT EXISTS (SELECT 1 FROM mcp_schema_seen s "
                    + "WHERE s.endpoint = v.endpoint AND s.list_method = v.list_method "
                    + "AND s.version_no = v.version_no AND s.last_seen >= ?) ORDER BY v.version_no")) {
                s.setString(1, list.endpoint());
                s.setString(2, list.listMethod());
                s.setInt(3, highest);
                s.setTimestamp(4, Timestamp.from(cutoff), utc);
                s.setInt(5, list.current());
                s.setTimestamp(6, Timestamp.from(cutoff), utc);
                s.setMaxRows(chunk);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next() && versions.size() < chunk) {
                        versions.add(rs.getInt(1));
                    }
                }
            }
            long rows = 0;
            if (!versions.isEmpty()) {
                rows += deleteVersionRows(c, list, versions, "DELETE FROM mcp_schema_seen "
                        + "WHERE endpoint = ? AND list_method = ? AND version_no = ?");
                rows += deleteVersionRows(c, list, versions, "DELETE FROM mcp_schema_change "
                        + "WHERE endpoint = ? AND list_method = ? AND to_version = ?");
                rows += deleteVersionRows(c, list, versions, "DELETE FROM mcp_schema_version "
                        + "WHERE endpoint = ? AND list_method = ? AND version_no = ?");
            }
            return new Chunk(versions.size(), rows);
        });
    }

    private static long deleteVersionRows(Connection c, CatalogueList list, List<Integer> versions, String delete)
            throws SQLException {
        try (PreparedStatement d = c.prepareStatement(delete)) {
            for (int version : versions) {
                d.setString(1, list.endpoint());
                d.setString(2, list.listMethod());
                d.setInt(3, version);
                d.addBatch();
            }
            long rows = 0;
            for (int count : d.executeBatch()) {
                rows += Math.max(count, 0); // SUCCESS_NO_INFO counts as nothing
            }
            return rows;
        }
    }

    private Chunk deleteIds(Connection c, String select, String delete, Instant cutoff, Calendar utc)
            throws SQLException {
        List<String> ids = new ArrayList<>(chunk);
        try (PreparedStatement s = c.prepareStatement(select)) {
            s.setString(1, endpoint);
            s.setTimestamp(2, Timestamp.from(cutoff), utc);
            s.setMaxRows(chunk);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next() && ids.size() < chunk) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (!ids.isEmpty()) {
            try (PreparedStatement d = c.prepareStatement(delete)) {
                for (String id : ids) {
                    d.setString(1, id);
                    d.addBatch();
                }
                d.executeBatch();
            }
        }
        return new Chunk(ids.size(), ids.size());
    }

    /** What one chunk found (keys selected, at most {@code chunk}) and deleted (rows). */
    private record Chunk(int keys, long rows) {
    }

    /** One chunk of a delete, in the transaction {@link #inChunks} commits. */
    @FunctionalInterface
    private interface ChunkDelete {
        Chunk next(Calendar utc) throws SQLException;
    }

    /** Runs one chunk of a delete in a transaction of its own; rolls it back on failure. */
    private Chunk oneChunk(Connection c, ChunkDelete delete) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Chunk done = delete.next(new GregorianCalendar(TimeZone.getTimeZone("UTC")));
            c.commit();
            return done;
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
    }
}

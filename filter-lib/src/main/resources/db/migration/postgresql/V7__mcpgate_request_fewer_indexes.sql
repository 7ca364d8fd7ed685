-- PostgreSQL 12+.
-- mcp_request: fewer indexes, because every index costs the writer one B-tree insert per row (issue 16).
-- Every query over mcp_request reads a time window ([from, to) of ts; retention and the hourly rollups
-- also name the endpoint): the ts index is the access path, and the other conditions are filters on the
-- window's rows. Kept: the primary key (time-ordered ids: rows arrive in key order), ts, and
-- (session_id, ts) for one session's exchanges. Dropped: (target, ts) and (outcome, ts), which only a
-- query filtered to one tool or one outcome could use. (violation, ts) becomes a partial index of the
-- rows with a violation: the rows without one (nearly all) no longer enter it.
-- Keep in step with ../derby/V7__mcpgate_request_fewer_indexes.sql.

DROP INDEX mcp_request_target_ts_ix;
DROP INDEX mcp_request_outcome_ts_ix;
DROP INDEX mcp_request_violation_ts_ix;
CREATE INDEX mcp_request_violation_ts_ix ON mcp_request (violation, ts) WHERE violation IS NOT NULL;

-- Apache Derby 10.16.
-- mcp_request: fewer indexes, because every index costs the writer one B-tree insert per row (issue 16).
-- Every query over mcp_request reads a time window ([from, to) of ts; retention and the hourly rollups
-- also name the endpoint): the ts index is the access path, and the other conditions are filters on the
-- window's rows. Kept: the primary key (time-ordered ids: rows arrive in key order), ts, and
-- (session_id, ts) for one session's exchanges. Dropped: (target, ts) and (outcome, ts), which only a
-- query filtered to one tool or one outcome could use, and (violation, ts), which the weekly "what would
-- enforcement refuse" count (a window aggregate, as the tool statistics are) does not need; PostgreSQL
-- keeps the last one as a partial index of the rows with a violation, which costs nothing for the others
-- (Derby has no partial indexes).
-- Keep in step with ../postgresql/V7__mcpgate_request_fewer_indexes.sql.

DROP INDEX mcp_request_target_ts_ix;
DROP INDEX mcp_request_outcome_ts_ix;
DROP INDEX mcp_request_violation_ts_ix;

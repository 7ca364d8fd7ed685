-- PostgreSQL 12+.
-- mcp_request: drop the (http_status, ts) index. No query reads by HTTP status (errors are found by
-- outcome), and every index costs the writer an index insert per row.
-- Keep in step with ../derby/V3__mcpgate_request_indexes.sql.

DROP INDEX mcp_request_status_ts_ix;

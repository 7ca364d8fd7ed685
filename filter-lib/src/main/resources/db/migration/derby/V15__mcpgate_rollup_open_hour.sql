-- Apache Derby 10.16.
-- The open hour rolled up as it goes (issue 15): the store's writer rolls up, every minute, the part of the
-- open hour that has settled (up to two minutes ago) into the same rollup tables, adding the minutes since
-- its last round to what it rolled up before. Those rows of mcp_rollup_hour carry the end of the part they
-- cover in covered_until; the rows of a whole hour have none. The hour's own rollup, once it is closed,
-- replaces them. So a long window reads, of the open hour, the raw rows of its last minutes only.
-- Keep in step with ../postgresql/V15__mcpgate_rollup_open_hour.sql.

ALTER TABLE mcp_rollup_hour ADD COLUMN covered_until TIMESTAMP;

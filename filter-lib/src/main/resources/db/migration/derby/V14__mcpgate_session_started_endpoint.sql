-- Apache Derby 10.16.
-- mcp_session: V13's index by (endpoint, started_at) replaced by one by (started_at, endpoint). On PostgreSQL the
-- planner took V13's index for the writer's statements that find a session by (endpoint, session_id) (its
-- UPDATEs of starts, counters and ends, and the lookups of existing sessions) whenever the table had not been
-- analysed yet: a walk of all the endpoint's sessions with session_id as a filter, per statement, instead of a
-- lookup in the key mcp_session_uk; the writer ran at half its rate (WriterBench: 22,072 rows/s through COPY
-- from 531860b, 46,672 before). An index that begins with started_at gives no range for endpoint = ? alone, so the
-- key is the writer's only plan, and the hour reads of sessions (the partial hours of a long window, the hours
-- /mcpgate/api/sessions pages through, the rollup of an hour) still read a range of it, endpoint tested in the
-- index (on Derby with index statistics and without; PostgresStoreIT and DerbyStoreIT assert both plans). The
-- change is made on both databases so that their schemas stay alike.
-- Keep in step with ../postgresql/V14__mcpgate_session_started_endpoint.sql.

DROP INDEX mcp_session_endpoint_started_ix;
CREATE INDEX mcp_session_started_endpoint_ix ON mcp_session (started_at, endpoint);

-- Apache Derby 10.16.
-- mcp_rollup_hour: per endpoint, UTC hour, MCP method and target (tool name, resource URI, prompt name; NULL
-- for none), the exchanges of the hour: calls, errors (outcomes other than ok and tool_error), tool errors,
-- and their latencies as a log-bucket histogram ("first:count,count,..." — dev.mcpgate.store.LatencyHistogram),
-- so that percentiles over any run of hours are those of the merged buckets. Written by the store's rollup
-- step for closed hours (one transaction per hour: delete then insert); seq numbers the rows of an hour, so
-- that two nodes rolling up the same hour collide on the key instead of doubling it. Kept for
-- store-rollup-retention, apart from the raw rows' store-retention.
-- Keep in step with ../postgresql/V6__mcpgate_rollup_hour.sql.

CREATE TABLE mcp_rollup_hour (
    endpoint    VARCHAR(200)   NOT NULL,
    hour_start  TIMESTAMP      NOT NULL,
    seq         INTEGER        NOT NULL,
    mcp_method  VARCHAR(100),
    target      VARCHAR(500),
    calls       BIGINT         NOT NULL,
    errors      BIGINT         NOT NULL,
    tool_errors BIGINT         NOT NULL,
    histogram   VARCHAR(32000) NOT NULL,
    CONSTRAINT mcp_rollup_hour_pk PRIMARY KEY (endpoint, hour_start, seq)
);

-- Apache Derby 10.16.
-- Two more hourly rollups (issue 15), written by the store's rollup step in the same transaction as
-- mcp_rollup_hour, so that the dashboard's long windows read no raw rows:
-- mcp_rollup_client_hour: per endpoint, UTC hour, client platform and client name, the requests of the hour
--   (the client platform mix, /mcpgate/api/clients, over windows longer than a day);
-- mcp_rollup_slow_hour: per endpoint and UTC hour, the hour's slowest exchanges (at most
--   dev.mcpgate.store.HourlyRollup.SLOWEST_PER_HOUR), as /mcpgate/api/slowest shows them: the slowest of a
--   month are among the slowest of its hours.
-- seq numbers the rows of an hour, as in mcp_rollup_hour. Kept for store-rollup-retention.
-- The hours rolled up before this version that still have raw rows are rolled up again (all three tables) by
-- the store's writer after the upgrade, hour by hour: their mcp_rollup_hour rows are deleted here, so that the
-- rollups stand where the raw rows begin. Older hours keep their mcp_rollup_hour rows (their raw rows are gone).
-- Keep in step with ../postgresql/V12__mcpgate_rollup_clients_slowest.sql.

CREATE TABLE mcp_rollup_client_hour (
    endpoint        VARCHAR(200) NOT NULL,
    hour_start      TIMESTAMP    NOT NULL,
    seq             INTEGER      NOT NULL,
    client_platform VARCHAR(32)  NOT NULL,
    client_name     VARCHAR(255),
    requests        BIGINT       NOT NULL,
    CONSTRAINT mcp_rollup_client_hour_pk PRIMARY KEY (endpoint, hour_start, seq)
);

CREATE TABLE mcp_rollup_slow_hour (
    endpoint    VARCHAR(200) NOT NULL,
    hour_start  TIMESTAMP    NOT NULL,
    seq         INTEGER      NOT NULL,
    request_id  VARCHAR(36)  NOT NULL,
    ts          TIMESTAMP    NOT NULL,
    session_id  VARCHAR(200),
    mcp_method  VARCHAR(100),
    target      VARCHAR(500),
    outcome     VARCHAR(16)  NOT NULL,
    latency_us  BIGINT       NOT NULL,
    CONSTRAINT mcp_rollup_slow_hour_pk PRIMARY KEY (endpoint, hour_start, seq)
);

DELETE FROM mcp_rollup_hour WHERE hour_start >= (SELECT MIN(ts) FROM mcp_request);

-- Apache Derby 10.16.
-- mcp_rollup_session_hour (issue 15): per endpoint, UTC hour, client platform and end reason (NULL: none
-- stored), the sessions begun in the hour and how many of them are live (not ended), so that the dashboard's
-- long windows count sessions (/mcpgate/api/clients, /mcpgate/api/sessions/counts) without reading a month of
-- mcp_session. Written by the store's rollup step in the same transaction as mcp_rollup_hour; a session that
-- ends (or whose start or client is written) after its hour was rolled up has that hour's session rows rolled
-- up again at the writer's next round. seq numbers the rows of an hour, as in mcp_rollup_hour. Kept for
-- store-rollup-retention.
-- The hours rolled up before this version get their session rows here, from mcp_session (the sessions begun
-- before the end of each endpoint's last rolled-up hour), so that no hour is rolled up again; seq is then a
-- number unique in the table (Derby's ROW_NUMBER has no PARTITION BY), which the writer's own rows replace
-- when it rolls an hour again. The hour is cut from the timestamp's text ('yyyy-mm-dd hh'), not with
-- TIMESTAMPADD/TIMESTAMPDIFF: Derby does that arithmetic in the JVM's time zone, which put every hour_start of a
-- JVM in Asia/Kathmandu 15 minutes past the hour (the writer's re-roll would then not replace those rows) and a
-- session in a daylight-saving gap into the next hour.
-- mcp_session: an index by (endpoint, started_at), so that the sessions of one endpoint begun in an hour (the
-- partial hours of a long window, the hours /mcpgate/api/sessions pages through, the rollup of an hour) are read
-- by a range of it. Without it Derby read them through the (endpoint, session_id) key: every session of the
-- endpoint, 432,000 for a month at 600 an hour, per hour read.
-- Keep in step with ../postgresql/V13__mcpgate_rollup_session_hour.sql.

CREATE TABLE mcp_rollup_session_hour (
    endpoint        VARCHAR(200) NOT NULL,
    hour_start      TIMESTAMP    NOT NULL,
    seq             INTEGER      NOT NULL,
    client_platform VARCHAR(32)  NOT NULL,
    end_reason      VARCHAR(32),
    sessions        BIGINT       NOT NULL,
    live            BIGINT       NOT NULL,
    CONSTRAINT mcp_rollup_session_hour_pk PRIMARY KEY (endpoint, hour_start, seq)
);

INSERT INTO mcp_rollup_session_hour (endpoint, hour_start, seq, client_platform, end_reason, sessions, live)
SELECT endpoint, hour_start, CAST(ROW_NUMBER() OVER () AS INTEGER), client_platform, end_reason, sessions, live
FROM (SELECT endpoint, hour_start, client_platform, end_reason, COUNT(*) AS sessions, SUM(is_live) AS live
      FROM (SELECT s.endpoint,
                   TIMESTAMP(SUBSTR(CHAR(s.started_at), 1, 13) || ':00:00') AS hour_start,
                   s.client_platform, s.end_reason, CASE WHEN s.ended_at IS NULL THEN 1 ELSE 0 END AS is_live
            FROM mcp_session s
            JOIN (SELECT endpoint, MAX(hour_start) AS last_hour FROM mcp_rollup_hour GROUP BY endpoint) r
                ON r.endpoint = s.endpoint
            WHERE TIMESTAMP(SUBSTR(CHAR(s.started_at), 1, 13) || ':00:00') <= r.last_hour) x
      GROUP BY endpoint, hour_start, client_platform, end_reason) g;

CREATE INDEX mcp_session_endpoint_started_ix ON mcp_session (endpoint, started_at);

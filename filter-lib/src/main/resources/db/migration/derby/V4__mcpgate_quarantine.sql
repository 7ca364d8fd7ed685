-- Apache Derby 10.16.
-- mcp_quarantine: events the database refused for a data reason even after cleaning (the writer split
-- their batch until each was alone), set aside with the reason so that they never hold up the events
-- after them. mcp_store_health counts them.
-- Keep in step with ../postgresql/V4__mcpgate_quarantine.sql.

CREATE TABLE mcp_quarantine (
    id          VARCHAR(36)   NOT NULL,
    ts          TIMESTAMP     NOT NULL,
    endpoint    VARCHAR(200)  NOT NULL,
    event_kind  VARCHAR(32)   NOT NULL,
    event_ts    TIMESTAMP,
    sql_state   VARCHAR(5),
    reason      VARCHAR(1000) NOT NULL,
    event_json  VARCHAR(8000) NOT NULL,
    CONSTRAINT mcp_quarantine_pk PRIMARY KEY (id)
);
CREATE INDEX mcp_quarantine_ts_ix ON mcp_quarantine (ts);

ALTER TABLE mcp_store_health ADD COLUMN quarantined BIGINT DEFAULT 0 NOT NULL;

-- Apache Derby 10.16.
-- mcp_approval: one row per decided hold (the rules' hold action): approved or denied by an operator, or
-- timed out. The arguments are kept only as the SHA-256 of their canonical JSON (the binding approved).
-- id is the hold's id (the admin API's), so that a retried write never stores a decision twice.
-- Keep in step with ../postgresql/V9__mcpgate_approval.sql.

CREATE TABLE mcp_approval (
    id               VARCHAR(36)   NOT NULL,
    ts               TIMESTAMP     NOT NULL,
    endpoint         VARCHAR(200)  NOT NULL,
    held_at          TIMESTAMP     NOT NULL,
    rule_name        VARCHAR(200),
    rules_version    VARCHAR(100),
    mcp_method       VARCHAR(100),
    target           VARCHAR(500),
    caller           VARCHAR(255),
    session_id       VARCHAR(200),
    arguments_sha256 VARCHAR(64),
    decision         VARCHAR(16)   NOT NULL,
    decided_by       VARCHAR(255),
    reason           VARCHAR(1000),
    waiters          INTEGER       DEFAULT 1 NOT NULL,
    CONSTRAINT mcp_approval_pk PRIMARY KEY (id)
);
CREATE INDEX mcp_approval_ts_ix ON mcp_approval (endpoint, ts);

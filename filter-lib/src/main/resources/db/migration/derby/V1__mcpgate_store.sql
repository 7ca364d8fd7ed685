-- McpGate analytics store, Apache Derby 10.16. Timestamps are UTC wall-clock times.
-- Keep in step with ../postgresql/V1__mcpgate_store.sql (same tables, columns and indexes).

CREATE TABLE mcp_session (
    id               VARCHAR(36)  NOT NULL,
    endpoint         VARCHAR(200) NOT NULL,
    session_id       VARCHAR(200) NOT NULL,
    era              VARCHAR(16)  NOT NULL,
    protocol_version VARCHAR(32),
    client_name      VARCHAR(255),
    client_version   VARCHAR(100),
    client_platform  VARCHAR(32)  NOT NULL,
    principal        VARCHAR(255),
    started_at       TIMESTAMP    NOT NULL,
    last_seen        TIMESTAMP,
    ended_at         TIMESTAMP,
    end_reason       VARCHAR(32),
    request_count    BIGINT       DEFAULT 0 NOT NULL,
    error_count      BIGINT       DEFAULT 0 NOT NULL,
    CONSTRAINT mcp_session_pk PRIMARY KEY (id),
    CONSTRAINT mcp_session_uk UNIQUE (endpoint, session_id)
);
CREATE INDEX mcp_session_started_ix ON mcp_session (started_at);
CREATE INDEX mcp_session_platform_ix ON mcp_session (client_platform, started_at);

CREATE TABLE mcp_request (
    id               VARCHAR(36)  NOT NULL,
    ts               TIMESTAMP    NOT NULL,
    endpoint         VARCHAR(200) NOT NULL,
    session_id       VARCHAR(200),
    era              VARCHAR(16)  NOT NULL,
    protocol_version VARCHAR(32),
    http_method      VARCHAR(16)  NOT NULL,
    http_status      INTEGER      NOT NULL,
    mcp_method       VARCHAR(100),
    jsonrpc_id       VARCHAR(200),
    target           VARCHAR(500),
    outcome          VARCHAR(16)  NOT NULL,
    error_code       INTEGER,
    error_message    VARCHAR(512),
    latency_us       BIGINT       NOT NULL,
    bytes_in         BIGINT       NOT NULL,
    bytes_out        BIGINT       NOT NULL,
    client_name      VARCHAR(255),
    client_version   VARCHAR(100),
    client_platform  VARCHAR(32)  NOT NULL,
    principal        VARCHAR(255),
    sse              BOOLEAN      NOT NULL,
    messages_out     INTEGER      NOT NULL,
    CONSTRAINT mcp_request_pk PRIMARY KEY (id)
);
CREATE INDEX mcp_request_ts_ix ON mcp_request (ts);
CREATE INDEX mcp_request_target_ts_ix ON mcp_request (target, ts);
CREATE INDEX mcp_request_outcome_ts_ix ON mcp_request (outcome, ts);
CREATE INDEX mcp_request_status_ts_ix ON mcp_request (http_status, ts);
CREATE INDEX mcp_request_session_ix ON mcp_request (session_id, ts);

CREATE TABLE mcp_schema_version (
    id             VARCHAR(36)  NOT NULL,
    endpoint       VARCHAR(200) NOT NULL,
    list_method    VARCHAR(64)  NOT NULL,
    version_no     INTEGER      NOT NULL,
    content_hash   VARCHAR(128) NOT NULL,
    contract_hash  VARCHAR(128) NOT NULL,
    payload        CLOB         NOT NULL,
    first_seen     TIMESTAMP    NOT NULL,
    CONSTRAINT mcp_schema_version_pk PRIMARY KEY (id),
    CONSTRAINT mcp_schema_version_uk UNIQUE (endpoint, list_method, version_no)
);
CREATE INDEX mcp_schema_version_hash_ix ON mcp_schema_version (endpoint, list_method, content_hash);

CREATE TABLE mcp_schema_change (
    id             VARCHAR(36)  NOT NULL,
    endpoint       VARCHAR(200) NOT NULL,
    list_method    VARCHAR(64)  NOT NULL,
    from_version   INTEGER,
    to_version     INTEGER      NOT NULL,
    item_kind      VARCHAR(32)  NOT NULL,
    item_name      VARCHAR(500) NOT NULL,
    change_kind    VARCHAR(16)  NOT NULL,
    changed_fields VARCHAR(1000),
    detected_at    TIMESTAMP    NOT NULL,
    CONSTRAINT mcp_schema_change_pk PRIMARY KEY (id)
);
CREATE INDEX mcp_schema_change_version_ix ON mcp_schema_change (endpoint, list_method, to_version);
CREATE INDEX mcp_schema_change_time_ix ON mcp_schema_change (detected_at);

CREATE TABLE mcp_store_health (
    endpoint        VARCHAR(200)  NOT NULL,
    updated_at      TIMESTAMP     NOT NULL,
    rows_written    BIGINT        DEFAULT 0 NOT NULL,
    batches_written BIGINT        DEFAULT 0 NOT NULL,
    write_failures  BIGINT        DEFAULT 0 NOT NULL,
    events_dropped  BIGINT        DEFAULT 0 NOT NULL,
    events_pending  BIGINT        DEFAULT 0 NOT NULL,
    queue_dropped   BIGINT        DEFAULT 0 NOT NULL,
    last_error      VARCHAR(1000),
    last_error_at   TIMESTAMP,
    CONSTRAINT mcp_store_health_pk PRIMARY KEY (endpoint)
);

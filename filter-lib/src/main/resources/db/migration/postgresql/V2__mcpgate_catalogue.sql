-- PostgreSQL 12+.
-- McpGate catalogue history (tools, prompts, resources): what V1's mcp_schema_* tables lacked.
-- Keep in step with ../derby/V2__mcpgate_catalogue.sql (same tables, columns and indexes).

ALTER TABLE mcp_schema_version ADD COLUMN item_count INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE mcp_schema_change ADD COLUMN description_only BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE mcp_schema_change ADD COLUMN rename_hint VARCHAR(500);

-- who received which version: a session (legacy era) or a principal + client name (modern era)
CREATE TABLE mcp_schema_seen (
    id           VARCHAR(36)  NOT NULL,
    endpoint     VARCHAR(200) NOT NULL,
    list_method  VARCHAR(64)  NOT NULL,
    version_no   INTEGER      NOT NULL,
    receiver     VARCHAR(500) NOT NULL,
    session_id   VARCHAR(200),
    principal    VARCHAR(255),
    client_name  VARCHAR(255),
    first_seen   TIMESTAMP    NOT NULL,
    last_seen    TIMESTAMP    NOT NULL,
    CONSTRAINT mcp_schema_seen_pk PRIMARY KEY (id),
    CONSTRAINT mcp_schema_seen_uk UNIQUE (endpoint, list_method, version_no, receiver)
);
CREATE INDEX mcp_schema_seen_last_ix ON mcp_schema_seen (last_seen);
CREATE INDEX mcp_schema_seen_session_ix ON mcp_schema_seen (session_id);

-- where each list stands: the version of the latest answer, and whether a list_changed came since
CREATE TABLE mcp_schema_state (
    endpoint        VARCHAR(200) NOT NULL,
    list_method     VARCHAR(64)  NOT NULL,
    current_version INTEGER      NOT NULL,
    stale_since     TIMESTAMP,
    updated_at      TIMESTAMP    NOT NULL,
    CONSTRAINT mcp_schema_state_pk PRIMARY KEY (endpoint, list_method)
);

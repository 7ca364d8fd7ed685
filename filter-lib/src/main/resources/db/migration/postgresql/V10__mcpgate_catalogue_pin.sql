-- PostgreSQL 12+.
-- mcp_catalogue_pin: catalogue pinning's approvals (issue 13). One row per approval: an operator (decided_by,
-- the authenticated admin) approved version version_no of one list of an endpoint; the latest row of a list
-- (decided_at, then id) is in force. item_hashes is the approved items' hashes as a JSON object
-- {"<tool name>": "<SHA-256 hex of its canonical JSON>"}, so that a pin holds after the catalogue history's
-- retention deleted its version. Written with JDBC by dev.mcpgate.store.StoredPinStore on approval (the admin
-- API's thread), read at start; never touched on a request thread.
-- Keep in step with ../derby/V10__mcpgate_catalogue_pin.sql.

CREATE TABLE mcp_catalogue_pin (
    id           VARCHAR(36)  NOT NULL,
    endpoint     VARCHAR(200) NOT NULL,
    list_method  VARCHAR(64)  NOT NULL,
    version_no   INTEGER      NOT NULL,
    content_hash VARCHAR(64)  NOT NULL,
    item_hashes  TEXT         NOT NULL,
    decided_by   VARCHAR(255),
    decided_at   TIMESTAMP    NOT NULL,
    CONSTRAINT mcp_catalogue_pin_pk PRIMARY KEY (id)
);
CREATE INDEX mcp_catalogue_pin_list_ix ON mcp_catalogue_pin (endpoint, list_method, decided_at);

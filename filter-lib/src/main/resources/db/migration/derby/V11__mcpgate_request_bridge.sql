-- Apache Derby 10.16.
-- The era bridge (issue 14). mcp_request.upstream_era: the era of the server an exchange was translated
-- for ('legacy' or 'modern'; the row's era is the client's), NULL when the exchange was not bridged.
-- mcp_request.bridge_leg: the row is the bridge's own call to the server (the upstream leg of a bridged
-- exchange, or its era probe), so that a bridged call is counted once by filtering these out.
-- Not indexed (V7: every index costs the writer per row; bridged rows are read through the (ts) window).
-- Keep in step with ../postgresql/V11__mcpgate_request_bridge.sql.

ALTER TABLE mcp_request ADD COLUMN upstream_era VARCHAR(8);
ALTER TABLE mcp_request ADD COLUMN bridge_leg BOOLEAN NOT NULL DEFAULT FALSE;

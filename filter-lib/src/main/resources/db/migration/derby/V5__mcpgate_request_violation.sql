-- Apache Derby 10.16.
-- mcp_request.violation: what the guard found against the exchange (origin, host, protocol_version,
-- header_mismatch, ...). With outcome 'rejected' it is what refused the exchange; with any other
-- outcome it was only reported (guard level 'report'). Indexed with the time: "what would
-- enforcement have refused this week" is the query an operator runs before switching it on.
-- Keep in step with ../postgresql/V5__mcpgate_request_violation.sql.

ALTER TABLE mcp_request ADD COLUMN violation VARCHAR(32);
CREATE INDEX mcp_request_violation_ts_ix ON mcp_request (violation, ts);

-- Apache Derby 10.16.
-- mcp_request.rule_name: the rule (or interceptor) that blocked, mocked or changed the exchange
-- (outcomes 'blocked', 'mocked', 'modified'; also on an error answer whose result an interceptor
-- replaced). Indexed with the time: "what did rule X block this week" is the operator's query.
-- Keep in step with ../postgresql/V8__mcpgate_request_rule.sql.

ALTER TABLE mcp_request ADD COLUMN rule_name VARCHAR(200);
CREATE INDEX mcp_request_rule_ts_ix ON mcp_request (rule_name, ts);

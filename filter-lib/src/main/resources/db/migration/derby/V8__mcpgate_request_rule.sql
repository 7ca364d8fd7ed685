-- Apache Derby 10.16.
-- mcp_request.rule_name: the rule (or interceptor) that blocked, mocked or changed the exchange
-- (outcomes 'blocked', 'mocked', 'modified'; also on an error answer whose result an interceptor
-- replaced). Not indexed (V7: every index costs the writer per row; a rule's rows are read through
-- the (ts) window like every other filter).
-- Keep in step with ../postgresql/V8__mcpgate_request_rule.sql.

ALTER TABLE mcp_request ADD COLUMN rule_name VARCHAR(200);

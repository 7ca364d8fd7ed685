// McpGate dashboard: how the analytics API's values are shown. No DOM here, so that
// war/src/test/js/format.test.mjs can run it under Node (mvn verify -Pnode).
'use strict';

const text = value => value === null || value === undefined ? '' : String(value);
const micros = value => value === null || value === undefined ? '' : `${(value / 1000).toFixed(1)} ms`;
const percent = value => `${(100 * value).toFixed(1)} %`;
const time = value => value ? new Date(value).toLocaleTimeString() : '';
// a fingerprint (log-session-ids=fingerprint, 15 characters) whole; a full id (log-session-ids=full) cut short
const session = value => text(value).length > 16 ? `${text(value).slice(0, 12)}…` : text(value);
// an exchange without an MCP method (a GET stream, a DELETE ending the session, a POST that is no
// request) shows its HTTP method, so that no row of the requests table has an empty method
const method = row => row.mcpMethod
  ? row.mcpMethod
  : `${text(row.httpMethod)}${row.httpMethod === 'GET' && row.sse ? ' (stream)' : ''}`;

if (typeof module === 'object' && module.exports) {
  module.exports = { text, micros, percent, time, session, method };
}

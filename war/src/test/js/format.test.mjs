// The dashboard's formatting (war/src/main/webapp/mcpgate/format.js) under Node's test runner:
// node --test war/src/test/js/format.test.mjs (run by mvn verify -Pnode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { method, session, micros } = createRequire(import.meta.url)('../../main/webapp/mcpgate/format.js');

test('a request row shows its MCP method', () => {
  assert.equal(method({ httpMethod: 'POST', mcpMethod: 'tools/call', sse: true }), 'tools/call');
});

test('a GET stream and a DELETE without MCP method show their HTTP method', () => {
  assert.equal(method({ httpMethod: 'GET', mcpMethod: null, sse: true }), 'GET (stream)');
  assert.equal(method({ httpMethod: 'GET', mcpMethod: null, sse: false }), 'GET');
  assert.equal(method({ httpMethod: 'DELETE', mcpMethod: null, sse: false }), 'DELETE');
  assert.equal(method({ httpMethod: 'POST', sse: false }), 'POST');
});

test('a fingerprint is shown whole, a full session id cut short', () => {
  assert.equal(session('abcdefghijklmno'), 'abcdefghijklmno');
  assert.equal(session('0123456789abcdef0123'), '0123456789ab…');
});

test('latency in milliseconds, nothing for no value', () => {
  assert.equal(micros(1500), '1.5 ms');
  assert.equal(micros(null), '');
});

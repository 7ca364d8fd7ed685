// The dashboard's formatting (war/src/main/webapp/mcpgate/format.js) under Node's test runner:
// node --test war/src/test/js/format.test.mjs (run by mvn verify -Pnode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const {
  method, session, micros, durationMillis, parseState, stateHash, windowOf, trafficData, latencyData, totals,
  toolLatencyData, platformData, sessionData, changeClass, changeSummary,
} = createRequire(import.meta.url)('../../main/webapp/mcpgate/format.js');

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

test('the picker\'s durations in milliseconds, nonsense as NaN', () => {
  assert.equal(durationMillis('PT15M'), 15 * 60000);
  assert.equal(durationMillis('PT24H'), 24 * 3600000);
  assert.equal(durationMillis('P30D'), 30 * 86400000);
  assert.equal(durationMillis('P1DT12H'), 36 * 3600000);
  assert.ok(Number.isNaN(durationMillis('P')));
  assert.ok(Number.isNaN(durationMillis('PT')));
  assert.ok(Number.isNaN(durationMillis('1h')));
  assert.ok(Number.isNaN(durationMillis(undefined)));
});

test('the state survives the fragment, without unknown keys or empty values', () => {
  const state = { window: 'range', from: '2026-12-01T10:00:00.000Z', to: '2026-12-01T11:00:00.000Z', tool: 'a b&c',
    list: 'tools/list', outcome: '' };
  assert.deepEqual(parseState(stateHash(state)), { window: 'range', from: state.from, to: state.to, tool: 'a b&c',
    list: 'tools/list' });
  assert.deepEqual(parseState('#window=PT1H&evil=1'), { window: 'PT1H' });
  assert.deepEqual(parseState(''), {});
});

test('a preset window ends now; a picked range is itself; /tools gets the seconds back to its start', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  assert.deepEqual(windowOf({ window: 'PT1H' }, now), { since: '2026-12-01T11:00:00.000Z',
    until: '2026-12-01T12:00:00.000Z', tools: 'PT3600S', toolsToNow: false });
  assert.equal(windowOf({}, now).since, '2026-12-01T11:00:00.000Z', 'an hour by default');
  const range = windowOf({ window: 'range', from: '2026-12-01T08:00:00Z', to: '2026-12-01T09:00:00Z' }, now);
  assert.deepEqual(range, { since: '2026-12-01T08:00:00.000Z', until: '2026-12-01T09:00:00.000Z', tools: 'PT14400S',
    toolsToNow: true });
});

const POINTS = [
  { t: '2026-12-01T10:00:00Z', calls: 5, errors: 1, toolErrors: 2, p50Ms: 1.5, p95Ms: 9, p99Ms: 12 },
  { t: '2026-12-01T11:00:00Z', calls: 0, errors: 0, toolErrors: 0, p50Ms: null, p95Ms: null, p99Ms: null },
];

test('time series points become uPlot columns with x in seconds, and add up to the totals', () => {
  const x = [Date.UTC(2026, 11, 1, 10) / 1000, Date.UTC(2026, 11, 1, 11) / 1000];
  assert.deepEqual(trafficData(POINTS), [x, [5, 0], [1, 0], [2, 0]]);
  assert.deepEqual(latencyData(POINTS), [x, [1.5, null], [9, null], [12, null]]);
  assert.deepEqual(totals(POINTS), { calls: 5, errors: 1, toolErrors: 2 });
  assert.deepEqual(totals([]), { calls: 0, errors: 0, toolErrors: 0 });
});

test('tool latency bars in milliseconds, p99 first, a tool without latency as a gap', () => {
  const tools = [{ tool: 'echo', p50Micros: 1000, p95Micros: 2000, p99Micros: 4000 },
    { tool: 'none', p50Micros: null, p95Micros: null, p99Micros: null }];
  assert.deepEqual(toolLatencyData(tools), [[0, 1], [4, null], [2, null], [1, null]]);
});

test('platforms and sessions become labelled bars; live sessions first, ended ones by reason', () => {
  assert.deepEqual(platformData([{ platform: 'claude', requests: 7 }, { platform: null, requests: 2 }]),
    { labels: ['claude', 'other'], data: [[0, 1], [7, 2]] });
  const counts = [{ state: 'live', sessions: 1 }, { state: 'client_delete', sessions: 2 }, { state: 'expired', sessions: 1 }];
  assert.deepEqual(sessionData(counts), { labels: ['live', 'client_delete', 'expired'], data: [[0, 1, 2], [1, 2, 1]] });
  assert.deepEqual(sessionData([]), { labels: ['live'], data: [[0], [0]] });
});

test('a description-only change is marked apart from other modifications', () => {
  const descriptionOnly = { change: 'modified', changedFields: ['description'], descriptionOnly: true };
  const schema = { change: 'modified', changedFields: ['inputSchema', 'description'], descriptionOnly: false };
  assert.equal(changeClass(descriptionOnly), 'change description-only');
  assert.equal(changeClass(schema), 'change modified');
  assert.equal(changeClass({ change: 'added', changedFields: [] }), 'change added');
  assert.equal(changeSummary(descriptionOnly), 'description only: description');
  assert.equal(changeSummary(schema), 'modified: inputSchema, description');
  assert.equal(changeSummary({ change: 'removed', changedFields: [] }), 'removed');
});

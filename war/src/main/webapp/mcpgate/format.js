// McpGate dashboard: how the analytics API's values are shown, and the window and chart data
// derived from them. No DOM here, so that war/src/test/js/format.test.mjs can run it under Node
// (mvn verify -Pnode).
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

// ISO-8601 durations of the window picker (P30D, PT15M, P1DT12H): milliseconds, NaN when unreadable
const durationMillis = iso => {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text(iso));
  if (!match || iso === 'P' || iso.endsWith('T')) {
    return NaN;
  }
  const [, d, h, m, s] = match.map(value => Number(value || 0));
  return (((d * 24 + h) * 60 + m) * 60 + s) * 1000;
};

// The dashboard's state lives in the URL's fragment (#window=PT1H&tool=echo), so that a view can be
// linked to and the back button works. Unknown keys are dropped, empty values left out.
const STATE_KEYS = ['window', 'from', 'to', 'outcome', 'tool', 'list', 'item', 'version'];
const parseState = hash => {
  const params = new URLSearchParams(text(hash).replace(/^#/, ''));
  const state = {};
  STATE_KEYS.forEach(key => { if (params.get(key)) { state[key] = params.get(key); } });
  return state;
};
const stateHash = state => '#' + new URLSearchParams(STATE_KEYS.filter(key => state[key])
  .map(key => [key, state[key]])).toString();

// The window of the state as instants: a duration back from now (window=PT1H, the default), or from/to
// (ISO instants: a range picked in the form or dragged on a time chart). tools: /tools takes a duration
// back from now only, so a range that ends before now shows its tools up to now (toolsToNow).
const windowOf = (state, now) => {
  const to = state.window === 'range' && state.to ? new Date(state.to) : new Date(now);
  const from = state.window === 'range' && state.from ? new Date(state.from)
    : new Date(to.getTime() - (durationMillis(state.window) || 3600000));
  const toolsSeconds = Math.max(1, Math.ceil((now - from.getTime()) / 1000));
  return {
    since: from.toISOString(),
    until: to.toISOString(),
    tools: `PT${toolsSeconds}S`,
    toolsToNow: now - to.getTime() > 60000,
  };
};

// /timeseries points as uPlot data: x in seconds, then calls, errors, tool errors; and the latency lines
const trafficData = points => [
  points.map(p => Date.parse(p.t) / 1000),
  points.map(p => p.calls),
  points.map(p => p.errors),
  points.map(p => p.toolErrors),
];
const latencyData = points => [
  points.map(p => Date.parse(p.t) / 1000),
  points.map(p => p.p50Ms ?? null),
  points.map(p => p.p95Ms ?? null),
  points.map(p => p.p99Ms ?? null),
];
const totals = points => points.reduce((sum, p) => ({
  calls: sum.calls + p.calls,
  errors: sum.errors + p.errors,
  toolErrors: sum.toolErrors + p.toolErrors,
}), { calls: 0, errors: 0, toolErrors: 0 });

// /tools rows as bars per tool (x = the tool's index), in milliseconds; p99 first so that the shorter
// bars are drawn over the longer ones
const toolLatencyData = tools => [
  tools.map((_, i) => i),
  tools.map(t => t.p99Micros === null ? null : t.p99Micros / 1000),
  tools.map(t => t.p95Micros === null ? null : t.p95Micros / 1000),
  tools.map(t => t.p50Micros === null ? null : t.p50Micros / 1000),
];

// /clients rows as bars: requests per client platform (an unknown platform is "other")
const platformData = platforms => ({
  labels: platforms.map(p => p.platform || 'other'),
  data: [platforms.map((_, i) => i), platforms.map(p => p.requests)],
});

// sessions begun in the window by state (/sessions/counts: live first, then one bar per end reason)
const sessionData = counts => {
  const shown = counts.length ? counts : [{ state: 'live', sessions: 0 }];
  return { labels: shown.map(c => c.state), data: [shown.map((_, i) => i), shown.map(c => c.sessions)] };
};

// a catalogue change: what kind (added, removed, modified) and whether only a description changed,
// which clients rarely need to react to and which is the change most often made by mistake
const changeClass = change => change.descriptionOnly ? 'change description-only' : `change ${text(change.change)}`;
const changeSummary = change => {
  const fields = (change.changedFields || []).join(', ');
  const kind = change.descriptionOnly ? 'description only' : text(change.change);
  return fields ? `${kind}: ${fields}` : kind;
};

if (typeof module === 'object' && module.exports) {
  module.exports = {
    text, micros, percent, time, session, method, durationMillis, parseState, stateHash, windowOf,
    trafficData, latencyData, totals, toolLatencyData, platformData, sessionData, changeClass, changeSummary,
  };
}

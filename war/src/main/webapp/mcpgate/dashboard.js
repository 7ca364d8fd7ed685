// McpGate dashboard: renders the analytics API (same origin, the browser's Basic login) with uPlot
// charts. The view's state (window, filters, catalogue list and item) is the URL's fragment.
'use strict';

// text, micros, percent, time, session, method, parseState, stateHash, windowOf, *Data, totals,
// changeClass, changeSummary: format.js, loaded before this script; uPlot: the webjar's IIFE build

const api = (call, params) => {
  const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v !== undefined && v !== ''));
  return fetch(`api/${call}?${query}`, { headers: { Accept: 'application/json' } }).then(async response => {
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(`${call}: ${response.status} ${body.message || ''}`);
    }
    return body;
  });
};

const $ = id => document.getElementById(id);
// outcomes that are no error (Outcome.isSuccess in the filter): an interceptor's mock or change answered the client
const SUCCESS = ['ok', 'modified', 'mocked'];
let state = parseState(location.hash);

function link(label, changes, target) {
  const a = document.createElement('a');
  a.textContent = label;
  a.href = stateHash({ ...state, ...changes });
  if (target) {
    a.dataset.target = target;
  }
  return a;
}

// a cell's render returns text, or a DOM node (a link)
function table(id, columns, rows, rowClass) {
  const element = $(id);
  element.replaceChildren();
  const head = element.insertRow();
  columns.forEach(([title]) => {
    const th = document.createElement('th');
    th.textContent = title;
    head.appendChild(th);
  });
  if (rows.length === 0) {
    element.insertRow().insertCell().textContent = 'nothing in this window';
  }
  rows.forEach(row => {
    const tr = element.insertRow();
    if (rowClass) {
      tr.className = rowClass(row);
    }
    columns.forEach(([title, render, className]) => {
      const cell = tr.insertCell();
      const value = render(row);
      if (value instanceof Node) {
        cell.appendChild(value);
      } else {
        cell.textContent = text(value);
      }
      cell.dataset.column = title;
      if (className) {
        cell.className = typeof className === 'function' ? className(row) : className;
      }
    });
  });
}

// ---- charts ----------------------------------------------------------------------------------

const COLORS = { calls: '#2f6fb0', errors: '#b3261e', toolErrors: '#c77c02', p50: '#1e7b34', p95: '#c77c02',
  p99: '#b3261e', bar: '#2f6fb0' };
const charts = {};

function chartWidth(id) {
  return Math.max(280, $(id).clientWidth || 480);
}

// (re)draws a chart: new when its options' shape (key) changed, else new data only
function draw(id, key, options, data) {
  const existing = charts[id];
  if (existing && existing.key === key) {
    existing.plot.setData(data);
    return;
  }
  if (existing) {
    existing.plot.destroy();
  }
  const plot = new uPlot({ width: chartWidth(id), height: 220, ...options }, data, $(id));
  charts[id] = { key, plot };
}

function timeChart(id, series, data, selectable) {
  draw(id, 'time', {
    // points shown and gaps spanned: a window with a single busy step still draws something
    series: [{}, ...series.map(([label, stroke]) => ({ label, stroke, width: 2, spanGaps: true,
      points: { show: true, size: 5, fill: stroke } }))],
    scales: { x: { time: true } },
    cursor: { drag: { x: selectable, y: false } },
    hooks: selectable ? { setSelect: [pickRange] } : {},
  }, data);
}

function barChart(id, axis, labels, series, data) {
  const bars = uPlot.paths.bars({ size: [0.6, 64] });
  draw(id, labels.join('\u0000') + '|' + series.length, {
    series: [{ label: axis, value: (u, i) => labels[i] ?? '' },
      ...series.map(([label, fill]) => ({ label, fill, stroke: fill, paths: bars, points: { show: false } }))],
    scales: { x: { time: false, range: () => [-0.5, Math.max(0.5, labels.length - 0.5)] }, y: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ splits: () => labels.map((_, i) => i), values: (u, splits) => splits.map(i => labels[i] ?? '') }, {}],
    cursor: { drag: { x: false, y: false } },
  }, data);
}

// a stretch dragged on the requests chart becomes the window
function pickRange(u) {
  if (u.select.width < 5) {
    return;
  }
  const from = new Date(u.posToVal(u.select.left, 'x') * 1000).toISOString();
  const to = new Date(u.posToVal(u.select.left + u.select.width, 'x') * 1000).toISOString();
  u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
  location.hash = stateHash({ ...state, window: 'range', from, to });
}

// ---- sections --------------------------------------------------------------------------------

function renderHealth(health) {
  const rows = Object.entries(health).map(([name, h]) => ({ name, status: h.status, reason: h.reason, ...h.health }));
  $('live-sessions').textContent = rows.reduce((n, r) => n + r.sessionsTracked, 0);
  $('rows-written').textContent = rows.reduce((n, r) => n + (r.store ? r.store.rowsWritten : 0), 0);
  const dropped = r => r.eventsDropped + r.sinkEventsDropped + (r.store ? r.store.eventsDropped : 0);
  $('drops').textContent = rows.reduce((n, r) => n + dropped(r), 0);
  $('drops').className = rows.some(r => dropped(r) > 0) ? 'figure bad' : 'figure';
  table('health', [
    ['endpoint', r => r.name],
    ['status', r => r.reason ? `${r.status} (${r.reason})` : r.status, r => r.status === 'ok' ? 'ok' : 'bad'],
    ['queue', r => `${r.queueDepth} / ${r.queueCapacity}`, 'num'],
    ['dropped', dropped, r => dropped(r) > 0 ? 'num bad' : 'num'],
    ['rows written', r => r.store ? r.store.rowsWritten : 'store off', 'num'],
    ['held', r => r.store ? r.store.eventsPending : '', 'num'],
    ['quarantined', r => r.store ? r.store.quarantined : '', 'num'],
    ['write failures', r => r.store ? r.store.writeFailures : '', r => r.store && r.store.writeFailures ? 'num bad' : 'num'],
    ['database', r => r.store ? (r.store.reachable ? 'reachable' : 'unreachable') : '',
      r => r.store && !r.store.reachable ? 'bad' : 'ok'],
    ['last error', r => r.store ? text(r.store.lastError) : ''],
  ], rows);
}

function renderTimeseries(series) {
  const points = series.points || [];
  const sum = totals(points);
  $('total-calls').textContent = sum.calls;
  $('total-errors').textContent = sum.errors;
  $('total-tool-errors').textContent = sum.toolErrors;
  $('step').textContent = series.step ? `(per ${series.step.replace(/^PT?/, '').toLowerCase()})` : '';
  timeChart('chart-traffic', [['calls', COLORS.calls], ['errors', COLORS.errors], ['tool errors', COLORS.toolErrors]],
    trafficData(points), true);
  timeChart('chart-latency', [['p50', COLORS.p50], ['p95', COLORS.p95], ['p99', COLORS.p99]], latencyData(points), false);
}

function renderTools(page, span) {
  const tools = page.items;
  $('tools-note').textContent = span.toolsToNow ? '(from the window\'s start to now)' : '';
  barChart('chart-tools', 'tool', tools.map(t => t.tool), [['p99', COLORS.p99], ['p95', COLORS.p95], ['p50', COLORS.p50]],
    toolLatencyData(tools));
  table('tools', [
    ['tool', r => r.tool],
    ['calls', r => r.calls, 'num'],
    ['errors', r => percent(r.errorRate), r => r.errors > 0 ? 'num bad' : 'num'],
    ['tool errors', r => percent(r.toolErrorRate), r => r.toolErrors > 0 ? 'num bad' : 'num'],
    ['p50', r => micros(r.p50Micros), 'num'],
    ['p95', r => micros(r.p95Micros), 'num'],
    ['p99', r => micros(r.p99Micros), 'num'],
    ['', r => link('calls', { tool: r.tool, outcome: '' }, 'requests-section')],
    ['', r => link('versions', { list: 'tools/list', item: r.tool, version: '' }, 'catalogue')],
  ], tools);
}

function renderPlatforms(page) {
  const { labels, data } = platformData(page.items);
  barChart('chart-platforms', 'platform', labels, [['requests', COLORS.bar]], data);
  table('platforms', [
    ['platform', r => r.platform || 'other'],
    ['requests', r => r.requests, 'num'],
    ['sessions', r => r.sessions, 'num'],
    ['clients', r => r.clientNames, 'num'],
  ], page.items);
}

// the chart counts every session of the window (/sessions/counts); the table lists the latest SESSION_ROWS
const SESSION_ROWS = 50;

function renderSessionCounts(page) {
  const { labels, data } = sessionData(page.items);
  barChart('chart-sessions', 'state', labels, [['sessions', COLORS.bar]], data);
  const total = page.items.reduce((n, c) => n + c.sessions, 0);
  $('sessions-note').textContent = total > SESSION_ROWS ? `(the latest ${SESSION_ROWS} of ${total})` : '';
}

function renderSessions(page) {
  table('sessions', [
    ['started', r => time(r.started)],
    ['client', r => `${text(r.clientName)} ${text(r.clientVersion)}`],
    ['platform', r => text(r.clientPlatform)],
    ['protocol', r => text(r.protocolVersion)],
    ['requests', r => r.requests, 'num'],
    ['errors', r => r.errors, r => r.errors > 0 ? 'num bad' : 'num'],
    ['ended', r => r.ended ? `${time(r.ended)} (${r.endReason})` : 'open'],
    ['session', r => session(r.sessionId)],
  ], page.items);
}

/** The client's era; with the era bridge, "modern → legacy" (translated) or "legacy (bridge leg)" (its own call). */
function bridgeEra(r) {
  if (r.upstreamEra) {
    return `${r.era} → ${r.upstreamEra}`;
  }
  return r.bridgeLeg ? `${r.era} (bridge leg)` : text(r.era);
}

function renderRequests(page) {
  const filter = $('tool-filter');
  filter.replaceChildren();
  if (state.tool) {
    filter.append(`tool ${state.tool} `, link('✕ all tools', { tool: '' }));
  }
  table('requests', [
    ['time', r => time(r.timestamp)],
    ['method', r => method(r)],
    ['target', r => text(r.target)],
    ['outcome', r => r.outcome, r => SUCCESS.includes(r.outcome) ? 'ok' : 'bad'],
    ['rule', r => text(r.rule)],
    ['era', r => bridgeEra(r)],
    ['status', r => r.httpStatus, 'num'],
    ['latency', r => micros(r.latencyMicros), 'num'],
    ['client', r => `${text(r.clientName)} ${text(r.clientVersion)}`],
    ['session', r => session(r.sessionId)],
    ['error', r => text(r.errorMessage)],
  ], page.items);
}

// ---- catalogue: lists, versions of one list, the diff of one version (or where one item changed) --

let catalogueKey = null;

async function renderCatalogue() {
  const lists = await api('schema', { limit: 1 });
  const current = new Map(lists.map(l => [l.state.listMethod, l.state.currentVersion]));
  const key = JSON.stringify([state.list, state.item, state.version, [...current]]);
  if (key === catalogueKey) {
    return; // versions and diffs do not change while the current versions stay
  }
  $('catalogue-filter').replaceChildren();
  if (state.item) {
    $('catalogue-filter').append(`item ${state.item} `, link('✕ all items', { item: '' }));
  }
  table('lists', [
    ['list', l => link(l.state.listMethod, { list: l.state.listMethod, version: '' })],
    ['version', l => l.state.currentVersion, 'num'],
    ['items', l => l.version ? l.version.itemCount : '', 'num'],
    ['since', l => l.version ? time(l.version.firstSeen) : ''],
    ['stale since', l => time(l.state.staleSince)],
  ], lists);
  await renderVersions(current);
  catalogueKey = key;
}

async function renderVersions(current) {
  if (!state.list) {
    $('versions-title').textContent = '';
    $('diff-title').textContent = '';
    $('versions').replaceChildren();
    $('diff').replaceChildren();
    return;
  }
  const versions = (await api('schema/versions', { list: state.list, limit: 20 })).items;
  const diffs = new Map();
  if (state.item) { // which versions changed the item: each version's diff from the one before
    await Promise.all(versions.map(v => api('schema/diff', { list: state.list, from: v.version - 1, to: v.version })
      .then(d => diffs.set(v.version, d.changes.find(c => c.name === state.item)))));
  }
  const shown = state.item ? versions.filter(v => diffs.get(v.version)) : versions;
  $('versions-title').textContent = `Versions of ${state.list}${state.item ? ` that changed ${state.item}` : ''}`;
  table('versions', [
    ['version', v => link(String(v.version), { version: String(v.version) })],
    ['items', v => v.itemCount, 'num'],
    ['first seen', v => time(v.firstSeen)],
    ['contract', v => text(v.contractHash).slice(0, 12)],
    ...(state.item ? [[state.item, v => changeSummary(diffs.get(v.version))]] : []),
  ], shown, v => state.item ? changeClass(diffs.get(v.version)) : '');
  const version = Number(state.version) || current.get(state.list);
  if (!version) {
    $('diff-title').textContent = '';
    $('diff').replaceChildren();
    return;
  }
  const diff = await api('schema/diff', { list: state.list, from: version - 1, to: version });
  $('diff-title').textContent = `Version ${version} against ${version - 1 || 'nothing'}`
    + (diff.truncated ? ` (first ${diff.changes.length} of ${diff.total})` : '');
  table('diff', [
    ['item', c => c.name],
    ['kind', c => c.itemKind],
    ['change', c => changeSummary(c)],
    ['rename of', c => text(c.renameHint)],
  ], diff.changes, c => changeClass(c) + (c.name === state.item ? ' picked' : ''));
}

// ---- approvals -------------------------------------------------------------------------------

// approve or deny a held call (the API names the logged-in user as the operator), then show the result
async function decide(id, decision, reason) {
  const response = await fetch(`api/approvals/${encodeURIComponent(id)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ decision, reason: reason || null }),
  });
  const body = await response.json().catch(() => ({}));
  $('approvals-note').textContent = response.ok ? `${decision === 'approve' ? 'approved' : 'denied'} ${id}`
    : `${response.status} ${body.message || body.status || ''}`;
  refresh();
}

function decisionButtons(hold) {
  const span = document.createElement('span');
  const reason = document.createElement('input');
  reason.placeholder = 'reason (optional)';
  reason.setAttribute('aria-label', `reason for ${hold.id}`);
  reason.addEventListener('click', event => event.stopPropagation());
  span.appendChild(reason);
  [['approve', 'approve'], ['deny', 'deny']].forEach(([label, decision]) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.dataset.decision = decision;
    button.dataset.hold = hold.id;
    button.addEventListener('click', () => decide(hold.id, decision, reason.value));
    span.appendChild(button);
  });
  return span;
}

let pendingKey = '';

function renderApprovals(answer) {
  // the pending table is redrawn only when the holds change, so that a reason being typed survives a refresh
  const key = answer.pending.map(p => `${p.id}:${p.waiters}`).join(',');
  if (key !== pendingKey || answer.pending.length === 0) {
    table('approvals-pending', [
      ['held', p => time(p.heldAt)],
      ['deadline', p => time(p.deadline)],
      ['rule', p => p.rule],
      ['caller', p => text(p.caller)],
      ['method', p => p.method],
      ['target', p => text(p.target)],
      // the approval covers the whole arguments (their digest), more than is shown when they were cut
      ['arguments', p => p.argumentsTruncated ? `⚠ cut: first ${p.arguments.length - 1} of ${p.argumentsLength} `
          + `characters shown, the approval covers them all — ${p.arguments}` : p.arguments,
        p => p.argumentsTruncated ? 'bad' : ''],
      ['calls', p => p.waiters, 'num'],
      ['decide', p => decisionButtons(p)],
    ], answer.pending);
    if (answer.pending.length === 0) {
      $('approvals-pending').rows[1].cells[0].textContent = 'no call is waiting for approval';
    }
    pendingKey = key;
  }
  $('approvals-section').dataset.pending = String(answer.pending.length);
  table('approvals-decided', [
    ['decided', d => time(d.decidedAt)],
    ['decision', d => d.decision, d => d.decision === 'approved' ? 'ok' : 'bad'],
    ['by', d => text(d.decidedBy)],
    ['reason', d => text(d.reason)],
    ['rule', d => text(d.rule)],
    ['caller', d => text(d.caller)],
    ['target', d => text(d.target)],
  ], answer.decisions.slice(0, 20));
}

// ---- refresh ---------------------------------------------------------------------------------

function showState() {
  const preset = [...$('window').options].some(o => o.value === state.window) ? state.window : 'PT1H';
  $('window').value = preset;
  $('range').hidden = preset !== 'range';
  $('outcome').value = state.outcome || '';
  const toLocal = iso => iso ? new Date(new Date(iso).getTime() - new Date().getTimezoneOffset() * 60000)
    .toISOString().slice(0, 16) : '';
  $('from').value = toLocal(state.from);
  $('to').value = toLocal(state.to);
}

let refreshing = null;
let again = false;

// one refresh at a time; one asked for meanwhile (a new window, a link) runs when it ends, and only a
// refresh that nothing newer waits for marks the page as updated (data-updated, and data-state: the
// fragment it showed; what tests wait for)
function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  const rendering = location.hash;
  const span = windowOf(state, Date.now());
  const main = document.querySelector('main');
  main.dataset.since = span.since;
  main.dataset.until = span.until;
  const status = $('status');
  const range = { since: span.since, until: span.until };
  refreshing = Promise.all([
    api('health').then(renderHealth),
    api('timeseries', { from: span.since, to: span.until }).then(renderTimeseries),
    api('tools', { window: span.tools }).then(page => renderTools(page, span)),
    api('clients', range).then(renderPlatforms),
    api('sessions/counts', range).then(renderSessionCounts),
    api('sessions', { ...range, limit: SESSION_ROWS }).then(renderSessions),
    api('slowest', { ...range, limit: 10 }).then(page => table('slowest', [
      ['time', r => time(r.timestamp)],
      ['method', r => r.mcpMethod || '(no MCP method)'],
      ['target', r => text(r.target)],
      ['outcome', r => r.outcome, r => SUCCESS.includes(r.outcome) ? 'ok' : 'bad'],
      ['latency', r => micros(r.latencyMicros), 'num'],
      ['session', r => session(r.sessionId)],
    ], page.items)),
    api('errors', { ...range, limit: 10 }).then(page => table('errors', [
      ['time', r => time(r.timestamp)],
      ['method', r => method(r)],
      ['target', r => text(r.target)],
      ['outcome', r => r.outcome, 'bad'],
      ['code', r => text(r.errorCode), 'num'],
      ['message', r => text(r.errorMessage)],
    ], page.items)),
    api('requests', { ...range, outcome: state.outcome, tool: state.tool, limit: 50 }).then(renderRequests),
    renderCatalogue(),
    api('approvals', { limit: 20 }).then(renderApprovals),
  ]).then(() => {
    status.textContent = `updated ${new Date().toLocaleTimeString()}`;
    status.className = '';
    if (!again) {
      main.dataset.updated = String(Date.now());
      main.dataset.state = rendering; // which view the page shows now
    }
  }).catch(error => {
    status.textContent = error.message;
    status.className = 'bad';
  }).finally(() => {
    refreshing = null;
    if (again) {
      again = false;
      refresh();
    }
  });
}

function setState(changes) {
  location.hash = stateHash({ ...state, ...changes });
}

window.addEventListener('hashchange', () => {
  state = parseState(location.hash);
  showState();
  refresh();
});
$('window').addEventListener('change', event => {
  if (event.target.value === 'range') {
    $('range').hidden = false;
    return;
  }
  setState({ window: event.target.value, from: '', to: '' });
});
$('picker').addEventListener('submit', event => {
  event.preventDefault();
  const from = $('from').value && new Date($('from').value);
  const to = $('to').value ? new Date($('to').value) : new Date();
  if (from && from < to) {
    setState({ window: 'range', from: from.toISOString(), to: to.toISOString() });
  }
});
$('outcome').addEventListener('change', event => setState({ outcome: event.target.value }));
document.addEventListener('click', event => {
  const target = event.target.closest('a[data-target]');
  if (target) { // the link sets the state (href) and shows the section it fills
    $(target.dataset.target).scrollIntoView();
  }
});
window.addEventListener('resize', () => Object.entries(charts)
  .forEach(([id, chart]) => chart.plot.setSize({ width: chartWidth(id), height: 220 })));
setInterval(() => $('auto').checked && refresh(), 5000);
showState();
refresh();

// McpGate dashboard: renders the analytics API (same origin, the browser's Basic login).
'use strict';

const api = (call, params) => {
  const query = new URLSearchParams(Object.entries(params || {}).filter(([, v]) => v));
  return fetch(`api/${call}?${query}`, { headers: { Accept: 'application/json' } }).then(async response => {
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(`${call}: ${response.status} ${body.message || ''}`);
    }
    return body;
  });
};

// text, micros, percent, time, session, method: format.js, loaded before this script

function table(id, columns, rows) {
  const element = document.getElementById(id);
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
    columns.forEach(([, render, className]) => {
      const cell = tr.insertCell();
      cell.textContent = render(row);
      if (className) {
        cell.className = typeof className === 'function' ? className(row) : className;
      }
    });
  });
}

function renderHealth(health) {
  const rows = Object.entries(health).map(([name, h]) => ({ name, status: h.status, reason: h.reason, ...h.health }));
  table('health', [
    ['endpoint', r => r.name],
    ['status', r => r.reason ? `${r.status} (${r.reason})` : r.status, r => r.status === 'ok' ? 'ok' : 'bad'],
    ['queue', r => `${r.queueDepth} / ${r.queueCapacity}`, 'num'],
    ['dropped', r => r.eventsDropped + r.sinkEventsDropped, 'num'],
    ['sessions', r => r.sessionsTracked, 'num'],
    ['rows written', r => r.store ? r.store.rowsWritten : 'store off', 'num'],
    ['held', r => r.store ? r.store.eventsPending : '', 'num'],
    ['quarantined', r => r.store ? r.store.quarantined : '', 'num'],
    ['database', r => r.store ? (r.store.reachable ? 'reachable' : 'unreachable') : '',
      r => r.store && !r.store.reachable ? 'bad' : 'ok'],
    ['last error', r => r.store ? text(r.store.lastError) : ''],
  ], rows);
}

function refresh() {
  const window = document.getElementById('window').value;
  const outcome = document.getElementById('outcome').value;
  const status = document.getElementById('status');
  Promise.all([
    api('health').then(renderHealth),
    api('tools', { window }).then(page => table('tools', [
      ['tool', r => r.tool],
      ['calls', r => r.calls, 'num'],
      ['errors', r => percent(r.errorRate), r => r.errors > 0 ? 'num bad' : 'num'],
      ['tool errors', r => percent(r.toolErrorRate), r => r.toolErrors > 0 ? 'num bad' : 'num'],
      ['p50', r => micros(r.p50Micros), 'num'],
      ['p95', r => micros(r.p95Micros), 'num'],
      ['p99', r => micros(r.p99Micros), 'num'],
    ], page.items)),
    api('requests', { since: window, outcome, limit: 50 }).then(page => table('requests', [
      ['time', r => time(r.timestamp)],
      ['method', r => method(r)],
      ['target', r => text(r.target)],
      ['outcome', r => r.outcome, r => r.outcome === 'ok' ? 'ok' : 'bad'],
      ['status', r => r.httpStatus, 'num'],
      ['latency', r => micros(r.latencyMicros), 'num'],
      ['client', r => `${text(r.clientName)} ${text(r.clientVersion)}`],
      ['session', r => session(r.sessionId)],
      ['error', r => text(r.errorMessage)],
    ], page.items)),
    api('sessions', { since: window, limit: 50 }).then(page => table('sessions', [
      ['started', r => time(r.started)],
      ['client', r => `${text(r.clientName)} ${text(r.clientVersion)}`],
      ['platform', r => text(r.clientPlatform)],
      ['protocol', r => text(r.protocolVersion)],
      ['requests', r => r.requests, 'num'],
      ['errors', r => r.errors, r => r.errors > 0 ? 'num bad' : 'num'],
      ['ended', r => r.ended ? `${time(r.ended)} (${r.endReason})` : 'open'],
      ['session', r => session(r.sessionId)],
    ], page.items)),
  ]).then(() => { status.textContent = `updated ${new Date().toLocaleTimeString()}`; status.className = ''; })
    .catch(error => { status.textContent = error.message; status.className = 'bad'; });
}

document.getElementById('window').addEventListener('change', refresh);
document.getElementById('outcome').addEventListener('change', refresh);
setInterval(() => document.getElementById('auto').checked && refresh(), 5000);
refresh();

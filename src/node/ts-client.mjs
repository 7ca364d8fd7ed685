#!/usr/bin/env node
// McpGate integration-test peer: a real TypeScript-SDK MCP client over Streamable HTTP.
//
//   node ts-client.mjs <url> [scenario] [options]
//
// scenario: a name, or a JSON object (first character '{').
//   full      (default) list, echo xN, progress, fail, boom
//   basic     list, echo xN
//   echo      echo xN
//   connect   initialize only (plus DELETE unless --no-terminate)
//   progress  progress
//   errors    fail, boom
//   JSON      {"steps":["list","echo","progress","fail","boom"], "calls":N, "concurrency":C,
//              "clients":K, "text":"...", "terminate":true, "timeoutMs":MS,
//              "headers":{"Name":"Value"}, "progressTool":"progress", "pauseMs":MS}
//
// options (override the scenario):
//   --calls N          echo calls per client (default 1)
//   --concurrency C    echo calls in flight at once per client (default 1)
//   --clients K        independent clients (sessions) run in parallel (default 1)
//   --text T           echo text (default "hello from ts")
//   --no-terminate     do not send DELETE (transport.terminateSession()) before closing
//   --timeout-ms MS    per-request timeout (default 30000)
//   --pause-ms MS      wait this long after the steps, before DELETE (session stays open)
//   --header Name:Value  extra HTTP header on every request (repeatable)
//
// Prints ONE JSON line on stdout and exits 0 when the steps ran; on any unexpected failure
// prints the error on stderr and exits 1 (2 for bad arguments). Tool-level outcomes that a
// test asserts on (echo text, isError, boom's error) are reported, not judged.

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

const CLIENT_INFO = { name: 'mcpgate-ts-it', version: '1.0.0' };

const NAMED = {
  full: ['list', 'echo', 'progress', 'fail', 'boom'],
  basic: ['list', 'echo'],
  echo: ['echo'],
  connect: [],
  progress: ['progress'],
  errors: ['fail', 'boom'],
};
const KNOWN_STEPS = new Set(['list', 'echo', 'progress', 'fail', 'boom']);

class UsageError extends Error {}

function parseArgs(argv) {
  if (argv.length < 1 || argv[0] === '--help' || argv[0] === '-h') {
    throw new UsageError('usage: node ts-client.mjs <url> [scenario-name|scenario-json] [--calls N] '
      + '[--concurrency C] [--clients K] [--text T] [--no-terminate] [--timeout-ms MS] '
      + '[--pause-ms MS] [--header Name:Value]...');
  }
  const cfg = {
    url: argv[0],
    scenario: 'full',
    steps: NAMED.full,
    calls: 1,
    concurrency: 1,
    clients: 1,
    text: 'hello from ts',
    terminate: true,
    timeoutMs: 30000,
    pauseMs: 0,
    headers: {},
    progressTool: 'progress',
  };
  try {
    new URL(cfg.url);
  } catch {
    throw new UsageError(`not a URL: ${cfg.url}`);
  }
  let i = 1;
  if (i < argv.length && !argv[i].startsWith('--')) {
    applyScenario(cfg, argv[i]);
    i++;
  }
  const intArg = (name, v, min) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`${name} needs an integer >= ${min}, got ${v}`);
    return n;
  };
  for (; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '--calls': cfg.calls = intArg(a, next(), 0); break;
      case '--concurrency': cfg.concurrency = intArg(a, next(), 1); break;
      case '--clients': cfg.clients = intArg(a, next(), 1); break;
      case '--text': cfg.text = next(); break;
      case '--no-terminate': cfg.terminate = false; break;
      case '--timeout-ms': cfg.timeoutMs = intArg(a, next(), 1); break;
      case '--pause-ms': cfg.pauseMs = intArg(a, next(), 0); break;
      case '--header': {
        const h = next();
        const colon = h.indexOf(':');
        if (colon <= 0) throw new UsageError(`--header needs Name:Value, got ${h}`);
        cfg.headers[h.slice(0, colon).trim()] = h.slice(colon + 1).trim();
        break;
      }
      default: throw new UsageError(`unknown argument: ${a}`);
    }
  }
  return cfg;
}

function applyScenario(cfg, arg) {
  if (arg.trimStart().startsWith('{')) {
    let s;
    try {
      s = JSON.parse(arg);
    } catch (e) {
      throw new UsageError(`scenario JSON does not parse: ${e.message}`);
    }
    cfg.scenario = s.name ?? 'custom';
    if (s.steps !== undefined) {
      if (!Array.isArray(s.steps)) throw new UsageError('scenario.steps must be an array');
      cfg.steps = s.steps;
    }
    for (const k of ['calls', 'concurrency', 'clients', 'text', 'terminate', 'timeoutMs', 'pauseMs',
      'progressTool']) {
      if (s[k] !== undefined) cfg[k] = s[k];
    }
    if (s.headers) Object.assign(cfg.headers, s.headers);
  } else {
    if (!(arg in NAMED)) {
      throw new UsageError(`unknown scenario ${arg}; known: ${Object.keys(NAMED).join(', ')} or a JSON object`);
    }
    cfg.scenario = arg;
    cfg.steps = NAMED[arg];
  }
  for (const st of cfg.steps) {
    if (!KNOWN_STEPS.has(st)) throw new UsageError(`unknown step ${st}; known: ${[...KNOWN_STEPS].join(', ')}`);
  }
}

function textOf(result) {
  const c = Array.isArray(result?.content) ? result.content.find((x) => x?.type === 'text') : undefined;
  return c ? c.text : null;
}

function describeError(e) {
  if (e instanceof McpError) {
    const prefix = `MCP error ${e.code}: `;
    const msg = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message;
    return { code: e.code, message: msg, data: e.data ?? null };
  }
  return { code: e?.code ?? null, message: String(e?.message ?? e), data: null };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function runOne(cfg, index) {
  const t0 = performance.now();
  const ms = () => Math.round((performance.now() - t0) * 10) / 10;
  const transportErrors = [];
  const requestInit = Object.keys(cfg.headers).length ? { headers: { ...cfg.headers } } : undefined;
  const transport = new StreamableHTTPClientTransport(new URL(cfg.url), { requestInit });
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  let closing = false;
  client.onerror = (e) => {
    // aborting the standalone GET stream on close() is normal, not an error worth reporting
    if (closing && e?.name === 'AbortError') return;
    transportErrors.push(String(e?.message ?? e));
  };
  const opts = { timeout: cfg.timeoutMs };

  const out = { client: index };
  await client.connect(transport);
  out.sessionId = transport.sessionId ?? null;
  out.protocolVersion = transport.protocolVersion ?? null;
  out.serverInfo = client.getServerVersion() ?? null;

  for (const step of cfg.steps) {
    switch (step) {
      case 'list': {
        const r = await client.listTools(undefined, opts);
        out.tools = r.tools.map((t) => t.name);
        break;
      }
      case 'echo': {
        let next = 0;
        let mismatches = 0;
        let first = null;
        const started = performance.now();
        const worker = async () => {
          while (next < cfg.calls) {
            const n = next++;
            const r = await client.callTool({ name: 'echo', arguments: { text: cfg.text } }, undefined, opts);
            const got = textOf(r);
            if (n === 0) first = got;
            if (got !== cfg.text || r.isError) mismatches++;
          }
        };
        await Promise.all(Array.from({ length: Math.min(cfg.concurrency, Math.max(cfg.calls, 1)) }, worker));
        out.echo = first;
        out.echoCalls = cfg.calls;
        out.echoMismatches = mismatches;
        out.echoMillis = Math.round(performance.now() - started);
        break;
      }
      case 'progress': {
        // The SDK puts _meta.progressToken (= the JSON-RPC id) on the request when onprogress is set.
        let seq = 0;
        const events = [];
        const r = await client.callTool({ name: cfg.progressTool, arguments: {} }, undefined, {
          ...opts,
          onprogress: (p) => events.push({ seq: seq++, atMs: ms(), progress: p.progress, total: p.total ?? null,
            message: p.message ?? null }),
        });
        const resultSeq = seq++;
        const resultAtMs = ms();
        // give late (stray) notifications a moment to show up as errors/events
        await sleep(50);
        out.progress = {
          events: events.length,
          allBeforeResult: events.every((e) => e.seq < resultSeq),
          lateEvents: events.filter((e) => e.seq > resultSeq).length,
          resultAtMs,
          eventAtMs: events.map((e) => e.atMs),
          values: events.map((e) => e.progress),
          isError: r.isError === true,
          text: textOf(r),
        };
        break;
      }
      case 'fail': {
        const r = await client.callTool({ name: 'fail', arguments: {} }, undefined, opts);
        out.fail = { isError: r.isError === true, text: textOf(r) };
        break;
      }
      case 'boom': {
        try {
          const r = await client.callTool({ name: 'boom', arguments: {} }, undefined, opts);
          out.boom = { threw: false, isError: r.isError === true, text: textOf(r), code: null, message: null };
        } catch (e) {
          if (!(e instanceof McpError) || e.code === -32001 /* RequestTimeout */) throw e;
          out.boom = { threw: true, isError: null, text: null, ...describeError(e) };
        }
        break;
      }
      default:
        throw new Error(`unknown step ${step}`);
    }
  }

  if (cfg.pauseMs > 0) await sleep(cfg.pauseMs);
  closing = true;
  if (cfg.terminate) {
    await transport.terminateSession();
    out.terminated = transport.sessionId === undefined;
  } else {
    out.terminated = false;
  }
  await client.close();
  out.transportErrors = transportErrors;
  out.elapsedMs = Math.round(ms());
  return out;
}

function write(stream, text) {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

async function main() {
  let cfg;
  try {
    cfg = parseArgs(process.argv.slice(2));
  } catch (e) {
    await write(process.stderr, `${e.message}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
  try {
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: cfg.clients }, (_, k) => runOne(cfg, k)));
    const line = {
      ok: true,
      url: cfg.url,
      scenario: cfg.scenario,
      steps: cfg.steps,
      ...results[0],
      clients: cfg.clients,
      sessionIds: results.map((r) => r.sessionId),
      echoCallsTotal: results.reduce((a, r) => a + (r.echoCalls ?? 0), 0),
      echoMismatchesTotal: results.reduce((a, r) => a + (r.echoMismatches ?? 0), 0),
      transportErrorsTotal: results.reduce((a, r) => a + r.transportErrors.length, 0),
      totalMs: Math.round(performance.now() - started),
    };
    delete line.client;
    await write(process.stdout, `${JSON.stringify(line)}\n`);
    return 0;
  } catch (e) {
    const detail = e instanceof McpError ? ` (code ${e.code})` : '';
    let causes = '';
    for (let c = e?.cause, depth = 0; c && depth < 5; c = c.cause, depth++) {
      causes += `\n  caused by: ${c?.stack ?? c}`;
    }
    await write(process.stderr, `ts-client failed${detail}: ${e?.stack ?? e}${causes}\n`);
    return 1;
  }
}

process.exit(await main());

#!/usr/bin/env node
// McpGate integration-test peer: a real TypeScript-SDK MCP server over Streamable HTTP, the
// upstream of the gateway WAR in its Node tests.
//
//   node ts-server.mjs [port]      (0 or none: a free port)
//
// Serves /mcp (stateful: one transport per Mcp-Session-Id, DELETE ends it) with the tools
//   echo      {text}            returns the text
//   progress  {steps, intervalMs} sends `steps` progress notifications intervalMs apart (SSE), then 'done'
//   fail      {}                returns a tool error (isError: true)
// Prints "LISTENING <port>" on stdout once it accepts connections; stops on SIGTERM/SIGINT.

import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

function newServer() {
  const server = new McpServer({ name: 'mcpgate-ts-upstream', version: '1.0.0' });
  server.registerTool('echo', { description: 'Returns the text you send.', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }));
  server.registerTool('progress', {
    description: 'Sends progress notifications, then returns done.',
    inputSchema: { steps: z.number().int().optional(), intervalMs: z.number().int().optional() },
  }, async ({ steps = 3, intervalMs = 300 }, extra) => {
    const token = extra._meta?.progressToken;
    for (let step = 1; step <= steps; step++) {
      if (token !== undefined) {
        await extra.sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress: step, total: steps, message: `step ${step} of ${steps}` },
        });
      }
      await sleep(intervalMs);
    }
    return { content: [{ type: 'text', text: 'done' }] };
  });
  server.registerTool('fail', { description: 'Returns a tool error.', inputSchema: {} },
    async () => ({ content: [{ type: 'text', text: 'the fail tool failed' }], isError: true }));
  return server;
}

const transports = new Map();

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function reject(res, status, message) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

const http = createServer(async (req, res) => {
  try {
    if (!req.url.startsWith('/mcp')) {
      return reject(res, 404, 'not found');
    }
    const sessionId = req.headers['mcp-session-id'];
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    let transport = sessionId ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId) {
        return reject(res, 404, 'Session not found');
      }
      if (req.method !== 'POST' || !isInitializeRequest(body)) {
        return reject(res, 400, 'Bad Request: no valid session ID provided');
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: id => transports.set(id, transport),
      });
      transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
      await newServer().connect(transport);
    }
    await transport.handleRequest(req, res, body);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) {
      reject(res, 500, String(error));
    }
  }
});

const port = Number(process.argv[2] || 0);
http.listen(port, '127.0.0.1', () => console.log(`LISTENING ${http.address().port}`));
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    for (const transport of transports.values()) {
      transport.close();
    }
    http.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
}

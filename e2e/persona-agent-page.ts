/**
 * The real `@runtypelabs/persona` widget in agent mode, as a site would run it against the API-key
 * path: one loopback server serves the page and, at `/api/chat/dispatch`, a small forwarder that
 * adds `Authorization: Bearer <key>` and passes the request and the streamed answer through — the
 * key never reaches the browser. `@mcp-b/webmcp-polyfill` provides `document.modelContext`.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const FILES: Record<string, [string, string]> = {
  '/persona.js': [`${root}node_modules/@runtypelabs/persona/dist/index.global.js`, 'text/javascript'],
  '/persona.css': [`${root}node_modules/@runtypelabs/persona/dist/widget.css`, 'text/css'],
  '/webmcp-polyfill.js': [`${root}node_modules/@mcp-b/webmcp-polyfill/dist/index.iife.js`, 'text/javascript'],
};
/** Where the page's forwarder listens; Persona resumes at this path plus `/resume`. */
const FORWARD = '/api/chat/dispatch';

function page(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Persona agent mode</title>
<link rel="stylesheet" href="/persona.css">
<script src="/webmcp-polyfill.js"></script>
<script src="/persona.js"></script>
</head><body>
<div id="cart">0</div>
<div id="chat" style="height: 600px"></div>
<script>
  window.calls = [];
  const mc = document.modelContext;
  mc.registerTool({
    name: 'add_item',
    description: 'Add an item to the cart by its sku',
    inputSchema: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
    execute: async ({ sku }) => {
      window.calls.push('add_item:' + sku);
      const el = document.getElementById('cart');
      el.textContent = String(Number(el.textContent) + 1);
      return { added: sku, count: Number(el.textContent) };
    },
  });
  mc.registerTool({
    name: 'get_cart',
    description: 'Show what is in the cart',
    inputSchema: { type: 'object', properties: {} },
    execute: async () => {
      window.calls.push('get_cart');
      return { items: Number(document.getElementById('cart').textContent) };
    },
  });
  window.persona = AgentWidget.createAgentExperience(document.getElementById('chat'), {
    ...AgentWidget.DEFAULT_WIDGET_CONFIG,
    apiUrl: location.origin + ${JSON.stringify(FORWARD)},
    agentId: 'shop',
    launcher: { enabled: false },
    webmcp: { enabled: true, autoApprove: () => true },
  });
</script>
</body></html>`;
}

/** What the forwarder passed on: each request's path, body and the server's status. */
export interface Forwarded {
  path: string;
  body: Record<string, unknown>;
  status: number;
}

/** Serves the page and the forwarder on `port`; `apiUrl` is the chat server, `apiKey` the key it adds. */
export async function startPersonaAgentPage(
  port: number,
  apiUrl: string,
  apiKey: string,
): Promise<{ url: string; forwarded: Forwarded[]; close(): Promise<void> }> {
  const forwarded: Forwarded[] = [];
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST' && (path === FORWARD || path === `${FORWARD}/resume`)) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const upstream = await fetch(apiUrl + path.replace(FORWARD, '/v1/dispatch'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body,
      });
      forwarded.push({ path, body: JSON.parse(body) as Record<string, unknown>, status: upstream.status });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
      if (upstream.body) Readable.fromWeb(upstream.body as WebStream).pipe(res);
      else res.end();
      return;
    }
    const file = FILES[path];
    if (file) {
      res.writeHead(200, { 'content-type': file[1] });
      res.end(await readFile(file[0]));
      return;
    }
    if (path !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page());
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return {
    url: `http://localhost:${port}`,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A page that embeds the real `@runtypelabs/persona` widget (its script-tag IIFE build) in
 * client-token mode against our server, with `@mcp-b/webmcp-polyfill` providing
 * `document.modelContext` (the WebMCP implementation Persona is built for).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Persona's script and styles and the WebMCP polyfill, as the page loads them. */
const FILES: Record<string, [string, string]> = {
  '/persona.js': [`${root}node_modules/@runtypelabs/persona/dist/index.global.js`, 'text/javascript'],
  '/persona.css': [`${root}node_modules/@runtypelabs/persona/dist/widget.css`, 'text/css'],
  '/webmcp-polyfill.js': [`${root}node_modules/@mcp-b/webmcp-polyfill/dist/index.iife.js`, 'text/javascript'],
};

/** Answers `path` when it is one of Persona's or the polyfill's files; false otherwise. */
export async function servePersonaFile(path: string, res: ServerResponse): Promise<boolean> {
  const file = FILES[path];
  if (!file) return false;
  res.writeHead(200, { 'content-type': file[1] });
  res.end(await readFile(file[0]));
  return true;
}

/**
 * The shop page with its two WebMCP tools (`add_item`, `get_cart`, which record their calls in
 * `window.calls`) and Persona in `#chat`; `connection` is the widget's own options (`apiUrl: …,`).
 */
export function personaPage(title: string, connection: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
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
    ${connection}
    launcher: { enabled: false },
    webmcp: { enabled: true, autoApprove: () => true },
  });
</script>
</body></html>`;
}

export async function startPersonaPage(
  port: number,
  apiUrl: string,
  clientToken: string,
): Promise<{ close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (await servePersonaFile(path, res)) return;
    if (path !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      personaPage(
        'Persona interop',
        `apiUrl: ${JSON.stringify(apiUrl)},
    clientToken: ${JSON.stringify(clientToken)},`,
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

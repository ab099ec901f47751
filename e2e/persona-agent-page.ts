/**
 * The real `@runtypelabs/persona` widget in agent mode, as a site would run it against the API-key
 * path: one loopback server serves the page and, at `/api/chat/dispatch`, a small forwarder that
 * adds `Authorization: Bearer <key>` and passes the request and the streamed answer through — the
 * key never reaches the browser. `@mcp-b/webmcp-polyfill` provides `document.modelContext`.
 */
import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebStream } from 'node:stream/web';
import { personaPage, servePersonaFile } from './persona-page.js';

/** Where the page's forwarder listens; Persona resumes at this path plus `/resume`. */
const FORWARD = '/api/chat/dispatch';

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
    if (await servePersonaFile(path, res)) return;
    if (path !== '/') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      personaPage('Persona agent mode', `apiUrl: location.origin + ${JSON.stringify(FORWARD)},\n    agentId: 'shop',`),
    );
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

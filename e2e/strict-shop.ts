/**
 * The storefront as a customer deploys it: a production build, served with a strict Content
 * Security Policy (no inline scripts or styles, no eval, Trusted Types required).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

export function strictCsp(apiUrl: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${apiUrl}`,
    `connect-src 'self' ${apiUrl}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "require-trusted-types-for 'script'",
  ].join('; ');
}

export async function startStrictShop(
  port: number,
  apiUrl: string,
  clientToken: string,
): Promise<{ close(): Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'webmcp-chat-strict-'));
  process.env.VITE_API_URL = apiUrl;
  process.env.VITE_WIDGET_URL = `${apiUrl}/webmcp-chat.js`;
  process.env.VITE_CLIENT_TOKEN = clientToken;
  await build({
    configFile: `${root}vite.config.ts`,
    mode: 'demo',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const csp = strictCsp(apiUrl);
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(outDir, path === '/' ? 'index.html' : path);
    try {
      const body = await readFile(file.startsWith(outDir) ? file : join(outDir, 'index.html'));
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': csp,
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-security-policy': csp });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, 'localhost', resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(outDir, { recursive: true, force: true });
      }),
  };
}

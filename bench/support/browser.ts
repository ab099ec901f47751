/**
 * What the in-browser benches share: Debian's Chromium launched the way the tests launch it
 * (closed network, no sandbox as root), and a bench page bundled with esbuild and served from
 * loopback (`/bench.js` behind an empty HTML page).
 */
import { createServer, type Server } from 'node:http';
import { chromium, type Browser } from '@playwright/test';
import { build } from 'esbuild';

/** The flags every bench launches Chromium with; add `--enable-features=WebMCP` for native WebMCP. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** Chromium at `$CHROMIUM_PATH` or `/usr/bin/chromium`, with {@link CHROMIUM_ARGS} and `extra`. */
export function launchChromium(extra: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, ...extra],
  });
}

/** `entry` bundled as one browser script (IIFE, ES2022), with module `alias`es. */
export async function bundlePage(entry: string, alias: Record<string, string> = {}): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
    alias,
  });
  return result.outputFiles[0]!.text;
}

/** Serves `script` as `/bench.js` under an empty page on a loopback port; resolves with its origin. */
export async function servePage(script: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end('<!doctype html><meta charset="utf-8"><body></body><script src="/bench.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { serveConsole } from './console-files.js';

describe('serveConsole', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  function app(built: boolean): Hono {
    dir = mkdtempSync(join(tmpdir(), 'console-files-'));
    if (built) {
      mkdirSync(join(dir, 'console'));
      writeFileSync(join(dir, 'console', 'console-AbC_12.js'), 'export {};');
    }
    const hono = new Hono();
    serveConsole(hono, join(dir, 'webmcp-chat.js'));
    return hono;
  }

  it('answers 404 console_not_built with the build command when nothing is built', async () => {
    const res = await app(false).request('/console');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'console_not_built', hint: expect.stringContaining('npm run build') });
  });

  it('serves a page loading the built module, under a strict CSP, and the module itself', async () => {
    const hono = app(true);
    const page = await hono.request('/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script type="module" src="/console/console-AbC_12.js"></script>');
    const module = await hono.request('/console/console-AbC_12.js');
    expect(module.headers.get('content-type')).toContain('text/javascript');
    expect(await module.text()).toBe('export {};');
    expect((await hono.request('/console/..%2Fwebmcp-chat.js')).status).toBe(404);
    expect((await hono.request('/console/console-missing.js')).status).toBe(404);
  });
});

describe('serveConsole caching', () => {
  it('serves the hashed modules as immutable with an ETag, and the page as no-cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-cache-'));
    try {
      mkdirSync(join(dir, 'console'));
      writeFileSync(join(dir, 'console', 'console-AbC_12.js'), 'export {};');
      const hono = new Hono();
      serveConsole(hono, join(dir, 'webmcp-chat.js'));
      const module = await hono.request('/console/console-AbC_12.js');
      expect(module.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const etag = module.headers.get('etag')!;
      expect((await hono.request('/console/console-AbC_12.js', { headers: { 'if-none-match': etag } })).status).toBe(
        304,
      );
      expect((await hono.request('/console')).headers.get('cache-control')).toBe('no-cache');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

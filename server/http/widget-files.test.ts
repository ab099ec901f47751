import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseEncoding } from './built-files.js';
import { serveWidget } from './widget-files.js';

const LAUNCHER = 'customElements.define("webmcp-chat", class {});'.repeat(20);
const PANEL = 'export const panel = "the panel";'.repeat(20);

describe('serveWidget caching and compression', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function built(): Hono {
    dir = mkdtempSync(join(tmpdir(), 'widget-files-'));
    for (const [name, text] of [
      ['webmcp-chat.js', LAUNCHER],
      ['webmcp-chat-panel-Ab12_x.js', PANEL],
    ] as const) {
      writeFileSync(join(dir, name), text);
      writeFileSync(join(dir, `${name}.br`), brotliCompressSync(text));
      writeFileSync(join(dir, `${name}.gz`), gzipSync(text));
    }
    const app = new Hono();
    serveWidget(app, join(dir, 'webmcp-chat.js'));
    return app;
  }

  it('caches hashed chunks for a year as immutable', async () => {
    const res = await built().request('/webmcp-chat-panel-Ab12_x.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe(PANEL);
  });

  it('gives the launcher a short max-age and an ETag, and answers 304 to If-None-Match', async () => {
    const app = built();
    const first = await app.request('/webmcp-chat.js');
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await app.request('/webmcp-chat.js', { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await app.request('/webmcp-chat.js', { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
  });

  it('picks brotli, then gzip, from Accept-Encoding and varies on it', async () => {
    const app = built();
    const br = await app.request('/webmcp-chat.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toBe(LAUNCHER);
    const gz = await app.request('/webmcp-chat.js', { headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(LAUNCHER);
    const plain = await app.request('/webmcp-chat.js', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(LAUNCHER);
  });

  it('reads a file once: a hashed chunk deleted after its first request is still served', async () => {
    const app = built();
    expect((await app.request('/webmcp-chat-panel-Ab12_x.js')).status).toBe(200);
    rmSync(join(dir, 'webmcp-chat-panel-Ab12_x.js'));
    const res = await app.request('/webmcp-chat-panel-Ab12_x.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(PANEL);
  });

  it('picks up a rebuilt launcher (same name, new content) with a new ETag', async () => {
    const app = built();
    const before = (await app.request('/webmcp-chat.js')).headers.get('etag');
    writeFileSync(join(dir, 'webmcp-chat.js'), 'rebuilt();');
    rmSync(join(dir, 'webmcp-chat.js.br'));
    rmSync(join(dir, 'webmcp-chat.js.gz'));
    utimesSync(join(dir, 'webmcp-chat.js'), new Date(), new Date(Date.now() + 5000));
    const after = await app.request('/webmcp-chat.js', { headers: { 'accept-encoding': 'br' } });
    expect(after.headers.get('etag')).not.toBe(before);
    expect(after.headers.get('content-encoding')).toBeNull();
    expect(await after.text()).toBe('rebuilt();');
  });

  it('still answers widget_not_built when nothing is built', async () => {
    const app = built();
    const res = await app.request('/webmcp-chat-panel-Zz99.js');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'widget_not_built' });
  });
});

describe('chooseEncoding', () => {
  it('honors q=0 and prefers brotli', () => {
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('gzip;q=0.5, br;q=0.1')).toBe('br');
    expect(chooseEncoding('*')).toBe('gzip');
    expect(chooseEncoding(undefined)).toBeUndefined();
    expect(chooseEncoding('gzip;q=0')).toBeUndefined();
  });
});

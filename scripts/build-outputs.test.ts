/**
 * The widget builds as the package ships them, into a scratch folder: each mode leaves the other
 * modes' files alone and replaces only its own; the served files get compressed copies; the ESM
 * entry's initial chunk stays within the launcher's budget; and importing it without a DOM (server-side
 * rendering) defines nothing and does not throw.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const vite = resolve('node_modules/.bin/vite');
const ESM_INITIAL_BROTLI_CEILING = 6 * 1024;

function build(mode: string, outDir: string): void {
  const run = spawnSync(vite, ['build', '--mode', mode, '--outDir', outDir, '--logLevel', 'error'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`vite build --mode ${mode} failed:\n${run.stderr}${run.stdout}`);
}

/** `file` and every module it imports statically, transitively (what loads before any `import()`). */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  for (const m of code.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"`();]*?from\s*)?["'](\.[^"']+)["']/g))
    staticGraph(resolve(dirname(file), m[1]!), seen);
  return seen;
}

describe('widget builds', { timeout: 180_000 }, () => {
  let out = '';
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'widget-build-'));
    // What another mode (or an earlier build of this one) left there.
    writeFileSync(join(out, 'webmcp-chat.js'), '/* the launcher */');
    writeFileSync(join(out, 'custom-elements.json'), '{}');
    writeFileSync(join(out, 'webmcp-chat-panel-OLDHASH.js'), '/* a previous panel */');
    build('widget-panel', out);
    build('widget-esm', out);
  }, 180_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('each mode replaces only its own files', () => {
    const files = readdirSync(out);
    expect(readFileSync(join(out, 'webmcp-chat.js'), 'utf8')).toBe('/* the launcher */');
    expect(files).toContain('custom-elements.json');
    expect(files).not.toContain('webmcp-chat-panel-OLDHASH.js');
    expect(files.filter((f) => /^webmcp-chat-panel-[\w-]+\.js$/.test(f))).toHaveLength(1);
    expect(files).toEqual(expect.arrayContaining(['index.js', 'bridge.js', 'esm']));
  });

  it('writes brotli and gzip copies of the served chunks', () => {
    const panel = readdirSync(out).find((f) => /^webmcp-chat-panel-[\w-]+\.js$/.test(f))!;
    const code = readFileSync(join(out, panel));
    expect(brotliDecompressSync(readFileSync(join(out, `${panel}.br`)))).toEqual(code);
    expect(gunzipSync(readFileSync(join(out, `${panel}.gz`)))).toEqual(code);
  });

  it(`the ESM entry's initial chunk stays under ${ESM_INITIAL_BROTLI_CEILING} brotli bytes`, () => {
    const initial = [...staticGraph(join(out, 'index.js'))];
    const bytes = Buffer.concat(initial.map((f) => readFileSync(f)));
    const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`ESM initial chunk: ${initial.length} files, ${bytes.length} B raw, ${brotli} B brotli`);
    expect(brotli).toBeLessThanOrEqual(ESM_INITIAL_BROTLI_CEILING);
    // Neither Lit nor the chat session loads before the panel.
    const code = bytes.toString();
    expect(code).not.toMatch(/from\s*["']lit/);
    expect(code).not.toContain('ChatSession');
  });

  it('imports without a DOM (server-side rendering): defines nothing, throws nothing', async () => {
    expect(typeof (globalThis as { HTMLElement?: unknown }).HTMLElement).toBe('undefined');
    const entry = (await import(join(out, 'index.js'))) as Record<string, unknown>;
    expect(typeof entry.WebmcpChat).toBe('function');
    expect(typeof entry.ToolCallEvent).toBe('function');
    expect((globalThis as { customElements?: unknown }).customElements).toBeUndefined();
    expect(existsSync(join(out, 'esm'))).toBe(true);
  });
});

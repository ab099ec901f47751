/**
 * Byte ceilings and forbidden names for the built widget. Run after `npm run build`: without a build
 * there is nothing to measure, and the suite fails rather than pass vacuously. Raise a ceiling only
 * in a commit that explains why.
 *
 * The script tag loads the launcher (`dist/webmcp-chat.js`, a classic script) at once; it imports
 * the panel (`dist/webmcp-chat-panel-<hash>.js`, one ES module) on first open.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sizesOf } from '../bench/sizes.js';

const LAUNCHER = 'dist/webmcp-chat.js';
const PANEL = existsSync('dist')
  ? readdirSync('dist')
      .filter((f) => /^webmcp-chat-panel-[\w-]+\.js$/.test(f))
      .map((f) => `dist/${f}`)
  : [];
/** The ESM build for bundlers (unminified, comments kept, lit external). */
const ESM = 'dist/index.js';

const KB = 1024;
/** Brotli-11 ceiling of the launcher: the element, its styles, the button and the immediate WebMCP work. */
const LAUNCHER_BROTLI_CEILING = 6 * KB;
/**
 * The panel's ceiling is its budget. The tool-glob compiler (picomatch) is not part of it: the
 * server sends its rules compiled, and the browser loads the glob chunk only for rules without a
 * pattern (an older server, or rules of the page's own).
 */
const PANEL_BROTLI_BUDGET = 35 * KB;
const PANEL_BROTLI_CEILING = PANEL_BROTLI_BUDGET;
const GLOB = existsSync('dist')
  ? readdirSync('dist')
      .filter((f) => /^webmcp-chat-glob-[\w-]+\.js$/.test(f))
      .map((f) => `dist/${f}`)
  : [];
/** Never above this, whatever the reason. */
const PANEL_BROTLI_HARD_CAP = 50 * KB;
const FORBIDDEN = ['zod', 'new Function', 'eval(', 'innerHTML =', 'document.write'];
/** Strings only Lit's runtime contains. */
const LIT_MARKERS = ['litHtmlVersions', '_$litElement$'];

describe('widget bundle', () => {
  it('has a build to measure', () => {
    expect(existsSync(LAUNCHER), `${LAUNCHER} is missing: run \`npm run build\` first`).toBe(true);
  });

  const launcher = existsSync(LAUNCHER) ? readFileSync(LAUNCHER, 'utf8') : '';
  const panelFile = PANEL[0] ?? '';
  const panel = panelFile ? readFileSync(panelFile, 'utf8') : '';

  it('has exactly one panel chunk next to the launcher', () => {
    expect(PANEL).toHaveLength(1);
  });

  it(`launcher stays under ${LAUNCHER_BROTLI_CEILING} brotli bytes`, () => {
    expect(sizesOf(LAUNCHER).brotli).toBeLessThanOrEqual(LAUNCHER_BROTLI_CEILING);
  });

  it(`panel stays under ${PANEL_BROTLI_CEILING} brotli bytes (budget ${PANEL_BROTLI_BUDGET}, hard cap ${PANEL_BROTLI_HARD_CAP})`, () => {
    const { brotli } = sizesOf(panelFile);
    expect(brotli).toBeLessThanOrEqual(PANEL_BROTLI_CEILING);
    expect(PANEL_BROTLI_CEILING).toBeLessThanOrEqual(PANEL_BROTLI_HARD_CAP);
  });

  it('contains none of the forbidden names (what the script tag ships: launcher and panel)', () => {
    for (const [file, code] of [
      [LAUNCHER, launcher],
      [panelFile, panel],
    ] as const) {
      expect(code, `${file || 'the panel chunk'} is empty or missing`).not.toBe('');
      for (const name of FORBIDDEN) expect(code.includes(name), `${file} contains "${name}"`).toBe(false);
    }
  });

  it('launcher is a classic script without Lit that imports only the panel, by its built name', () => {
    expect(launcher).not.toMatch(/^\s*(import|export)[\s{*]/m);
    for (const marker of LIT_MARKERS)
      expect(launcher.includes(marker), `launcher contains Lit (${marker})`).toBe(false);
    expect(launcher.match(/\bimport\(/g)).toHaveLength(1);
    expect(launcher).toContain(panelFile.replace('dist/', ''));
  });

  it('panel is one ES module that defines the panel element and imports only the glob chunk and other languages, on demand', () => {
    expect(panel).toMatch(/\bexport\s*\{/);
    expect(panel).not.toMatch(/^\s*import[\s{*]/m);
    expect(GLOB).toHaveLength(1);
    const imported = [...panel.matchAll(/\bimport\(["'`]\.\/([\w-]+\.js)["'`]\)/g)].map((m) =>
      m[1]!.replace(/-[\w-]{8}\.js$/, ''),
    );
    expect(imported.sort()).toEqual(['webmcp-chat-de', 'webmcp-chat-fr', 'webmcp-chat-glob']);
    expect(panel.match(/\bimport\(/g)).toHaveLength(3);
    expect(panel).toContain(GLOB[0]!.replace('dist/', ''));
    // a language's strings stand alone: the chunk imports nothing (no module shared with the panel)
    for (const file of readdirSync('dist').filter((f) => /^webmcp-chat-(de|fr)-[\w-]+\.js$/.test(f)))
      expect(readFileSync(`dist/${file}`, 'utf8')).not.toMatch(/\bimport\b/);
    // picomatch lives in the glob chunk, not in the panel.
    expect(panel.includes('picomatch')).toBe(false);
    expect(readFileSync(GLOB[0]!, 'utf8')).toMatch(/picomatch|makeRe/);
    expect(panel).toMatch(/customElements\.define\(["'`]webmcp-chat-panel["'`]/);
  });

  it('the ESM entry defines <webmcp-chat> and leaves the panel to a chunk it imports on demand', () => {
    const esm = readFileSync(ESM, 'utf8');
    expect(esm).toMatch(/import\(["`]\.\/esm\/panel-[\w-]+\.js["`]\)/);
    expect(esm).not.toMatch(/customElements\.define\(["'`]webmcp-chat-panel/);
    expect(esm).not.toMatch(/from\s*["'](lit|zod)/);
    for (const marker of LIT_MARKERS) expect(esm.includes(marker)).toBe(false);
    // zod stays on the server: no chunk of the ESM build imports it.
    for (const chunk of readdirSync('dist/esm').filter((f) => f.endsWith('.js')))
      expect(readFileSync(`dist/esm/${chunk}`, 'utf8')).not.toMatch(/from\s*["']zod/);
  });
});

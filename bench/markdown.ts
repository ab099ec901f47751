/**
 * Markdown streaming benchmark in Chromium: main-thread time to render an 8 KB and a 32 KB answer
 * streamed in 4-character chunks, with our incremental renderer and with the per-update path of
 * `@runtypelabs/persona` (see bench/markdown-page.ts for exactly what each does). Reports the
 * 32 KB / 8 KB ratio (linear work ≈ 4) and persona / ours. Measures script and DOM work; with
 * `--layout`, also a variant that forces style + layout after every chunk (adds ~5 minutes: persona
 * re-renders the whole message every chunk). Prints numbers, writes bench/results/markdown.json,
 * and never passes or fails on timing.
 *
 *   npx tsx bench/markdown.ts [--layout]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';

const SIZES = [8 * 1024, 32 * 1024];
const CHUNK = 4;
/** Runs per measurement (median); persona takes minutes per 32 KB stream, so it runs once. */
const ROUNDS = { ours: 7, persona: 1 } as const;
const LAYOUT_VARIANT = process.argv.includes('--layout');

const personaSrc = fileURLToPath(new URL('../node_modules/@runtypelabs/persona/src/', import.meta.url));
const bundle = (
  await build({
    entryPoints: ['bench/markdown-page.ts'],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
    alias: {
      'persona-src/markdown-parsers-eager': `${personaSrc}markdown-parsers-eager.ts`,
      'persona-src/postprocessors': `${personaSrc}postprocessors.ts`,
      'persona-src/sanitize': `${personaSrc}utils/sanitize.ts`,
      'persona-src/streaming-table': `${personaSrc}utils/streaming-table.ts`,
      'persona-src/morph': `${personaSrc}utils/morph.ts`,
    },
  })
).outputFiles[0]!.text;

const server = createServer((req, res) => {
  if (req.url === '/bench.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
  res
    .writeHead(200, { 'content-type': 'text/html' })
    .end('<!doctype html><meta charset="utf-8"><body></body><script src="/bench.js"></script>');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

interface Run {
  ms: number;
  chunks: number;
  elements: number;
  text: number;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;

try {
  const tab = await browser.newPage();
  await tab.goto(origin);
  const measure = async (which: 'ours' | 'persona', size: number, layout: boolean) => {
    // a small warm-up so both start with compiled code
    await tab.evaluate(([w, l]) => window.markdownBench.run(w, 2048, 4, l), [which, layout] as const);
    const runs: Run[] = [];
    for (let i = 0; i < ROUNDS[which]; i++)
      runs.push(
        await tab.evaluate(([w, s, c, l]) => window.markdownBench.run(w, s, c, l), [
          which,
          size,
          CHUNK,
          layout,
        ] as const),
      );
    const ms = median(runs.map((r) => r.ms));
    return {
      ms: round(ms),
      perChunkUs: round((ms * 1000) / runs[0]!.chunks),
      chunks: runs[0]!.chunks,
      elements: runs[0]!.elements,
      text: runs[0]!.text,
      runs: runs.length,
    };
  };

  const variants: Record<string, unknown> = {};
  const save = (): void => {
    const result = {
      measuredAt: new Date().toISOString(),
      chromium: browser.version(),
      chunkChars: CHUNK,
      persona: {
        version: '4.17',
        path: 'per chunk, on the accumulated text: stabilizeStreamingTables → createMarkdownProcessor() (marked, gfm, breaks) → createDefaultSanitizer() (DOMPurify) → innerHTML of a fresh bubble → morphMessages (idiomorph) into the live container; one final render without the stabiliser. The real widget also coalesces updates per animation frame; not modelled here (both renderers handle every chunk).',
      },
      ours: { path: 'MarkdownRenderer.append per chunk, end() once' },
      ...variants,
    };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/markdown.json', JSON.stringify(result, null, 2) + '\n');
  };
  for (const layout of LAYOUT_VARIANT ? [false, true] : [false]) {
    const name = layout ? 'withLayout' : 'scriptAndDom';
    const rows: Record<string, Record<string, Awaited<ReturnType<typeof measure>>>> = { ours: {}, persona: {} };
    for (const which of ['ours', 'persona'] as const) {
      for (const size of SIZES) rows[which]![`${size / 1024}KB`] = await measure(which, size, layout);
    }
    const [small, large] = SIZES.map((s) => `${s / 1024}KB`) as [string, string];
    const summary = {
      ours: rows.ours,
      persona: rows.persona,
      ratios: {
        ours32to8: round(rows.ours![large]!.ms / rows.ours![small]!.ms),
        persona32to8: round(rows.persona![large]!.ms / rows.persona![small]!.ms),
        personaToOurs8KB: round(rows.persona![small]!.ms / rows.ours![small]!.ms, 1),
        personaToOurs32KB: round(rows.persona![large]!.ms / rows.ours![large]!.ms, 1),
      },
    };
    variants[name] = summary;
    console.log(
      `\n${layout ? 'with style + layout forced after every chunk' : 'script and DOM work'} (4-character chunks, median):`,
    );
    for (const which of ['ours', 'persona'] as const) {
      for (const size of [small, large]) {
        const r = rows[which]![size]!;
        console.log(
          `  ${which.padEnd(8)} ${size.padStart(5)}: ${String(r.ms).padStart(9)} ms  (${r.chunks} chunks, ${r.perChunkUs} µs/chunk, ${r.elements} elements, ${r.runs} runs)`,
        );
      }
    }
    console.log(
      `  ratio 32 KB / 8 KB: ours ${summary.ratios.ours32to8} (linear ≈ 4), persona ${summary.ratios.persona32to8}`,
    );
    console.log(
      `  persona / ours: ${summary.ratios.personaToOurs8KB}× at 8 KB, ${summary.ratios.personaToOurs32KB}× at 32 KB`,
    );
    // saved after each variant, so a long --layout run keeps what it measured
    save();
  }

  console.log('\nwrote bench/results/markdown.json');
} finally {
  await browser.close();
  server.close();
}

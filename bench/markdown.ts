/**
 * Markdown streaming benchmark in Chromium: main-thread time to render 8 KB and 32 KB answers of
 * seven shapes (one long paragraph, a long blockquote, one-line JSON, a long list, a long table,
 * one long code fence, a mixed document) streamed in 4-character chunks, through our renderer alone (`ours`), through `<webmcp-chat-message>`
 * (`element`) and through the incremental `streaming-markdown` package (`smd`, the anchor). The
 * three run interleaved, round after round, in the same page; medians are reported with the ratios
 * element / smd, ours / smd and 32 KB / 8 KB (linear work ≈ 4), and the renderer's own count of
 * characters scanned and nodes created per input character. With `--persona`, also the
 * per-update path of `@runtypelabs/persona` (mixed shape only, once: it takes minutes at 32 KB).
 * Prints numbers, writes bench/results/markdown.json, and never passes or fails on timing.
 *
 *   npx tsx bench/markdown.ts [--rounds N (default 31)] [--shapes mixed,list] [--persona]
 *
 * With `--shapes`, only those shapes run and the results file is not written (a quick check).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundlePage, launchChromium, servePage } from './support/browser.js';
import type { Run, Which } from './markdown-page.js';
import type { Shape } from '../widget/markdown/fixtures.js';

const SIZES = [8 * 1024, 32 * 1024];
const CHUNK = 4;
const shapesArg = process.argv.indexOf('--shapes');
const SHAPE_NAMES: Shape[] =
  shapesArg > 0
    ? (process.argv[shapesArg + 1]!.split(',') as Shape[])
    : ['paragraph', 'blockquote', 'json', 'list', 'table', 'code', 'mixed'];
const CONTENDERS: Which[] = ['ours', 'element', 'smd'];
const roundsArg = process.argv.indexOf('--rounds');
// A round takes about a second; with 5, the medians moved ±30 % between runs on a shared machine.
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 31;
const WITH_PERSONA = process.argv.includes('--persona');

const personaSrc = fileURLToPath(new URL('../node_modules/@runtypelabs/persona/src/', import.meta.url));
const bundle = await bundlePage('bench/markdown-page.ts', {
  'persona-src/markdown-parsers-eager': `${personaSrc}markdown-parsers-eager.ts`,
  'persona-src/postprocessors': `${personaSrc}postprocessors.ts`,
  'persona-src/sanitize': `${personaSrc}utils/sanitize.ts`,
  'persona-src/streaming-table': `${personaSrc}utils/streaming-table.ts`,
  'persona-src/morph': `${personaSrc}utils/morph.ts`,
});
const { origin, server } = await servePage(bundle);
const browser = await launchChromium();

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
const label = (size: number): string => `${size / 1024}KB`;

try {
  const tab = await browser.newPage();
  await tab.goto(origin);
  const run = (which: Which, shape: Shape, size: number): Promise<Run> =>
    tab.evaluate(([w, s, n, c]) => window.markdownBench.run(w, s, n, c), [which, shape, size, CHUNK] as const);

  // warm-up so every contender starts with compiled code
  for (const which of CONTENDERS) for (const shape of SHAPE_NAMES) await run(which, shape, 2048);

  const samples = new Map<string, Run[]>();
  const key = (which: Which, shape: Shape, size: number): string => `${which}/${shape}/${label(size)}`;
  for (let r = 0; r < ROUNDS; r++) {
    // interleaved: each round runs every contender on every shape and size, in a rotating order
    for (const shape of SHAPE_NAMES)
      for (const size of SIZES)
        for (let i = 0; i < CONTENDERS.length; i++) {
          const which = CONTENDERS[(i + r) % CONTENDERS.length]!;
          const k = key(which, shape, size);
          samples.set(k, [...(samples.get(k) ?? []), await run(which, shape, size)]);
        }
  }
  if (WITH_PERSONA)
    for (const size of SIZES) samples.set(key('persona', 'mixed', size), [await run('persona', 'mixed', size)]);

  const results: Record<string, Record<string, unknown>> = {};
  console.log(`\nscript and DOM work, ${CHUNK}-character chunks, median of ${ROUNDS} interleaved rounds:`);
  for (const shape of SHAPE_NAMES) {
    const ms = (which: Which, size: number): number => median(samples.get(key(which, shape, size))!.map((x) => x.ms));
    const rows: Record<string, unknown> = {};
    for (const which of [...CONTENDERS, ...(WITH_PERSONA && shape === 'mixed' ? (['persona'] as const) : [])]) {
      for (const size of SIZES) {
        const first = samples.get(key(which, shape, size))![0]!;
        rows[`${which}${label(size)}`] = {
          ms: round(ms(which, size)),
          chunks: first.chunks,
          ...(first.charsPerChar === undefined
            ? {}
            : { charsPerChar: round(first.charsPerChar), nodesPerChar: round(first.nodesPerChar!, 3) }),
          elements: first.elements,
          text: first.text,
        };
      }
    }
    const [small, large] = SIZES as [number, number];
    const ratios = {
      elementToSmd32KB: round(ms('element', large) / ms('smd', large)),
      oursToSmd32KB: round(ms('ours', large) / ms('smd', large)),
      ours32to8: round(ms('ours', large) / ms('ours', small)),
      element32to8: round(ms('element', large) / ms('element', small)),
      smd32to8: round(ms('smd', large) / ms('smd', small)),
    };
    results[shape] = { ...rows, ratios };
    console.log(`\n  ${shape}:`);
    for (const which of CONTENDERS)
      console.log(
        `    ${which.padEnd(8)} 8 KB ${String(round(ms(which, small))).padStart(9)} ms   32 KB ${String(round(ms(which, large))).padStart(9)} ms   32/8 ${round(ms(which, large) / ms(which, small))}`,
      );
    console.log(`    element / smd at 32 KB: ${ratios.elementToSmd32KB}×   ours / smd: ${ratios.oursToSmd32KB}×`);
    const work = samples.get(key('ours', shape, large))![0]!;
    console.log(
      `    renderer work at 32 KB: ${round(work.charsPerChar!)} characters scanned, ${round(work.nodesPerChar!, 3)} nodes created per character`,
    );
  }
  if (WITH_PERSONA) {
    const p = (size: number): number => samples.get(key('persona', 'mixed', size))![0]!.ms;
    console.log(`\n  persona (mixed, once): 8 KB ${round(p(SIZES[0]!))} ms, 32 KB ${round(p(SIZES[1]!))} ms`);
  }

  if (shapesArg < 0) {
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/markdown.json',
      JSON.stringify(
        {
          measuredAt: new Date().toISOString(),
          chromium: browser.version(),
          chunkChars: CHUNK,
          rounds: ROUNDS,
          paths: {
            ours: 'MarkdownRenderer.append per chunk, end() once',
            element:
              '<webmcp-chat-message>: appendText(chunk), updateComplete awaited per chunk, then streaming = false',
            smd: 'streaming-markdown parser_write per chunk with its default DOM renderer, parser_end once',
          },
          shapes: results,
        },
        null,
        2,
      ) + '\n',
    );
    console.log('\nwrote bench/results/markdown.json');
  }
} finally {
  await browser.close();
  server.close();
}

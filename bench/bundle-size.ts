/**
 * Prints the size (raw / gzip / brotli-11) of every file of the built widget and writes it to
 * bench/results/bundle-size.json. Run after `npm run build`: `npm run bench -- bundle-size`.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { sizesOf } from './sizes.js';

const chunks = (dir: string, pattern: RegExp) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => pattern.test(f))
        .map((f) => `${dir}/${f}`)
    : [];
const files: Record<string, string> = {
  'dist/webmcp-chat.js': 'script-tag launcher (loaded at once; budget 6 KB brotli)',
  ...Object.fromEntries(
    chunks('dist', /^webmcp-chat-panel-[\w-]+\.js$/).map((f) => [
      f,
      'script-tag panel chunk (loaded on first open; budget 35 KB brotli)',
    ]),
  ),
  'dist/index.js': 'ESM entry (lit external, unminified)',
  ...Object.fromEntries(chunks('dist/esm', /\.js$/).map((f) => [f, 'ESM chunk (unminified)'])),
};
const rows = Object.entries(files).map(([file, what]) => ({ file, what, ...sizesOf(file) }));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
for (const r of rows) {
  console.log(
    `${r.file.padEnd(36)} raw ${kb(r.raw).padStart(9)}  gzip ${kb(r.gzip).padStart(8)}  brotli ${kb(r.brotli).padStart(8)}  (brotli/raw ${(r.brotli / r.raw).toFixed(3)})  ${r.what}`,
  );
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/bundle-size.json',
  JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2) + '\n',
);
console.log('wrote bench/results/bundle-size.json');

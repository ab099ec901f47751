/**
 * Prints the widget bundle's size (raw / gzip / brotli-11) and writes it to
 * bench/results/bundle-size.json. Run after `npm run build`: `npm run bench -- bundle-size`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { sizesOf } from './sizes.js';

const files = { 'dist/webmcp-chat.js': 'script-tag build', 'dist/index.js': 'ESM entry (lit external, unminified)' };
const rows = Object.entries(files).map(([file, what]) => ({ file, what, ...sizesOf(file) }));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
for (const r of rows) {
  console.log(`${r.file.padEnd(22)} raw ${kb(r.raw).padStart(9)}  gzip ${kb(r.gzip).padStart(8)}  brotli ${kb(r.brotli).padStart(8)}  (brotli/raw ${(r.brotli / r.raw).toFixed(3)})  ${r.what}`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/bundle-size.json', JSON.stringify({ measuredAt: new Date().toISOString(), rows }, null, 2) + '\n');
console.log('wrote bench/results/bundle-size.json');

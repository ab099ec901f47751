#!/usr/bin/env node
// `npm run bench [-- name …]`: runs the benchmarks in bench/ (all when no name is given).
// Benchmarks print numbers and ratios and write bench/results/*.json; they never pass or fail on timing.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const all = readdirSync('bench')
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !['sizes.ts', 'bridge-page.ts'].includes(f))
  .map((f) => f.replace(/\.ts$/, ''));
const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : all;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`No benchmark "${name}". Available: ${all.join(', ')}`);
    process.exit(2);
  }
  console.log(`\n== bench/${name}.ts`);
  const result = spawnSync(new URL('../node_modules/.bin/tsx', import.meta.url).pathname, [`bench/${name}.ts`], {
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

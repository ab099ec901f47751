#!/usr/bin/env node
// `npm test`: typecheck, build, then every suite — unit (Node), elements and bridge in Chromium
// (the bridge against our polyfill, native WebMCP and MCP-B), end-to-end in Chromium (both
// backends). Prints one closing line with the totals.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const bin = (name) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname;
mkdirSync('test-results', { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(label, command, args, env = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n━━ ${label} ━━`);
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`━━ ${label}: ${code === 0 ? 'ok' : `exit ${code}`} in ${seconds} s ━━`);
      if (code !== 0) failedSteps.push({ label, output });
      resolve({ code, output });
    });
  });
}

/** `output` without ANSI colour and cursor escapes. */
// eslint-disable-next-line no-control-regex -- the escapes start with ESC
const plain = (output) => output.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

/** The lines around each failure mark of the runners (❌ web-test-runner, ✘ Playwright, × and FAIL vitest). */
function failureLines(output, before = 3, after = 30, limit = 200) {
  const lines = plain(output).split(/\r?\n/);
  const keep = new Set();
  lines.forEach((line, index) => {
    if (!/❌|✘|×|\bFAIL\b/.test(line)) return;
    for (let i = Math.max(0, index - before); i <= Math.min(lines.length - 1, index + after); i++) keep.add(i);
  });
  const picked = [...keep].sort((a, b) => a - b);
  const shown = picked.slice(0, limit).map((i) => lines[i]);
  if (picked.length > limit) shown.push(`… ${picked.length - limit} more lines above in this log`);
  return shown.length > 0 ? shown.join('\n') : lines.slice(-40).join('\n');
}

function count(passed, failed, skipped = 0) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
}

/** web-test-runner prints "… | N passed, M failed[, K skipped]" as its progress line; the last one is final. */
function countWtr({ code, output }) {
  const matches = [...plain(output).matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)];
  const last = matches.at(-1);
  if (last) count(Number(last[1]), Number(last[2]), Number(last[3] ?? 0));
  else if (code !== 0) count(0, 1);
}

await run('typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
await run('lint (eslint, prettier --check)', 'npm', ['run', 'lint', '--silent']);
const build = await run('build', 'npm', ['run', 'build', '--silent']);
if (build.code !== 0) {
  console.log('\nall: 0 passed, 1 failed');
  process.exit(1);
}

const unit = await run('unit tests (vitest, Node)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
]);
try {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  count(
    report.numPassedTests,
    report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0),
    report.numPendingTests + (report.numTodoTests ?? 0),
  );
} catch {
  if (unit.code !== 0) count(0, 1);
}

// The browser tests once per WebMCP backend (WEBMCP_BACKEND, see web-test-runner.config.mjs): every
// file against the bridge's own polyfill, the bridge's browser tests against native Chromium WebMCP
// and against the MCP-B polyfill.
countWtr(
  await run('element and bridge tests (Chromium, built-in polyfill)', bin('web-test-runner'), [], {
    WEBMCP_BACKEND: 'builtin',
  }),
);
countWtr(
  await run('bridge tests (Chromium, native WebMCP)', bin('web-test-runner'), ['bridge/**/*.browser.test.ts'], {
    WEBMCP_BACKEND: 'native',
  }),
);
countWtr(
  await run('bridge tests (Chromium, MCP-B polyfill)', bin('web-test-runner'), ['bridge/**/*.browser.test.ts'], {
    WEBMCP_BACKEND: 'mcp-b',
  }),
);

const e2e = await run(
  'end-to-end (Playwright, Chromium: native and polyfill)',
  bin('playwright'),
  ['test', '--reporter=list,json'],
  {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
  },
);
try {
  const stats = JSON.parse(readFileSync('test-results/playwright.json', 'utf8')).stats;
  count(stats.expected + stats.flaky, stats.unexpected, stats.skipped);
} catch {
  if (e2e.code !== 0) count(0, 1);
}

// A failed step's own report scrolls far up a long log; its failures are printed again here, last.
for (const step of failedSteps) console.log(`\n━━ failures in ${step.label} ━━\n${failureLines(step.output)}`);
if (failedSteps.length > 0) console.log(`\nFailed steps: ${failedSteps.map((step) => step.label).join(', ')}`);
console.log(
  `\nall: ${totals.passed} passed, ${totals.failed + (failedSteps.length > 0 && totals.failed === 0 ? failedSteps.length : 0)} failed, ${totals.skipped} skipped`,
);
process.exit(failedSteps.length > 0 ? 1 : 0);

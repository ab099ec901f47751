/**
 * Bridge benchmarks in Chromium: (1) time to snapshot 50 page tools, including policy, limits and
 * fingerprint; (2) bridge overhead from the last `await` frame of a pause to the resume request
 * leaving, with the tool's own time excluded (real server, offline model, loopback). Medians over
 * repeated runs; prints numbers and writes bench/results/bridge.json. Never passes or fails on timing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from '../server/app.js';
import { parseConfig } from '../server/config/load.js';
import { HIGH_LIMITS } from '../server/faults/harness.js';
import { MemoryStore } from '../server/store/index.js';
import { bundlePage, launchChromium, servePage } from './support/browser.js';

const ROUNDS_SNAPSHOT = 100;
const ROUNDS_RESUME = 60;
const native = process.argv.includes('--native');

const { origin: pageOrigin, server: page } = await servePage(await bundlePage('bench/bridge-page.ts'));

const config = parseConfig({
  // One session resumes 60 times in a row: far past the default per-session limit of 30 a minute.
  limits: HIGH_LIMITS,
  agents: { bench: { model: 'offline' } },
  surfaces: {
    bench: {
      agent: 'bench',
      clientTokens: [{ token: 'ct_test_bench', allowedOrigins: [pageOrigin] }],
      behavior: {
        webmcp: {
          enabled: true,
          allowlist: [
            { origin: pageOrigin, tools: ['tool_*', 'search_*'] },
            { origin: '*', tools: ['read_page'] },
          ],
        },
      },
    },
  },
});
const app = createApp({ config, store: new MemoryStore() });
const api = await new Promise<ReturnType<typeof serve>>((r) => {
  const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => r(s));
});
const apiUrl = `http://127.0.0.1:${(api.address() as { port: number }).port}`;

const browser = await launchChromium(native ? ['--enable-features=WebMCP'] : []);
try {
  const tab = await browser.newPage();
  await tab.goto(pageOrigin);
  const snap = await tab.evaluate(([url, n]) => (window as any).bench.snapshot50(url, 'ct_test_bench', n), [
    apiUrl,
    ROUNDS_SNAPSHOT,
  ] as const);
  const resume = await tab.evaluate(([url, n]) => (window as any).bench.resumeOverhead(url, 'ct_test_bench', n), [
    apiUrl,
    ROUNDS_RESUME,
  ] as const);
  const result = {
    measuredAt: new Date().toISOString(),
    webmcp: native ? 'native' : 'polyfill',
    snapshot50: {
      rounds: ROUNDS_SNAPSHOT,
      batch: 20,
      offered: snap.offered,
      dropped: snap.dropped,
      medianMs: round(snap.medianMs),
      p90Ms: round(snap.p90Ms),
    },
    resumeOverhead: {
      rounds: ROUNDS_RESUME,
      medianMs: round(resume.medianMs),
      minMs: round(Math.min(...resume.samples)),
      maxMs: round(Math.max(...resume.samples)),
    },
  };
  console.log(
    `snapshot of 50 tools (${snap.offered} offered, ${snap.dropped} dropped; policy + limits + fingerprint): median ${result.snapshot50.medianMs} ms, p90 ${result.snapshot50.p90Ms} ms over ${ROUNDS_SNAPSHOT} rounds`,
  );
  console.log(
    `bridge overhead, last await frame → resume request leaves (tool time excluded): median ${result.resumeOverhead.medianMs} ms (min ${result.resumeOverhead.minMs}, max ${result.resumeOverhead.maxMs}) over ${ROUNDS_RESUME} runs`,
  );
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/bridge${native ? '-native' : ''}.json`, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote bench/results/bridge${native ? '-native' : ''}.json`);
} finally {
  await browser.close();
  api.close();
  page.close();
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * The widget's loading cost, as a storefront sees it (run after `npm run build`):
 * 1. brotli-11 bytes of the launcher (`dist/webmcp-chat.js`) and the panel chunk;
 * 2. time from the script tag starting to load to the launcher painted, in Chromium, with the
 *    widget served cross-origin by the real server, on loopback and on a throttled "slow 4G" link;
 * 3. time from the click on the launcher to the open panel (cold: the panel chunk is fetched then).
 *
 * Every run uses a fresh browser context (no cache). The launcher is the only content of the page,
 * so its first contentful paint is the launcher's; a `requestAnimationFrame` after the element's
 * first render is reported beside it, and an inline `performance.mark` just before the tag gives the
 * moment the parser reached it. Medians over the runs; prints numbers and writes
 * bench/results/launcher.json. Never passes or fails on timing.
 *
 * `npx tsx bench/launcher.ts [runs]` (default 15).
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import type { Browser } from '@playwright/test';
import { createApp } from '../server/app.js';
import { parseConfig } from '../server/config/load.js';
import { MemoryStore } from '../server/store/index.js';
import { sizesOf } from './sizes.js';
import { launchChromium } from './support/browser.js';

const RUNS = Number(process.argv[2]) || 15;
const TOKEN = 'ct_test_bench_launcher';
/** Chromium DevTools' "Slow 4G"-like link: 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up. */
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

const panelFile = existsSync('dist')
  ? readdirSync('dist').find((f) => /^webmcp-chat-panel-[\w-]+\.js$/.test(f))
  : undefined;
if (!existsSync('dist/webmcp-chat.js') || !panelFile) {
  console.error('Build first: npm run build');
  process.exit(2);
}
const sizes = { launcher: sizesOf('dist/webmcp-chat.js'), panel: sizesOf(`dist/${panelFile}`) };

// The storefront: an empty page with nothing but the script tag, on its own origin.
const page = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>launcher bench</title></head><body>
<script>performance.mark('script-tag')</script><script src="${apiUrl}/webmcp-chat.js" data-client-token="${TOKEN}" data-api-url="${apiUrl}"></script></body></html>`);
});
await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
const pageOrigin = `http://127.0.0.1:${(page.address() as { port: number }).port}`;

const config = parseConfig({
  agents: { bench: { model: 'offline' } },
  surfaces: {
    bench: {
      agent: 'bench',
      welcomeMessage: 'Hi.',
      clientTokens: [{ token: TOKEN, allowedOrigins: [pageOrigin] }],
      behavior: { webmcp: { enabled: true } },
    },
  },
});
const store = new MemoryStore();
const app = createApp({ config, store, widgetFile: `${process.cwd()}/dist/webmcp-chat.js`, expirySweepMs: 0 });
const api = await new Promise<ReturnType<typeof serve>>((resolve) => {
  const server = serve({ fetch: app.fetch, port: 0, hostname: 'localhost' }, () => resolve(server));
});
const apiUrl = `http://localhost:${(api.address() as { port: number }).port}`;

/** Runs before any page script: notes when the script element and the widget element appear, and the frame after. */
const PROBE = () => {
  const marks: Record<string, number> = {};
  (window as unknown as { __marks: Record<string, number> }).__marks = marks;
  new MutationObserver((_records, observer) => {
    const chat = document.querySelector('webmcp-chat');
    if (!chat?.shadowRoot?.querySelector('[part=launcher]')) return;
    observer.disconnect();
    marks.launcherInDom = performance.now();
    // The frame that shows it: rAF runs before that frame's paint, a message posted from it after.
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (marks.launcherFrame = performance.now());
      channel.port2.postMessage(0);
    });
  }).observe(document, { childList: true, subtree: true });
};

/** Clicks the launcher and resolves with the ms until the panel's text box has focus (a string: no bundler helpers in the page). */
const OPEN_PANEL = `(async () => {
  const chat = document.querySelector('webmcp-chat');
  const started = performance.now();
  chat.shadowRoot.querySelector('[part=launcher]').click();
  for (;;) {
    const input = chat.shadowRoot.querySelector('webmcp-chat-panel')?.shadowRoot?.querySelector('[part~=input]');
    if (input && chat.shadowRoot.querySelector('webmcp-chat-panel').shadowRoot.activeElement === input) return performance.now() - started;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
})()`;

interface Sample {
  scriptFetchStart: number;
  scriptResponseEnd: number;
  launcherInDom: number;
  launcherFrame: number;
  fcp: number;
  fromScriptStartToFcp: number;
  fromScriptStartToFrame: number;
  fromTagToFcp: number;
  openToPanelMs: number;
}

async function sample(browser: Browser, throttle: boolean): Promise<Sample> {
  const context = await browser.newContext();
  const tab = await context.newPage();
  if (throttle) {
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  }
  await tab.addInitScript(PROBE);
  await tab.goto(pageOrigin);
  await tab.waitForFunction(
    () =>
      (window as unknown as { __marks: Record<string, number> }).__marks.launcherFrame !== undefined &&
      performance.getEntriesByName('first-contentful-paint').length > 0,
  );
  const timing = await tab.evaluate(() => {
    const marks = (window as unknown as { __marks: Record<string, number> }).__marks;
    const script = performance
      .getEntriesByType('resource')
      .find((e) => e.name.endsWith('/webmcp-chat.js')) as PerformanceResourceTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]!.startTime;
    const tag = performance.getEntriesByName('script-tag')[0]!.startTime;
    return { marks, fetchStart: script.startTime, responseEnd: script.responseEnd, fcp, tag };
  });
  // First open: the panel chunk is fetched, parsed, rendered; done when the text box has focus.
  const openToPanelMs = await tab.evaluate<number>(OPEN_PANEL);
  await context.close();
  const { marks, fetchStart, responseEnd, fcp, tag } = timing;
  return {
    scriptFetchStart: fetchStart,
    scriptResponseEnd: responseEnd,
    launcherInDom: marks.launcherInDom!,
    launcherFrame: marks.launcherFrame!,
    fcp,
    fromScriptStartToFcp: fcp - fetchStart,
    fromScriptStartToFrame: marks.launcherFrame! - fetchStart,
    fromTagToFcp: fcp - tag,
    openToPanelMs,
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const summarize = (samples: Sample[]) =>
  Object.fromEntries(
    (Object.keys(samples[0]!) as Array<keyof Sample>).map((key) => {
      const values = samples.map((s) => s[key]);
      return [key, { median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)) }];
    }),
  ) as Record<keyof Sample, { median: number; min: number; max: number }>;
const round = (n: number) => Math.round(n * 10) / 10;

const browser = await launchChromium();
const results: Record<string, ReturnType<typeof summarize>> = {};
try {
  for (const [name, throttle] of [
    ['loopback', false],
    ['slow-4g', true],
  ] as const) {
    await sample(browser, throttle); // warm-up: server JIT, Chromium's first context
    const samples: Sample[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await sample(browser, throttle));
    results[name] = summarize(samples);
  }
} finally {
  await browser.close();
  await new Promise<void>((resolve) => api.close(() => resolve()));
  await new Promise<void>((resolve) => page.close(() => resolve()));
  await store.close();
}

const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
console.log(
  `launcher  dist/webmcp-chat.js      raw ${kb(sizes.launcher.raw).padStart(9)}  gzip ${kb(sizes.launcher.gzip).padStart(9)}  brotli ${kb(sizes.launcher.brotli).padStart(9)}`,
);
console.log(
  `panel     dist/${panelFile}  raw ${kb(sizes.panel.raw).padStart(9)}  gzip ${kb(sizes.panel.gzip).padStart(9)}  brotli ${kb(sizes.panel.brotli).padStart(9)}`,
);
console.log(
  `launcher / (launcher + panel), brotli: ${(sizes.launcher.brotli / (sizes.launcher.brotli + sizes.panel.brotli)).toFixed(3)}`,
);
for (const [name, r] of Object.entries(results)) {
  console.log(`\n${name} (${RUNS} cold runs, median [min–max] ms)`);
  const row = (label: string, key: keyof Sample) =>
    console.log(`  ${label.padEnd(46)} ${String(r[key].median).padStart(7)}  [${r[key].min}–${r[key].max}]`);
  row('script fetch start → launcher painted (FCP)', 'fromScriptStartToFcp');
  row('script fetch start → frame after first render', 'fromScriptStartToFrame');
  row('parser reaches the script tag → launcher painted', 'fromTagToFcp');
  row('script fetch start (since navigation start)', 'scriptFetchStart');
  row('script downloaded (since navigation start)', 'scriptResponseEnd');
  row('first open: click → panel ready (chunk fetched)', 'openToPanelMs');
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/launcher.json',
  JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      runs: RUNS,
      panelFile,
      sizes,
      network: { loopback: 'none', 'slow-4g': SLOW_4G },
      results,
    },
    null,
    2,
  ) + '\n',
);
console.log('\nwrote bench/results/launcher.json');

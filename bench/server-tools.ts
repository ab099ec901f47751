/**
 * Server-tool overhead: an `http` tool call through runServerCall (template, validation, fetch,
 * capped read, redaction) minus a bare fetch of the same loopback upstream, p50/p99 at 1 and 16
 * concurrent calls; and a trivial `code` tool (fresh QuickJS runtime per call) p50.
 * Run: npx tsx bench/server-tools.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseConfig } from '../server/config/load.js';
import { rawConfig } from '../server/test-helpers.js';
import { buildServerTools, runServerCall } from '../server/tools/index.js';

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"zone":"DE-1","priceCents":495}');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const config = parseConfig(
  rawConfig((c) => {
    c.agents.shop.secrets = { K: { env: 'K' } };
    c.agents.shop.tools = [
      { type: 'http', name: 'quote', url: `${base}/q?postcode={{postcode}}`, headers: { 'x-key': '{{secrets.K}}' } },
      { type: 'code', name: 'tax', code: 'return { tax: amount * 0.19 };' },
    ];
  }),
);
const [http, code] = buildServerTools(config.agents.shop!, {
  env: { K: 'k' },
  agent: () => ({ model: undefined as never }),
});
const ctx = { runId: 'exec', sessionId: 'cs', surfaceId: 's', group: { id: 'grp', index: 0, length: 1 } };

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

async function measure(concurrency: number, rounds: number): Promise<{ tool: number[]; bare: number[] }> {
  const tool: number[] = [];
  const bare: number[] = [];
  for (let r = 0; r < rounds; r++) {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        let t = performance.now();
        await (await fetch(`${base}/q?postcode=10115`, { headers: { 'x-key': 'k' } })).text();
        bare.push(performance.now() - t);
        t = performance.now();
        await runServerCall(http!, { toolCallId: 'c', name: 'quote', arguments: { postcode: '10115' } }, ctx);
        tool.push(performance.now() - t);
      }),
    );
  }
  return { tool, bare };
}

const results: Record<string, unknown> = {};
for (const concurrency of [1, 16]) {
  await measure(concurrency, 5);
  const { tool, bare } = await measure(concurrency, concurrency === 1 ? 300 : 30);
  const row = {
    calls: tool.length,
    bareP50Ms: pct(bare, 50),
    toolP50Ms: pct(tool, 50),
    overheadP50Ms: pct(tool, 50) - pct(bare, 50),
    overheadP99Ms: pct(tool, 99) - pct(bare, 99),
  };
  results[`http_c${concurrency}`] = row;
  console.log(`http tool, ${concurrency} concurrent:`, JSON.stringify(row));
}
const codeTimes: number[] = [];
for (let i = 0; i < 50; i++) {
  const t = performance.now();
  await runServerCall(code!, { toolCallId: 'c', name: 'tax', arguments: { amount: 100 } }, ctx);
  codeTimes.push(performance.now() - t);
}
results.code = { calls: codeTimes.length, p50Ms: pct(codeTimes.slice(1), 50), firstCallMs: codeTimes[0] };
console.log('code tool (sandbox start + run):', JSON.stringify(results.code));
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/server-tools.json', JSON.stringify(results, null, 2) + '\n');
server.close();

/**
 * Shares of a V8 `.cpuprofile` by where the time went, for `bench/resume-baseline.ts --profile`.
 * Each sample goes to the first bucket whose rule matches its stack, in this order:
 * - `store`: any frame in `server/store/` or better-sqlite3 (its JSON and SQLite time included);
 * - `sse`: any frame in `server/http/sse`, Node's web streams, or the response writing of
 *   `@hono/node-server` / `node:_http_outgoing` / `node:net`;
 * - `json`: the leaf is `JSON.parse`/`JSON.stringify` (or V8's `parse`/`stringify`) outside the store;
 * - `hono`: any frame in `hono` or `@hono/node-server` (routing, request/response objects);
 * - `engine`: any frame in `server/engine/` or `server/runs/`;
 * - `gc`, `idle`, `program` (V8's own), and `other`.
 *
 *   npx tsx bench/support/cpu-shares.ts file.cpuprofile
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

export type Bucket = 'store' | 'sse' | 'json' | 'hono' | 'engine' | 'gc' | 'idle' | 'program' | 'other';

const RULES: Array<[Bucket, (f: ProfileNode['callFrame']) => boolean]> = [
  ['store', (f) => f.url.includes('/server/store/') || f.url.includes('better-sqlite3')],
  [
    'sse',
    (f) =>
      f.url.includes('/server/http/sse') ||
      f.url.includes('internal/webstreams') ||
      f.url.includes('_http_outgoing') ||
      f.url.includes('node:net') ||
      f.url.includes('stream_base_commons') ||
      (f.url.includes('@hono/node-server') && /write|response|flush|pipe/i.test(f.functionName)),
  ],
  ['json', () => false], // leaf-only, below
  ['hono', (f) => /\/node_modules\/(hono|@hono)\//.test(f.url)],
  ['engine', (f) => f.url.includes('/server/engine/') || f.url.includes('/server/runs/')],
];

/** Fraction of samples per bucket (sums to 1). */
export function cpuShares(profile: Profile): Record<Bucket, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts: Record<Bucket, number> = {
    store: 0,
    sse: 0,
    json: 0,
    hono: 0,
    engine: 0,
    gc: 0,
    idle: 0,
    program: 0,
    other: 0,
  };
  const cache = new Map<number, Bucket>();
  for (const id of profile.samples) {
    let bucket = cache.get(id);
    if (!bucket) {
      bucket = classify(id, byId, parent);
      cache.set(id, bucket);
    }
    counts[bucket]++;
  }
  const total = profile.samples.length || 1;
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / total])) as Record<Bucket, number>;
}

function classify(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): Bucket {
  const leaf = byId.get(id)!.callFrame;
  if (leaf.functionName === '(garbage collector)') return 'gc';
  if (leaf.functionName === '(idle)') return 'idle';
  if (leaf.functionName === '(program)') return 'program';
  const stack: Array<ProfileNode['callFrame']> = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!.callFrame);
  for (const [bucket, test] of RULES) {
    if (bucket === 'json') {
      if (/^(JSON\.)?(parse|stringify)$/.test(leaf.functionName) && leaf.url === '') return 'json';
      continue;
    }
    if (stack.some(test)) return bucket;
  }
  return 'other';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const shares = cpuShares(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Profile);
  for (const [k, v] of Object.entries(shares)) console.log(`${k.padEnd(8)} ${(v * 100).toFixed(1)} %`);
}

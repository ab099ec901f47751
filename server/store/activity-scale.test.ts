/**
 * The tool-activity query at 100,000 tool calls (5,000 conversations of 20 calls), on a SQLite file
 * and, when available, PostgreSQL: the numbers are checked against the seed, and the times of the
 * first query (which also brings the rollup up to date) and of a repeated one are printed, not asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresTestsRun, startPostgres, type PostgresServer } from '../test-support/postgres.js';
import { nearestRank } from './insights.js';
import { minute, seedSession, type SeedCall } from '../test-support/seed.js';
import { PostgresStore, SqliteStore, type Store, type ToolActivity } from './index.js';

const CONVERSATIONS = 5_000;
const CALLS_EACH = 20;
const TOOLS = ['search_products', 'get_cart', 'add_to_cart', 'checkout', 'shipping_quote'];

/** The seed's i-th call: a deterministic spread of tools, durations and outcomes. */
function seedCall(i: number): SeedCall {
  const name = TOOLS[i % TOOLS.length]!;
  return {
    name,
    ...(name === 'shipping_quote' ? { origin: 'server' as const } : {}),
    durationMs: ((i * 7919) % 2000) + 1,
    outcome: i % 23 === 0 ? 'error' : i % 31 === 0 && name === 'checkout' ? 'denied' : 'ok',
  };
}

/** What the activity must be, computed from the seed alone. */
function expected(): ToolActivity[] {
  const groups = new Map<string, SeedCall[]>();
  for (let i = 0; i < CONVERSATIONS * CALLS_EACH; i++) {
    const call = seedCall(i);
    groups.set(call.name, [...(groups.get(call.name) ?? []), call]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([toolName, calls]) => {
      const durations = calls.map((c) => c.durationMs!).sort((a, b) => a - b);
      return {
        toolName,
        kind: toolName === 'shipping_quote' ? ('server' as const) : ('page' as const),
        calls: calls.length,
        errors: calls.filter((c) => c.outcome === 'error').length,
        denials: calls.filter((c) => c.outcome === 'denied').length,
        p50Ms: nearestRank(durations, 50),
        p95Ms: nearestRank(durations, 95),
      };
    });
}

async function seedAndMeasure(label: string, store: Store): Promise<void> {
  const seedStart = performance.now();
  for (let c = 0; c < CONVERSATIONS; c++) {
    const calls = Array.from({ length: CALLS_EACH }, (_, k) => seedCall(c * CALLS_EACH + k));
    await store.saveSession(seedSession(`conv_${String(c).padStart(5, '0')}`, { start: c, user: `hello ${c}`, calls }));
  }
  const seeded = performance.now() - seedStart;
  const window = { from: minute(0), to: minute(CONVERSATIONS + 1000) };
  const firstStart = performance.now();
  const first = await store.toolActivity(window);
  const firstMs = performance.now() - firstStart;
  const againStart = performance.now();
  const again = await store.toolActivity(window);
  const againMs = performance.now() - againStart;
  const narrowStart = performance.now();
  await store.toolActivity({ from: minute(CONVERSATIONS - 500), to: window.to });
  const narrowMs = performance.now() - narrowStart;
  console.log(
    `[activity] ${label}: ${CONVERSATIONS * CALLS_EACH} calls seeded in ${seeded.toFixed(0)} ms; first query ` +
      `(rollup catch-up included) ${firstMs.toFixed(0)} ms; repeated ${againMs.toFixed(1)} ms; last 10% window ` +
      `${narrowMs.toFixed(1)} ms`,
  );
  expect(first).toEqual(expected());
  expect(again).toEqual(first);
  expect(first.reduce((n, a) => n + a.calls, 0)).toBe(CONVERSATIONS * CALLS_EACH);
}

describe('tool activity at 100k calls', () => {
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-activity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('SQLite: the numbers match the seed', { timeout: 300_000 }, async () => {
    const store = new SqliteStore(join(dir, 'activity.db'));
    try {
      await seedAndMeasure('SQLite', store);
    } finally {
      await store.close();
    }
  });

  describe.skipIf(!postgresTestsRun('the PostgreSQL activity scale test'))('PostgreSQL', () => {
    let server: PostgresServer | undefined;
    afterAll(() => server?.stop());
    it('the numbers match the seed', { timeout: 600_000 }, async () => {
      server = await startPostgres();
      const store = await PostgresStore.open({ url: await server.createDatabase() });
      try {
        await seedAndMeasure('PostgreSQL', store);
      } finally {
        await store.close();
      }
    });
  });
});

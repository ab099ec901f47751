import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/index.js';
import { OriginTally } from './origin-tally.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real SQLite store whose `recordOrigin` calls are counted, and whose writes can be made to fail. */
function countedStore() {
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-origins-'));
  dirs.push(dir);
  const store = new SqliteStore(join(dir, 'store.db'));
  let writes = 0;
  let failing = false;
  const recordOrigin = store.recordOrigin.bind(store);
  store.recordOrigin = async (...args) => {
    if (failing) throw new Error('disk full');
    writes += 1;
    return recordOrigin(...args);
  };
  return { store, writes: () => writes, fail: (on: boolean) => (failing = on) };
}

const at = (second: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, second)).toISOString();

describe('OriginTally', () => {
  it('writes a new origin at once, then many requests in one write per flush', async () => {
    const { store, writes } = countedStore();
    // A flush interval no test waits for: the flushes below are explicit.
    const tally = new OriginTally(store, 60_000);
    await tally.record('shop', 'https://a.example', at(1));
    expect(writes()).toBe(1);
    expect((await store.listOrigins('shop'))[0]).toMatchObject({ requests: 1, lastSeen: at(1) });
    for (let i = 2; i <= 101; i++) await tally.record('shop', 'https://a.example', at(i % 60));
    await tally.record('shop', 'https://b.example', at(5));
    expect(writes()).toBe(2);
    await tally.flush();
    expect(writes()).toBe(3);
    const rows = await store.listOrigins('shop');
    expect(rows.map((r) => [r.origin, r.requests])).toEqual([
      ['https://a.example', 101],
      ['https://b.example', 1],
    ]);
    // lastSeen never moves back, whatever order the batch had
    expect(rows[0]!.lastSeen).toBe(at(59));
  });

  it('keeps the counts of a refused flush for the next one', async () => {
    const { store, fail } = countedStore();
    const tally = new OriginTally(store, 60_000);
    await tally.record('shop', 'https://a.example', at(1));
    for (let i = 0; i < 10; i++) await tally.record('shop', 'https://a.example', at(2));
    fail(true);
    await expect(tally.flush()).rejects.toThrow('disk full');
    await tally.record('shop', 'https://a.example', at(3));
    fail(false);
    await tally.flush();
    expect((await store.listOrigins('shop'))[0]).toMatchObject({ requests: 12, lastSeen: at(3) });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { retryWhenBusy, SqliteStore, StoreBusyError } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'webmcp-busy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

/** A store as the server opens it, and a second connection that holds the file's write lock. */
function lockedStore(lockWaitMs: number) {
  const path = join(dir, `${++files}.db`);
  const store = retryWhenBusy(new SqliteStore(path, { busyTimeoutMs: 10 }), lockWaitMs);
  const holder = new Database(path);
  holder.exec('BEGIN EXCLUSIVE');
  holder.prepare("INSERT INTO settings (key, value) VALUES ('held', '1')").run();
  return { store, release: () => holder.exec('COMMIT'), close: () => holder.close() };
}

/** The longest gap between ticks of a 5 ms timer while `work` runs: how long the event loop was blocked. */
async function longestStall(work: Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  try {
    await work;
  } finally {
    clearInterval(timer);
  }
  return longest;
}

describe('retryWhenBusy (SQLite store)', () => {
  it('waits for a lock asynchronously: the event loop keeps running, and the write lands after the release', async () => {
    const { store, release, close } = lockedStore(5000);
    try {
      let released = false;
      const write = store.setSetting('k', { v: 1 }).then(() => released);
      // The lock goes away after 300 ms, released by a timer: it only fires if the loop is free.
      setTimeout(() => {
        released = true;
        release();
      }, 300);
      const stall = await longestStall(write);
      expect(await write).toBe(true);
      expect(await store.getSetting('k')).toEqual({ v: 1 });
      expect(stall).toBeLessThan(60);
    } finally {
      close();
      await store.close();
    }
  });

  it('gives up after lockWaitMs with StoreBusyError, having written nothing', async () => {
    const { store, release, close } = lockedStore(200);
    try {
      const started = performance.now();
      await expect(store.setSetting('k', 1)).rejects.toBeInstanceOf(StoreBusyError);
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      release();
      expect(await store.getSetting('k')).toBeUndefined();
      expect(await store.getSetting('held')).toBe(1);
    } finally {
      close();
      await store.close();
    }
  });

  it('passes other errors through at once', async () => {
    const store = retryWhenBusy(new SqliteStore(':memory:'), 5000);
    await store.close();
    await expect(store.getSetting('k')).rejects.toThrow(/not open/);
  });
});

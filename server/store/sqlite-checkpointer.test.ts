/**
 * The background WAL checkpointer on real SQLite files: the worker copies the WAL back while it
 * grows (so the file starts over instead of growing), a store closes it with itself, and a worker
 * that cannot run hands checkpoints back to the server's connection. Counts pages, never time.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES, startCheckpointer } from './sqlite-checkpointer.js';
import { parseConfig } from '../config/load.js';
import { rawConfig } from '../test-helpers.js';
import { openStore } from './index.js';
import { SqliteStore } from './sqlite.js';
import type { SessionRecord } from './types.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'webmcp-ckpt-'));
  dirs.push(dir);
  return join(dir, 'chat.db');
}

/** A session whose record fills about one 4 KB page. */
function pageSession(i: number): SessionRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  return {
    id: `cs_${i}`,
    surfaceId: 'storefront',
    origin: 'https://shop.example',
    token: 'ct_test_demo',
    createdAt: at,
    updatedAt: at,
    transcript: [{ role: 'user', content: 'x'.repeat(3500) }],
  } as SessionRecord;
}

/** Pages in the WAL file (its 32-byte header, then 24-byte frame headers and pages). */
function walPages(path: string): number {
  const size = existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0;
  return size === 0 ? 0 : (size - 32) / (24 + 4096);
}

describe('background WAL checkpoints', () => {
  it('keeps the WAL from growing while a store writes far past the inline threshold', async () => {
    const path = tempFile();
    const store = new SqliteStore(path, { checkpoint: 'background' });
    try {
      const checkpointer = store.checkpointer!;
      expect(checkpointer).toBeDefined();
      // 20 rounds of 30 sessions, each a page and its index entries: over 2,000 pages, twice SQLite's
      // inline threshold and below the backstop, so only the worker can let the WAL start over.
      let written = 0;
      for (let round = 0; round < 20; round++) {
        const before = walPages(path);
        for (let i = 0; i < 30; i++) await store.saveSession(pageSession(round * 30 + i));
        // A round that started over wrote from the top of the file; one that did not, after it.
        written += Math.max(walPages(path) - before, 0) || walPages(path);
        await checkpointer.next();
      }
      expect(written).toBeGreaterThan(2000);
      expect(written).toBeLessThan(BACKSTOP_PAGES);
      const pages = walPages(path);
      console.log(`${written} pages written: the WAL holds ${pages} after ${checkpointer.runs} background checkpoints`);
      expect(pages).toBeLessThan(written / 4);
      expect((await store.getSession('cs_599'))!.transcript).toHaveLength(1);
    } finally {
      await store.close();
    }
    // Closed with the store: the last connection checkpointed and removed the WAL.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n FROM sessions').get()).toEqual({ n: 600 });
    db.close();
  });

  it('without the worker, the same writes leave the WAL to the inline threshold', async () => {
    const path = tempFile();
    const store = new SqliteStore(path, { checkpoint: 'inline' });
    try {
      expect(store.checkpointer).toBeUndefined();
      for (let i = 0; i < 900; i++) await store.saveSession(pageSession(i));
      // Below 1,000 pages nothing copies the WAL back: it only grows.
      expect(walPages(path)).toBeGreaterThan(900);
    } finally {
      await store.close();
    }
  });

  it('reports a worker that cannot open the file, so the server checkpoints inline again', async () => {
    const stopped = new Promise<unknown>((resolve) => startCheckpointer(join(tempFile(), 'missing.db'), resolve));
    expect(String(await stopped)).toMatch(/cannot open database|unable to open database/i);
  });

  it('runs in the store the server opens from its config, unless `store.checkpoint` says inline', async () => {
    const background = (await openStore({ kind: 'sqlite', path: tempFile() })) as SqliteStore;
    const inline = (await openStore({ kind: 'sqlite', path: tempFile(), checkpoint: 'inline' })) as SqliteStore;
    try {
      expect(background.checkpointer?.runs).toBeTypeOf('number');
      expect(inline.checkpointer).toBeUndefined();
    } finally {
      await background.close();
      await inline.close();
    }
    const bad = rawConfig((c) => (c.store = { kind: 'sqlite', path: 'x.db', checkpoint: 'sometimes' }));
    expect(() => parseConfig(bad)).toThrow(/store\.checkpoint/);
  });

  it('does not start for an in-memory database', async () => {
    const store = new SqliteStore(':memory:', { checkpoint: 'background' });
    expect(store.checkpointer).toBeUndefined();
    await store.close();
  });
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite.js';
import { WriteBatch } from './sqlite-write-batch.js';
import { sampleRun } from './store.suite.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'webmcp-write-batch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function table(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY) STRICT');
  return db;
}
const rows = (db: Database.Database) =>
  db
    .prepare<[], { n: number }>('SELECT n FROM t ORDER BY n')
    .all()
    .map((r) => r.n);

/** Pages appended to the WAL since it was last emptied. */
function walFrames(path: string): number {
  const size = statSync(`${path}-wal`).size;
  return size === 0 ? 0 : (size - 32) / (24 + 4096);
}

describe('WriteBatch', () => {
  it('resolves each write after the commit that holds it, in one transaction per turn', async () => {
    const path = join(dir, 'a.db');
    const db = table(path);
    const reader = new Database(path, { readonly: true });
    const batch = new WriteBatch(db);
    const insert = db.prepare<[number]>('INSERT INTO t (n) VALUES (?)');
    const seenInside: boolean[] = [];
    const writes = [1, 2, 3].map((n) =>
      batch.run(() => {
        seenInside.push(db.inTransaction);
        insert.run(n);
        return n * 10;
      }),
    );
    // Nothing runs before the turn ends.
    expect(rows(reader)).toEqual([]);
    const results = await Promise.all(
      writes.map((w) => w.then((value) => ({ value, visibleToOthers: rows(reader).length }))),
    );
    expect(results).toEqual([
      { value: 10, visibleToOthers: 3 },
      { value: 20, visibleToOthers: 3 },
      { value: 30, visibleToOthers: 3 },
    ]);
    expect(seenInside).toEqual([true, true, true]);
    reader.close();
    db.close();
  });

  it('rolls back a write that throws, alone: the others of its batch commit', async () => {
    const db = table(join(dir, 'b.db'));
    const batch = new WriteBatch(db);
    const insert = db.prepare<[number]>('INSERT INTO t (n) VALUES (?)');
    const outcomes = await Promise.allSettled([
      batch.run(() => insert.run(1)),
      batch.run(() => {
        insert.run(2);
        throw new Error('write 2 failed');
      }),
      batch.run(() => insert.run(3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'write 2 failed' });
    expect(rows(db)).toEqual([1, 3]);
    db.close();
  });

  it('fails the whole batch, writing nothing, when another process holds the write lock', async () => {
    const path = join(dir, 'c.db');
    const db = table(path);
    db.pragma('busy_timeout = 0');
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const batch = new WriteBatch(db);
    const insert = db.prepare<[number]>('INSERT INTO t (n) VALUES (?)');
    const outcomes = await Promise.allSettled([batch.run(() => insert.run(1)), batch.run(() => insert.run(2))]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : 'ok'))).toEqual([
      'SQLITE_BUSY',
      'SQLITE_BUSY',
    ]);
    other.exec('ROLLBACK');
    expect(rows(db)).toEqual([]);
    // Retried as a whole once the lock is gone, each write lands once.
    await Promise.all([batch.run(() => insert.run(1)), batch.run(() => insert.run(2))]);
    expect(rows(db)).toEqual([1, 2]);
    other.close();
    db.close();
  });

  it('lets the claims of one turn share their index pages: fewer WAL pages than one claim per turn', async () => {
    const path = join(dir, 'd.db');
    const store = new SqliteStore(path);
    const N = 12;
    const ids = Array.from({ length: 2 * N }, (_, i) => `exec_${String(i).padStart(3, '0')}`);
    for (const id of ids) await store.saveRun(sampleRun(id, { status: 'awaiting', version: 2 }));
    const wal = new Database(path);
    wal.pragma('wal_checkpoint(TRUNCATE)');
    const together = await Promise.all(ids.slice(0, N).map((id) => store.claimRun(id, 2)));
    const batched = walFrames(path);
    for (const id of ids.slice(N)) expect(await store.claimRun(id, 2)).toMatchObject({ status: 'running' });
    const oneByOne = walFrames(path) - batched;
    expect(together.every((run) => run?.status === 'running' && run.version === 3)).toBe(true);
    console.log(`WAL pages for ${N} claims: ${batched} in one turn, ${oneByOne} one per turn`);
    expect(batched).toBeLessThan(oneByOne / 2);
    wal.close();
    await store.close();
  });

  it('commits what is queued when the store closes', async () => {
    const path = join(dir, 'e.db');
    const store = new SqliteStore(path);
    await store.saveRun(sampleRun('exec_a', { status: 'awaiting', version: 2 }));
    const claim = store.claimRun('exec_a', 2);
    await store.close();
    expect(await claim).toMatchObject({ status: 'running', version: 3 });
    const reopened = new SqliteStore(path);
    expect(await reopened.getRun('exec_a')).toMatchObject({ status: 'running', version: 3 });
    await reopened.close();
  });
});

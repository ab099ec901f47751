/**
 * Group commit for the SQLite store's hot writes (a resume's claim, a segment's commit): the writes
 * asked for in one turn of the event loop run in one `BEGIN IMMEDIATE … COMMIT`, each in a savepoint
 * of its own. One WAL commit then carries several resumes — the index pages they share (runs by
 * status and time, sessions by time) are written once, and the commit's locking and WAL-index work
 * is paid once — while every caller still learns its result only after the commit that made its
 * write durable.
 *
 * The writes first run one after the other with no savepoints: a savepoint makes SQLite copy every
 * page the write changes that an earlier write of the batch already changed into a sub-journal (a
 * temporary file past a few dozen pages), which cost more than the batching saved. A write that
 * throws (rare: a seq stored twice, a bug) rolls the whole attempt back, and the batch runs again
 * with each write in a savepoint of its own, so the write that throws is rolled back alone and
 * rejects alone while the others go on. The writes are synchronous SQLite statements and nothing
 * else, so running one again after a rollback does the same. When the transaction as a whole fails
 * (the file is locked by another process, `SQLITE_BUSY`), every write of the batch rejects with that
 * error and nothing of the batch was written, so each may be retried as a whole (see
 * `busy-retry.ts`). A batch of one is a plain transaction.
 */
import type Database from 'better-sqlite3';
import { isBusy } from './busy-retry.js';

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class WriteBatch {
  #pending: Pending[] = [];
  #scheduled = false;
  /** One savepoint around a write: better-sqlite3 nests a transaction function as a savepoint. */
  readonly #savepoint: (write: () => unknown) => unknown;
  /** The batch's transactions; `.immediate` takes the write lock before the first read. */
  readonly #batch: Database.Transaction<(writes: readonly Pending[]) => Outcome[]>;
  readonly #isolated: Database.Transaction<(writes: readonly Pending[]) => Outcome[]>;

  constructor(db: Database.Database) {
    this.#savepoint = db.transaction((write: () => unknown) => write());
    this.#batch = db.transaction((writes: readonly Pending[]) =>
      writes.map((p): Outcome => ({ ok: true, value: p.write() })),
    );
    this.#isolated = db.transaction((writes: readonly Pending[]) =>
      writes.map((p): Outcome => {
        try {
          return { ok: true, value: writes.length === 1 ? p.write() : this.#savepoint(p.write) };
        } catch (error) {
          // A lock error fails the whole batch: inside a transaction SQLite may have rolled it all back.
          if (writes.length === 1 || isBusy(error)) throw error;
          return { ok: false, error };
        }
      }),
    );
  }

  /** Runs `write` (synchronous SQLite statements) in the next batch; resolves after its commit. */
  run<T>(write: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // After the I/O of this turn: the requests read in it have queued their writes by then.
        setImmediate(flush, this);
      }
    });
  }

  /** Commits what is queued now (also called when the store closes). */
  flush(): void {
    this.#scheduled = false;
    const writes = this.#pending;
    if (writes.length === 0) return;
    this.#pending = [];
    let outcomes: Outcome[];
    try {
      try {
        outcomes = this.#batch.immediate(writes);
      } catch (error) {
        // Rolled back as a whole: again, each write on its own (a lock error fails them all anyway).
        if (writes.length === 1 || isBusy(error)) throw error;
        outcomes = this.#isolated.immediate(writes);
      }
    } catch (error) {
      for (const p of writes) p.reject(error);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? writes[i]!.resolve(o.value) : writes[i]!.reject(o.error)));
  }
}

// A module function with the batch as its argument: no closure per scheduled flush.
function flush(batch: WriteBatch): void {
  batch.flush();
}

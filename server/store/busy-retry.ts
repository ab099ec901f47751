/**
 * A locked SQLite file must not freeze the server. better-sqlite3 runs every statement on the event
 * loop, and SQLite's busy handler sleeps inside the call while another process holds the write lock:
 * with a 5 s busy timeout, one write blocked every route for 5 s. The server's SQLite store therefore
 * waits only a few milliseconds inside a call ({@link SQLITE_BUSY_TIMEOUT_MS}) and retries a call
 * that found the file locked asynchronously, with backoff, for up to `lockWaitMs`; meanwhile the
 * event loop serves other requests. A call still locked out after that rejects with
 * {@link StoreBusyError} (routes answer 503 `store_unavailable`).
 *
 * Chosen over moving the store into a worker thread: the same answer for routes (nothing blocks) with
 * no second copy of every record crossing threads, and reads in WAL mode never wait for a writer.
 */
import type { Store } from './types.js';

/** How long one SQLite call may wait for a lock on the event loop. */
export const SQLITE_BUSY_TIMEOUT_MS = 10;

/** Default for `store.lockWaitMs`: how long a call keeps retrying a locked file. */
export const DEFAULT_LOCK_WAIT_MS = 5000;

/** A store call gave up on a file another process kept locked. */
export class StoreBusyError extends Error {
  constructor(waitedMs: number, cause: unknown) {
    super(`The SQLite file stayed locked by another process for ${waitedMs} ms.`, { cause });
    this.name = 'StoreBusyError';
  }
}

/** True for SQLite's "database is locked" family (`SQLITE_BUSY`, `SQLITE_BUSY_SNAPSHOT`, `SQLITE_LOCKED`…). */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/**
 * `store` with every call that finds the file locked retried asynchronously (backoff from 5 ms to
 * 250 ms) for up to `lockWaitMs`. A locked call changed nothing (SQLite rolls the statement or
 * transaction back), so repeating it is safe; `updateSession` re-reads the record each time.
 */
export function retryWhenBusy<S extends Store>(store: S, lockWaitMs = DEFAULT_LOCK_WAIT_MS): S {
  return new Proxy(store, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => Promise<unknown>;
      if (property === 'close' || property === 'constructor') return method.bind(target);
      return (...args: unknown[]) => retrying(() => method.apply(target, args), lockWaitMs);
    },
  });
}

async function retrying<T>(call: () => Promise<T>, lockWaitMs: number): Promise<T> {
  const started = Date.now();
  for (let delay = 5; ; delay = Math.min(delay * 2, 250)) {
    try {
      return await call();
    } catch (error) {
      if (!isBusy(error)) throw error;
      const waited = Date.now() - started;
      if (waited >= lockWaitMs) throw new StoreBusyError(waited, error);
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, lockWaitMs - waited)));
    }
  }
}

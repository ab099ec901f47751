/**
 * The requests each browser origin makes, counted in memory and written to the store in one batch at
 * most every `flushMs`, instead of one store write per request (which was a third of the writes of a
 * resume). An origin this process has not recorded yet is written at once, so a new origin shows in
 * the console immediately; after that its count and `lastSeen` are up to `flushMs` behind, on other
 * instances too, and a crash loses at most that much of the count (it is a diagnostic, not a meter).
 */
import type { Store } from '../store/index.js';

/** Default for how long counts wait in memory. */
export const ORIGIN_FLUSH_MS = 1000;

interface Pending {
  surfaceId: string;
  origin: string;
  at: string;
  requests: number;
}

/**
 * @example
 * const origins = new OriginTally(store);
 * origins.record('storefront', 'https://shop.example', new Date().toISOString());
 * await origins.flush(); // before reading `store.listOrigins()` on this instance
 */
export class OriginTally {
  readonly #pending = new Map<string, Pending>();
  readonly #known = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<Store, 'recordOrigin'>,
    private readonly flushMs = ORIGIN_FLUSH_MS,
  ) {}

  /** Counts one request; resolves once written when the origin is new to this process, at once otherwise. */
  async record(surfaceId: string, origin: string, at: string): Promise<void> {
    const key = `${surfaceId}\n${origin}`;
    if (!this.#known.has(key)) {
      await this.store.recordOrigin(surfaceId, origin, at, 1);
      this.#known.add(key);
      return;
    }
    const pending = this.#pending.get(key);
    if (pending) {
      pending.requests += 1;
      if (at > pending.at) pending.at = at;
    } else {
      this.#pending.set(key, { surfaceId, origin, at, requests: 1 });
    }
    this.#timer ??= setTimeout(() => void this.flush().catch(() => {}), this.flushMs).unref();
  }

  /** Writes the counts waiting in memory (kept for the next flush when the store refuses them). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    this.#flushing = this.#flushing.then(async () => {
      for (const [i, p] of batch.entries()) {
        try {
          await this.store.recordOrigin(p.surfaceId, p.origin, p.at, p.requests);
        } catch (error) {
          for (const rest of batch.slice(i)) this.#putBack(rest);
          throw error;
        }
      }
    });
    const done = this.#flushing;
    this.#flushing = done.catch(() => {});
    return done;
  }

  #putBack(p: Pending): void {
    const key = `${p.surfaceId}\n${p.origin}`;
    const newer = this.#pending.get(key);
    this.#pending.set(key, newer ? { ...newer, requests: newer.requests + p.requests } : p);
    this.#timer ??= setTimeout(() => void this.flush().catch(() => {}), this.flushMs).unref();
  }
}

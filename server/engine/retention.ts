/**
 * The retention sweep: every few minutes, asks the store to delete what `retention` says has
 * expired (see `Store.purge`). Any instance may run it; the deletes are idempotent.
 */
import type { Config } from '../config/schema.js';
import type { PurgeCounts, Store } from '../store/index.js';
import { warnTo, type Warn } from './warn.js';

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;

/** Purges once, as of `now` (epoch ms). */
export function purgeExpired(store: Store, retention: Config['retention'], now = Date.now()): Promise<PurgeCounts> {
  const iso = (ms: number) => new Date(now - ms).toISOString();
  return store.purge({
    finishedEventsBefore: iso(retention.finishedEventsMinutes * MINUTE),
    sessionsBefore: iso(retention.sessionsDays * DAY),
    sightingsBefore: iso(retention.sightingsDays * DAY),
    now,
  });
}

/** Starts the sweep (an `unref`'d timer) and returns its stop function. */
export function startRetentionSweep(
  store: Store,
  retention: Config['retention'],
  everyMs: number,
  warn: Warn = warnTo(undefined),
): () => void {
  const timer = setInterval(() => {
    purgeExpired(store, retention).catch((error: unknown) => {
      // A failed sweep deletes nothing; the next one tries again.
      warn('retention.sweep_failed', { error }, 'retention sweep failed');
    });
  }, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

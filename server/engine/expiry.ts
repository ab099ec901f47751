/**
 * Paused-run expiry (architecture.md §5): a run waiting for tool outputs longer than
 * `runs.pausedTtlMinutes` is marked `expired`, so it can never be resumed and stops counting as
 * pending. A resume checks the deadline itself (410 `execution_expired`); this sweep also marks
 * runs nobody comes back for. Every instance may sweep: expiring is idempotent in every store.
 */
import type { Logger } from '../log/logger.js';
import type { Store } from '../store/index.js';

/** Marks every run paused before `now - pausedTtlMs` as expired; returns how many. */
export function expireStaleRuns(
  store: Pick<Store, 'expirePausedRuns'>,
  pausedTtlMs: number,
  now = Date.now(),
): Promise<number> {
  return store.expirePausedRuns(new Date(now - pausedTtlMs).toISOString());
}

/**
 * Runs {@link expireStaleRuns} every `intervalMs` (never two at once) on an `unref`'d timer, so
 * it never keeps the process alive. Returns the function that stops it.
 */
export function startExpirySweep(
  store: Pick<Store, 'expirePausedRuns'>,
  pausedTtlMs: number,
  intervalMs: number,
  log?: Logger,
): () => void {
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    expireStaleRuns(store, pausedTtlMs)
      .then((expired) => {
        if (expired > 0) log?.info({ event: 'runs.expired', runs: expired }, 'paused runs expired');
      })
      .catch((error: unknown) => {
        // The next sweep tries again; a resume checks the deadline itself meanwhile.
        if (log) log.warn({ event: 'runs.expiry_failed', error: String(error) }, 'paused-run expiry sweep failed');
        else console.warn('[webmcp-chat] paused-run expiry sweep failed', error);
      })
      .finally(() => (sweeping = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * How a segment ends its run while the store fails (a locked SQLite file, a PostgreSQL restart): the
 * commit of the ended run with its final frame is retried with backoff until the store takes it, so a
 * run never stays `running` — or ends with a gap before its final frame — in a store that works again.
 */
import { setTimeout as wait } from 'node:timers/promises';
import { RunLostError } from './heartbeat.js';

/** A store write of a segment failed; its run ends with `execution_error` code `store_error`. */
export class StoreWriteError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'StoreWriteError';
  }
}

/** First and largest pause between attempts. */
export const STORE_RETRY_MS = { first: 100, max: 5000 } as const;

export interface StoreFinalSteps {
  /** Commits the ended run with its final frame (idempotent: a commit that landed is not repeated). */
  commit: () => Promise<void>;
  /** Told about every failed attempt. */
  onFailure: (error: unknown) => void;
  /** Aborted when the server stops: no more attempts (the heartbeat lapses and another instance ends the run). */
  signal: AbortSignal;
  /** True when another instance took the run over: no more attempts. */
  lost: () => boolean;
}

/** Runs `commit` until it succeeds; false when it gave up (lost or stopped). */
export async function storeFinal(steps: StoreFinalSteps): Promise<boolean> {
  for (let delay: number = STORE_RETRY_MS.first; ; delay = Math.min(delay * 2, STORE_RETRY_MS.max)) {
    try {
      await steps.commit();
      return true;
    } catch (error) {
      if (error instanceof RunLostError || steps.lost()) return false;
      steps.onFailure(error);
      if (steps.signal.aborted) return false;
      // Node's abortable timer; an abort ends the wait early (the loop then sees the signal).
      await wait(delay, undefined, { signal: steps.signal }).catch(() => undefined);
    }
  }
}

/**
 * How a segment ends its run while the store fails (a locked SQLite file, a PostgreSQL restart): the
 * final save and frame are retried with backoff until the store takes them, so a run never stays
 * `running` — or ends with a gap before its final frame — in a store that works again.
 */
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
  /** Saves the ended run (once it succeeded, it is not repeated). */
  save?: (() => Promise<void>) | undefined;
  /** Stores the final frame. */
  append: () => Promise<void>;
  /** After a failed append: true when the frame is stored after all (the reply was lost, not the write). */
  stored?: () => Promise<boolean>;
  /** Told about every failed attempt. */
  onFailure: (error: unknown) => void;
  /** Aborted when the server stops: no more attempts (the heartbeat lapses and another instance ends the run). */
  signal: AbortSignal;
  /** True when another instance took the run over: no more attempts. */
  lost: () => boolean;
}

/** Runs `save` then `append` until both succeed; false when it gave up (lost or stopped). */
export async function storeFinal(steps: StoreFinalSteps): Promise<boolean> {
  let saved = !steps.save;
  let appendFailed = false;
  for (let delay: number = STORE_RETRY_MS.first; ; delay = Math.min(delay * 2, STORE_RETRY_MS.max)) {
    try {
      if (!saved) {
        await steps.save!();
        saved = true;
      }
      if (!(appendFailed && steps.stored && (await steps.stored()))) {
        try {
          await steps.append();
        } catch (error) {
          appendFailed = true;
          throw error;
        }
      }
      return true;
    } catch (error) {
      if (error instanceof RunLostError || steps.lost()) return false;
      steps.onFailure(error);
      if (steps.signal.aborted) return false;
      await pause(delay, steps.signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Follows an execution from a `seq` for a reconnecting client (architecture.md §4, `POST /v1/client/stream`):
 * the stored events after it, then live ones until the current segment ends. Live events come from
 * the segment's hub when the run executes in this process, and from polling the store otherwise
 * (another instance runs it, or it already ended). Seqs are contiguous (a stored run of text deltas
 * stands for several, and is cut where the reader stopped), so nothing is lost or repeated.
 */
import { setTimeout as wait } from 'node:timers/promises';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { RunRecord, Store } from '../store/index.js';
import type { EventHub } from './hub.js';
import { firstSeqOf, fromStored, type StoredEvent } from './stored-frames.js';

export interface FollowOptions {
  /** Delay between store polls while no hub in this process has the run. */
  pollMs: number;
  /** Give up polling after this long without a new event (the client may reconnect again). */
  idleTimeoutMs: number;
  /** How long a hole in the stored seqs of a running run is waited for; default {@link GAP_WAIT_MS}. */
  gapWaitMs?: number;
}

/** Poll every 200 ms; give up after 30 s without a new event. */
export const DEFAULT_FOLLOW: FollowOptions = { pollMs: 200, idleTimeoutMs: 30_000 };

/** How long a hole in the stored seqs of a running run is waited for before the events after it are sent. */
export const GAP_WAIT_MS = 2000;

/** Where the events come from: the store and, for runs executing here, their live hubs. */
export interface FollowSource {
  store: Pick<Store, 'listEvents' | 'getRun'>;
  live(executionId: string): EventHub | undefined;
  /**
   * Stranded runs: after `afterMs` without news from a `running` run, `takeOver` is tried (at most
   * once per second); it ends the run if its heartbeat is stale (see `takeover.ts`).
   */
  stranded?: { afterMs: number; takeOver(run: RunRecord): Promise<unknown> };
}

/**
 * Yields the events of `executionId` with `seq > after`, in order, until a terminal frame
 * (`execution_complete`, `execution_error`), the end of the run's current pause (its last `await`),
 * the end of the live segment, `signal` aborting, or `idleTimeoutMs` without news. They come in
 * batches, as they became available together (one store read, one wake of the live hub), so a
 * stream writes each batch at once.
 */
export async function* followExecution(
  source: FollowSource,
  executionId: string,
  after: number,
  signal: AbortSignal,
  options: FollowOptions = DEFAULT_FOLLOW,
): AsyncGenerator<readonly StreamEvent[]> {
  let last = after;
  let lastNews = Date.now();
  let lastTakeover = 0;
  let gapSince: number | undefined;
  let spent: EventHub | undefined;
  while (!signal.aborted) {
    const hub = source.live(executionId);
    // Events before the hub's segment are only in the store; once caught up, the hub has the rest.
    if (hub && hub !== spent && last >= hub.startSeq - 1) {
      let ended = false;
      for await (const batch of hub.batches(last, signal)) {
        yield batch;
        const end = batch.at(-1)!;
        last = end.seq;
        ended = isFinal(end) || end.type === 'await';
      }
      // A segment that lost its run to a takeover ends without a final frame: the store will have it.
      if (ended || !hub.closed) return;
      spent = hub;
      continue;
    }
    // Read after the events, so a run seen at rest has all its events stored.
    let run: RunRecord | undefined | null = null;
    const current = async () => (run === null ? (run = await source.store.getRun(executionId)) : run);
    const rows = (await source.store.listEvents(executionId, last)) as StoredEvent[];
    // Rows up to the first hole. A hole is an event still being written (a batch not stored yet),
    // unless the run is at rest or it lasts: then it will never be filled, and waiting would be forever.
    let n = 0;
    for (let expected = last + 1; n < rows.length && firstSeqOf(rows[n]!) <= expected; n++) {
      expected = rows[n]!.seq + 1;
    }
    if (n < rows.length) {
      gapSince ??= Date.now();
      const at = await current();
      const waiting = at?.status === 'running' && Date.now() - gapSince < (options.gapWaitMs ?? GAP_WAIT_MS);
      if (!waiting) {
        n = rows.length;
        gapSince = undefined;
      }
    } else gapSince = undefined;
    const all = () => source.store.listEvents(executionId, 0) as Promise<StoredEvent[]>;
    const read = await fromStored(rows.slice(0, n), last, all);
    if (signal.aborted) return;
    if (read.length > 0) {
      // Up to a terminal frame: nothing comes after it.
      const final = read.findIndex(isFinal);
      yield final < 0 ? read : read.slice(0, final + 1);
      if (final >= 0) return;
      last = read.at(-1)!.seq;
      lastNews = Date.now();
      continue;
    }
    const stored = await current();
    const resting = !stored || stored.status !== 'running';
    if (stored && (stored.status === 'completed' || stored.status === 'failed') && last > stored.seq) {
      // The reader saw frames past the stored end: a segment streamed them live and died (or lost
      // the run) before storing them, and the run was ended after what was stored. Its final frame
      // goes to this reader after what it saw, since its own seq is one the reader already passed.
      const final = (await source.store.listEvents(executionId, stored.seq - 1)).find(isFinal);
      if (final) yield [{ ...final, seq: last + 1 }];
      return;
    }
    // A run at rest (paused, expired, ended) whose every event was sent has nothing more to say.
    if (!stored || (resting && last >= stored.seq)) return;
    const quiet = Date.now() - lastNews;
    if (!resting && source.stranded && quiet >= source.stranded.afterMs && Date.now() - lastTakeover >= 1000) {
      lastTakeover = Date.now();
      // The sweep tries again if this fails; a reader only nudges it.
      await source.stranded.takeOver(stored).catch(() => {});
      continue;
    }
    if (quiet >= options.idleTimeoutMs) return;
    // Node's abortable timer; an abort ends the wait early (the loop then sees the signal).
    await wait(options.pollMs, undefined, { signal }).catch(() => undefined);
  }
}

function isFinal(event: StreamEvent): boolean {
  return event.type === 'execution_complete' || event.type === 'execution_error';
}

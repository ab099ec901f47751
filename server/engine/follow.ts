/**
 * Follows an execution from a `seq` for a reconnecting client (architecture.md §4, `POST /v1/client/stream`):
 * the stored events after it, then live ones until the current segment ends. Live events come from
 * the segment's hub when the run executes in this process, and from polling the store otherwise
 * (another instance runs it, or it already ended). Seqs are contiguous (a stored run of text deltas
 * stands for several, and is cut where the reader stopped), so nothing is lost or repeated.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { Store } from '../store/index.js';
import type { EventHub } from './hub.js';
import { firstSeqOf, fromStored, type StoredEvent } from './stored-frames.js';

export interface FollowOptions {
  /** Delay between store polls while no hub in this process has the run. */
  pollMs: number;
  /** Give up polling after this long without a new event (the client may reconnect again). */
  idleTimeoutMs: number;
}

/** Poll every 200 ms; give up after 30 s without a new event. */
export const DEFAULT_FOLLOW: FollowOptions = { pollMs: 200, idleTimeoutMs: 30_000 };

/** Where the events come from: the store and, for runs executing here, their live hubs. */
export interface FollowSource {
  store: Pick<Store, 'listEvents' | 'getRun'>;
  live(executionId: string): EventHub | undefined;
}

/**
 * Yields the events of `executionId` with `seq > after`, in order, until a terminal frame
 * (`execution_complete`, `execution_error`), the end of the run's current pause (its last `await`),
 * the end of the live segment, `signal` aborting, or `idleTimeoutMs` without news.
 */
export async function* followExecution(
  source: FollowSource,
  executionId: string,
  after: number,
  signal: AbortSignal,
  options: FollowOptions = DEFAULT_FOLLOW,
): AsyncGenerator<StreamEvent> {
  let last = after;
  let lastNews = Date.now();
  while (!signal.aborted) {
    const hub = source.live(executionId);
    // Events before the hub's segment are only in the store; once caught up, the hub has the rest.
    if (hub && last >= hub.startSeq - 1) {
      for await (const event of hub.follow(last, signal)) {
        yield event;
      }
      return;
    }
    let progressed = false;
    const rows = (await source.store.listEvents(executionId, last)) as StoredEvent[];
    // A gap means an event is still being written (a batch not stored yet): stop before it, poll again.
    let n = 0;
    for (let expected = last + 1; n < rows.length && firstSeqOf(rows[n]!) <= expected; n++) {
      expected = rows[n]!.seq + 1;
    }
    const all = () => source.store.listEvents(executionId, 0) as Promise<StoredEvent[]>;
    for (const event of await fromStored(rows.slice(0, n), last, all)) {
      if (signal.aborted) break;
      yield event;
      last = event.seq;
      progressed = true;
      if (event.type === 'execution_complete' || event.type === 'execution_error') return;
    }
    if (progressed) {
      lastNews = Date.now();
      continue;
    }
    const run = await source.store.getRun(executionId);
    // A run at rest (paused, expired, ended) whose every event was sent has nothing more to say.
    if (!run || (run.status !== 'running' && last >= run.seq)) return;
    if (Date.now() - lastNews >= options.idleTimeoutMs) return;
    await sleep(options.pollMs, signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
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

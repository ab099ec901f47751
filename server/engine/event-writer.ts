/**
 * Writes a segment's events: each goes to the live {@link EventHub} at once, and to the store in
 * batches — everything written in one turn of the event loop is one `appendEvents` call (one
 * transaction), and while only text deltas are waiting the batch waits up to `windowMs` more, so a
 * model streaming a word at a time is stored as one frame per interval (see `stored-frames.ts`).
 * {@link flush} is the barrier the segment passes before saving the run or ending.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';
import type { Store } from '../store/types.js';
import type { EventHub } from './hub.js';
import { toStored } from './stored-frames.js';

/** How long text deltas may wait to be stored with the ones after them. */
export const DELTA_WINDOW_MS = 100;

/** The batching writer of one segment's events. */
export class EventWriter {
  #queue: StreamEvent[] = [];
  #immediate: ReturnType<typeof setImmediate> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();
  #error: unknown;
  #failed = false;

  constructor(
    private readonly store: Pick<Store, 'appendEvents'>,
    private readonly executionId: string,
    private readonly hub: EventHub,
    private readonly windowMs = DELTA_WINDOW_MS,
  ) {}

  /** Pushes `event` to the hub and queues it for the store. Throws the error of a failed earlier batch. */
  write(event: StreamEvent): void {
    if (this.#failed) throw this.#error;
    this.hub.push(event);
    this.#queue.push(event);
    if (event.type === 'text_delta' || event.type === 'reasoning_delta') {
      this.#timer ??= setTimeout(() => this.#start(), this.windowMs);
    } else {
      this.#immediate ??= setImmediate(() => this.#start());
    }
  }

  /**
   * Stores everything queued so far; rejects when the store refused a batch. After a refusal, each
   * call tries that batch again (nothing is written meanwhile), so a caller retrying until the store
   * is back leaves no hole in the stored seqs.
   */
  async flush(): Promise<void> {
    this.#start();
    await this.#writing;
    if (!this.#failed) return;
    const batch = this.#queue;
    try {
      await this.store.appendEvents(this.executionId, toStored(batch));
    } catch (error) {
      this.#error = error;
      throw error;
    }
    this.#queue = [];
    this.#failed = false;
    this.#error = undefined;
  }

  /** Drops the timers and whatever is still queued. */
  dispose(): void {
    this.#clear();
    this.#queue = [];
  }

  #clear(): void {
    if (this.#immediate) clearImmediate(this.#immediate);
    if (this.#timer) clearTimeout(this.#timer);
    this.#immediate = undefined;
    this.#timer = undefined;
  }

  /** Hands the queue to the store as one batch, after the batch before it. */
  #start(): void {
    this.#clear();
    if (this.#queue.length === 0 || this.#failed) return;
    const batch = this.#queue;
    this.#queue = [];
    this.#writing = this.#writing.then(async () => {
      if (this.#failed) return;
      try {
        await this.store.appendEvents(this.executionId, toStored(batch));
      } catch (error) {
        // Kept, in order, for the retry in `flush`.
        this.#queue = [...batch, ...this.#queue];
        this.#failed = true;
        this.#error = error;
      }
    });
  }
}

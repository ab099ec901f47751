/**
 * Writes a segment's events: each goes to the live {@link EventHub} at once, and to the store in
 * batches — everything written in one turn of the event loop is one `appendEvents` call (one
 * transaction), and while only text deltas are waiting the batch waits up to `windowMs` more, so a
 * model streaming a word at a time is stored as one frame per interval (see `stored-frames.ts`).
 * {@link storeWith} hands what is still queued to the segment's pause or end, stored in the same
 * transaction as the run (`Store.commitSegment`).
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
    /** Runs before a batch is stored on its own (a resume's late claim, see `claim.ts`); a throw fails the batch. */
    private readonly beforeBatch?: () => Promise<void>,
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
   * Hands everything not stored yet (as stored frames), once the batch in flight settled, to `store`,
   * which stores it along with more (a segment's pause or end, in one transaction). When `store`
   * throws, the events are kept, in order, for the next attempt.
   */
  async storeWith<T>(store: (events: StreamEvent[]) => Promise<T>): Promise<T> {
    this.#clear();
    await this.#writing;
    const batch = this.#queue;
    this.#queue = [];
    try {
      const result = await store(toStored(batch));
      this.#failed = false;
      this.#error = undefined;
      return result;
    } catch (error) {
      this.#queue = [...batch, ...this.#queue];
      throw error;
    }
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
        if (this.beforeBatch) await this.beforeBatch();
        await this.store.appendEvents(this.executionId, toStored(batch));
      } catch (error) {
        // Kept, in order, for the segment's commit (storeWith), which retries it.
        this.#queue = [...batch, ...this.#queue];
        this.#failed = true;
        this.#error = error;
      }
    });
  }
}

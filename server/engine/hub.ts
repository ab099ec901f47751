/**
 * The events of one running segment of an execution (from its start or a resume to its pause or
 * end), buffered and fanned out. The run pushes and never waits for a reader, so a slow or vanished
 * client cannot stall or lose a run; any number of readers (the chat or resume response, reconnects
 * on `/v1/client/stream`) follow it from any `seq`. Every event is also in the store.
 */
import type { StreamEvent } from '../../bridge/protocol/index.js';

/** The buffered, many-reader event channel of one segment. */
export class EventHub {
  readonly #events: StreamEvent[] = [];
  readonly #waiters = new Set<() => void>();
  #closed = false;
  #wakeSoon: ReturnType<typeof setImmediate> | undefined;

  /** @param startSeq the `seq` of the segment's first event; earlier ones are only in the store. */
  constructor(readonly startSeq: number) {}

  /** True once the segment ended; the buffer is then final. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The last `seq` pushed, or `startSeq - 1` before the first event. */
  get lastSeq(): number {
    return this.#events.at(-1)?.seq ?? this.startSeq - 1;
  }

  /**
   * Adds an event (seqs rise) and wakes every reader on the next turn of the event loop, so the
   * events pushed in one turn reach a reader (and its socket) together. Ignored after {@link close}.
   */
  push(event: StreamEvent): void {
    if (this.#closed) return;
    this.#events.push(event);
    this.#wakeSoon ??= setImmediate(() => {
      this.#wakeSoon = undefined;
      this.#wakeAll();
    });
  }

  /** Ends the segment: readers get what is buffered, then finish. */
  close(): void {
    this.#closed = true;
    if (this.#wakeSoon) clearImmediate(this.#wakeSoon);
    this.#wakeSoon = undefined;
    this.#wakeAll();
  }

  /**
   * The buffered events with `seq > after`, then live ones until the segment ends or `signal`
   * aborts. Events before {@link startSeq} are not here: read them from the store first.
   *
   * @example
   * for await (const event of hub.follow(lastSeenSeq, request.signal)) write(event);
   */
  async *follow(after: number, signal?: AbortSignal): AsyncGenerator<StreamEvent> {
    let i = this.#events.findIndex((e) => e.seq > after);
    if (i < 0) i = this.#events.length;
    const onAbort = () => this.#wakeAll();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        while (i < this.#events.length && !signal?.aborted) yield this.#events[i++]!;
        if (this.#closed || signal?.aborted) return;
        await new Promise<void>((resolve) => this.#waiters.add(resolve));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #wakeAll(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }
}

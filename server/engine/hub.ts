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
  /** How many of the events readers see: the ones pushed before the last wake. */
  #published = 0;
  readonly #waiters = new Set<() => void>();
  #closed = false;
  #wakeSoon: ReturnType<typeof setImmediate> | undefined;
  /** How many {@link holding} promises are pending. */
  #holds = 0;

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
   * events pushed in one turn reach a reader (and its socket) together: until then no reader sees
   * it, not even one that starts following in between. Ignored after {@link close}.
   */
  push(event: StreamEvent): void {
    if (this.#closed) return;
    this.#events.push(event);
    if (this.#holds === 0) this.#wakeSoon ??= setImmediate(wakeSoon, this);
  }

  /**
   * Wakes no reader for new events until `settled` settles (the segment's pause or end being
   * committed, which takes a turn of the event loop or two): the events before it and the frames
   * after it then reach a reader, and its socket, in one write rather than two. Events pushed
   * meanwhile are buffered as always; {@link close} wakes everyone at once.
   */
  async holding<T>(settled: Promise<T>): Promise<T> {
    this.#holds++;
    if (this.#wakeSoon) clearImmediate(this.#wakeSoon);
    this.#wakeSoon = undefined;
    try {
      return await settled;
    } finally {
      // Events pushed and not yet shown (a closed hub has shown them all) get their wake now.
      if (--this.#holds === 0 && this.#published < this.#events.length) this.#wakeSoon ??= setImmediate(wakeSoon, this);
    }
  }

  /** Ends the segment: readers get what is buffered, then finish. */
  close(): void {
    this.#closed = true;
    if (this.#wakeSoon) clearImmediate(this.#wakeSoon);
    this.#wakeSoon = undefined;
    this.#wakeAll();
  }

  /** Wakes every reader now (the scheduled wake of {@link push}). */
  wake(): void {
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
    for await (const batch of this.batches(after, signal)) {
      for (const event of batch) {
        if (signal?.aborted) return;
        yield event;
      }
    }
  }

  /**
   * {@link follow} a wake at a time: each item holds the events that became visible together (a
   * turn's, or a segment's up to its pause or end), so a reader that writes them together pays one
   * step of async iteration per write rather than one per event.
   */
  async *batches(after: number, signal?: AbortSignal): AsyncGenerator<readonly StreamEvent[]> {
    let i = this.#events.findIndex((e) => e.seq > after);
    if (i < 0) i = this.#events.length;
    const onAbort = () => this.#wakeWaiters();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return;
        if (i < this.#published) {
          const batch = this.#events.slice(i, this.#published);
          i = this.#published;
          yield batch;
          continue;
        }
        if (this.#closed && i >= this.#events.length) return;
        await new Promise<void>((resolve) => this.#waiters.add(resolve));
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #wakeAll(): void {
    this.#published = this.#events.length;
    this.#wakeWaiters();
  }

  #wakeWaiters(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }
}

// A module function with the hub as its argument: no closure per scheduled wake.
function wakeSoon(hub: EventHub): void {
  hub.wake();
}

import type { StreamEvent } from '../../bridge/protocol/index.js';
import { pingWheel, type Pingable } from './ping-wheel.js';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
} as const;

/** One SSE frame: `event`, `id` (the seq) and the JSON `data`. */
export function formatFrame(event: StreamEvent): string {
  return frameOf(event, JSON.stringify(event));
}

function frameOf(event: StreamEvent, data: string): string {
  return `event: ${event.type}\nid: ${event.seq}\ndata: ${data}\n\n`;
}

/** Told the length of each frame's JSON `data` as the frame is queued (e.g. to meter a replay). */
export type FrameCounter = (dataLength: number) => void;

/**
 * What a stream sends: events one at a time, or in batches (the events that became visible
 * together, see `EventHub.batches`), which cost one step of async iteration per batch.
 */
export type StreamFeed = (signal: AbortSignal) => AsyncIterable<StreamEvent | readonly StreamEvent[]>;

/** Where {@link pumpFrames} puts text: `end` is the last call (its text may be empty). */
export interface FrameSink {
  write(text: string, end: boolean): void;
}

/**
 * Reads `open`'s events into `sink`, one `write` per turn of the event loop (the frames that came
 * in one turn go out together), with a `: ping` comment when nothing was written for about
 * `pingMs` (see `ping-wheel.ts`). Resolves when the events end (after the final
 * `write(…, true)`) or `signal` aborts (then without it). Rejects when the source throws.
 */
export async function pumpFrames(
  open: StreamFeed,
  signal: AbortSignal,
  sink: FrameSink,
  pingMs: number,
  counted?: FrameCounter,
): Promise<void> {
  const pump = new FramePump(signal, sink);
  const wheel = pingWheel(pingMs);
  wheel.add(pump);
  try {
    for await (const item of open(signal)) {
      if (signal.aborted) break;
      let frames = '';
      for (const event of isBatch(item) ? item : [item]) {
        const data = JSON.stringify(event);
        counted?.(data.length);
        frames += frameOf(event, data);
      }
      pump.add(frames);
    }
    if (!signal.aborted) pump.end();
  } finally {
    pump.cancel();
    wheel.delete(pump);
  }
}

function isBatch(item: StreamEvent | readonly StreamEvent[]): item is readonly StreamEvent[] {
  return Array.isArray(item);
}

/** The frames of one turn of the event loop, waiting for their write; the state of one stream. */
class FramePump implements Pingable {
  idleTicks = 0;
  #pending = '';
  #scheduled: ReturnType<typeof setImmediate> | undefined;

  constructor(
    readonly signal: AbortSignal,
    readonly sink: FrameSink,
  ) {}

  add(frame: string): void {
    this.#pending += frame;
    this.#scheduled ??= setImmediate(flush, this);
  }

  flush(): void {
    this.#scheduled = undefined;
    if (this.signal.aborted || this.#pending === '') return;
    const text = this.#pending;
    this.#pending = '';
    this.idleTicks = 0;
    this.sink.write(text, false);
  }

  end(): void {
    this.cancel();
    const text = this.#pending;
    this.#pending = '';
    this.sink.write(text, true);
  }

  ping(): void {
    if (!this.signal.aborted && this.#pending === '') this.sink.write(': ping\n\n', false);
  }

  cancel(): void {
    if (this.#scheduled) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
  }
}

// A module function with the pump as its argument: no closure per scheduled write.
function flush(pump: FramePump): void {
  pump.flush();
}

/**
 * A `text/event-stream` body from an event source (see {@link pumpFrames}), for responses that do
 * not go straight to a Node socket (`app.request` in tests, other runtimes). `open` gets a signal
 * that aborts when the client goes away: that only stops this reader (the run pushes to its hub
 * without waiting for anyone, and every event is stored).
 */
export function sseBody(open: StreamFeed, pingMs = 15_000, counted?: FrameCounter): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const reader = new AbortController();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await pumpFrames(
          open,
          reader.signal,
          {
            write(text, end) {
              if (text) controller.enqueue(encoder.encode(text));
              if (end) controller.close();
            },
          },
          pingMs,
          counted,
        );
      } catch (error) {
        if (!reader.signal.aborted) controller.error(error);
      }
    },
    cancel() {
      reader.abort();
    },
  });
}

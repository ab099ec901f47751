import type { StreamEvent } from '../../bridge/protocol/index.js';

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
} as const;

/** One SSE frame: `event`, `id` (the seq) and the JSON `data`. */
export function formatFrame(event: StreamEvent): string {
  return `event: ${event.type}\nid: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** Where {@link pumpFrames} puts text: `end` is the last call (its text may be empty). */
export interface FrameSink {
  write(text: string, end: boolean): void;
}

/**
 * Reads `open`'s events into `sink`, one `write` per turn of the event loop (the frames that came
 * in one turn go out together), with a `: ping` comment every `pingMs` while idle. Resolves when
 * the events end (after the final `write(…, true)`) or `signal` aborts (then without it). Rejects
 * when the source throws.
 */
export async function pumpFrames(
  open: (signal: AbortSignal) => AsyncIterable<StreamEvent>,
  signal: AbortSignal,
  sink: FrameSink,
  pingMs: number,
): Promise<void> {
  let pending = '';
  let scheduled: ReturnType<typeof setImmediate> | undefined;
  const send = () => {
    scheduled = undefined;
    if (signal.aborted || pending === '') return;
    const text = pending;
    pending = '';
    sink.write(text, false);
  };
  const timer = setInterval(() => {
    if (!signal.aborted && pending === '') sink.write(': ping\n\n', false);
  }, pingMs);
  try {
    for await (const event of open(signal)) {
      if (signal.aborted) break;
      pending += formatFrame(event);
      scheduled ??= setImmediate(send);
    }
    if (!signal.aborted) sink.write(pending, true);
  } finally {
    if (scheduled) clearImmediate(scheduled);
    clearInterval(timer);
  }
}

/**
 * A `text/event-stream` body from an event source (see {@link pumpFrames}), for responses that do
 * not go straight to a Node socket (`app.request` in tests, other runtimes). `open` gets a signal
 * that aborts when the client goes away: that only stops this reader (the run pushes to its hub
 * without waiting for anyone, and every event is stored).
 */
export function sseBody(
  open: (signal: AbortSignal) => AsyncIterable<StreamEvent>,
  pingMs = 15_000,
): ReadableStream<Uint8Array> {
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

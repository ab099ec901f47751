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

/**
 * A `text/event-stream` body from an event source, with a `: ping` comment every `pingMs` while
 * idle. `open` gets a signal that aborts when the client goes away: that only stops this reader
 * (the run pushes to its hub without waiting for anyone, and every event is stored).
 */
export function sseBody(
  open: (signal: AbortSignal) => AsyncIterable<StreamEvent>,
  pingMs = 15_000,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const reader = new AbortController();
  let timer: ReturnType<typeof setInterval> | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      timer = setInterval(() => {
        if (!reader.signal.aborted) controller.enqueue(encoder.encode(': ping\n\n'));
      }, pingMs);
      try {
        for await (const event of open(reader.signal)) {
          if (reader.signal.aborted) break;
          controller.enqueue(encoder.encode(formatFrame(event)));
        }
        if (!reader.signal.aborted) controller.close();
      } catch (error) {
        if (!reader.signal.aborted) controller.error(error);
      } finally {
        clearInterval(timer);
      }
    },
    cancel() {
      reader.abort();
      clearInterval(timer);
    },
  });
}

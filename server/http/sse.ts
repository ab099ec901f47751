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
 * idle. A client that goes away only stops the writing; the run goes on and its events are stored.
 */
export function sseBody(events: AsyncIterable<StreamEvent>, pingMs = 15_000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      timer = setInterval(() => {
        if (!cancelled) controller.enqueue(encoder.encode(': ping\n\n'));
      }, pingMs);
      try {
        for await (const event of events) {
          if (cancelled) continue; // keep draining so the run's channel empties
          controller.enqueue(encoder.encode(formatFrame(event)));
        }
        if (!cancelled) controller.close();
      } catch (error) {
        if (!cancelled) controller.error(error);
      } finally {
        clearInterval(timer);
      }
    },
    cancel() {
      cancelled = true;
      clearInterval(timer);
    },
  });
}

/**
 * SSE straight to the Node response when the app runs on `@hono/node-server`: no web streams in
 * between, the headers and the first frames in one socket write, one write per turn of the event
 * loop after that, and a whole short stream (a continuation that ends at once) in a single write
 * with a `content-length`. Elsewhere (`app.request` in tests) the route falls back to
 * {@link sseBody}.
 */
import { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { StreamEvent } from '../../bridge/protocol/index.js';
import { pumpFrames, SSE_HEADERS } from './sse.js';

/** `@hono/node-server` leaves a response carrying this header alone: the route wrote it itself. */
const ALREADY_SENT = 'x-hono-already-sent';

/** How long a stream with nothing to say yet waits before sending its headers alone. */
const HEADERS_ALONE_MS = 20;

/** The Node response behind `c`, when there is one. */
export function nodeResponseOf(c: Context): ServerResponse | undefined {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  return outgoing instanceof ServerResponse ? outgoing : undefined;
}

/**
 * Streams `open`'s events to `outgoing` and returns the placeholder response the route hands back.
 * Writing starts on a later turn of the event loop, once the middleware has finished with the
 * placeholder; its headers (CORS ones included) are the ones sent.
 */
export function writeSseToNode(
  c: Context,
  outgoing: ServerResponse,
  open: (signal: AbortSignal) => AsyncIterable<StreamEvent>,
  pingMs: number,
): Response {
  const placeholder = new Response(null, { status: 200, headers: { ...SSE_HEADERS, [ALREADY_SENT]: 'true' } });
  // The adapter's lightweight Response would be written from its cached fields, marker or not;
  // reading `body` turns it into a full one, which the adapter leaves alone when marked.
  void placeholder.body;
  const reader = new AbortController();
  const onClose = () => reader.abort();
  outgoing.once('close', onClose);
  let started = false;
  const start = (): boolean => {
    if (started) return true;
    started = true;
    const final = c.res;
    // Something else answered (an error response replaced the placeholder): stop reading.
    if (outgoing.headersSent || final.headers.get(ALREADY_SENT) !== 'true') {
      reader.abort();
      return false;
    }
    const headers: Record<string, string> = {};
    final.headers.forEach((value, key) => {
      if (key !== ALREADY_SENT) headers[key] = value;
    });
    outgoing.writeHead(final.status, headers);
    return true;
  };
  const alone = setTimeout(() => {
    if (!reader.signal.aborted && start()) outgoing.flushHeaders();
  }, HEADERS_ALONE_MS);
  const sink = {
    write(text: string, end: boolean) {
      clearTimeout(alone);
      if (outgoing.destroyed || outgoing.writableEnded || !start()) return;
      if (end) outgoing.end(text);
      else outgoing.write(text);
    },
  };
  pumpFrames(open, reader.signal, sink, pingMs)
    .catch(() => {
      // The source failed mid-stream (e.g. the store went away): end the socket so the client
      // sees a broken stream and reconnects; the run itself is not affected.
      outgoing.destroy();
    })
    .finally(() => {
      clearTimeout(alone);
      outgoing.off('close', onClose);
    });
  return placeholder;
}

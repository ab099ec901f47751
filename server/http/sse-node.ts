/**
 * SSE straight to the Node response when the app runs on `@hono/node-server`: no web streams in
 * between, the headers and the first frames in one socket write, one write per turn of the event
 * loop after that, and a whole short stream (a continuation that ends at once) in a single write
 * with a `content-length`. Elsewhere (`app.request` in tests) the route falls back to
 * {@link sseBody}.
 *
 * An open stream keeps only what it writes with: the Node response, one abort controller for its
 * reader and the pump's state. The Hono context (with the request, its logger and the placeholder
 * response) is let go once the headers are out, and the stream's keep-alive ping rides a timer
 * shared with every other stream (see `ping-wheel.ts`).
 */
import { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { pumpFrames, SSE_HEADERS, type StreamFeed, type FrameCounter, type FrameSink } from './sse.js';

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
  open: StreamFeed,
  pingMs: number,
  counted?: FrameCounter,
): Response {
  const placeholder = new Response(null, { status: 200, headers: { ...SSE_HEADERS, [ALREADY_SENT]: 'true' } });
  // The adapter's lightweight Response would be written from its cached fields, marker or not;
  // reading `body` turns it into a full one, which the adapter leaves alone when marked.
  void placeholder.body;
  const sink = new NodeSink(c, placeholder, outgoing);
  pumpFrames(open, sink.reader.signal, sink, pingMs, counted)
    .catch(() => {
      // The source failed mid-stream (e.g. the store went away): end the socket so the client
      // sees a broken stream and reconnects; the run itself is not affected.
      outgoing.destroy();
    })
    .finally(() => sink.done());
  return placeholder;
}

/** Where one stream's frames go: the Node response, headers first. */
class NodeSink implements FrameSink {
  /** Aborted when the client goes away (or another response was sent): stops the reader only. */
  readonly reader = new AbortController();
  /** Until the headers are out: the context whose final response carries them, and the route's response. */
  #c: Context | undefined;
  #placeholder: Response | undefined;
  #alone: ReturnType<typeof setTimeout> | undefined;

  constructor(
    c: Context,
    placeholder: Response,
    readonly outgoing: ServerResponse,
  ) {
    this.#c = c;
    this.#placeholder = placeholder;
    (outgoing as Closable)[SINK] = this;
    outgoing.on('close', abortOnClose);
    this.#alone = setTimeout(headersAlone, HEADERS_ALONE_MS, this);
  }

  write(text: string, end: boolean): void {
    this.#stopWaiting();
    const outgoing = this.outgoing;
    // A stream that ends in its first write (a continuation that ends at once) has a length.
    const length = end && this.#c ? Buffer.byteLength(text) : undefined;
    if (outgoing.destroyed || outgoing.writableEnded || !this.start(length)) return;
    if (end) outgoing.end(text);
    else outgoing.write(text);
  }

  /**
   * Writes the final response's status and headers (not yet sent), with a `content-length` when the
   * whole body is known; false if another response answered.
   */
  start(length?: number): boolean {
    const c = this.#c;
    if (!c) return !this.reader.signal.aborted;
    // Middleware around the route leaves the final response in the context; a route alone returns it as is.
    const final = c.finalized ? c.res : this.#placeholder!;
    this.#c = undefined;
    this.#placeholder = undefined;
    // Something else answered (an error response replaced the placeholder): stop reading.
    if (this.outgoing.headersSent || final.headers.get(ALREADY_SENT) !== 'true') {
      this.reader.abort();
      return false;
    }
    const headers: Record<string, string> = {};
    final.headers.forEach((value, key) => {
      if (key !== ALREADY_SENT) headers[key] = value;
    });
    if (length !== undefined) headers['content-length'] = String(length);
    this.outgoing.writeHead(final.status, headers);
    flattenHeader(this.outgoing);
    return true;
  }

  /** The pump finished: no more writes, no more listening. */
  done(): void {
    this.#stopWaiting();
    this.#c = undefined;
    this.#placeholder = undefined;
    this.outgoing.off('close', abortOnClose);
    (this.outgoing as Closable)[SINK] = undefined;
  }

  #stopWaiting(): void {
    if (this.#alone === undefined) return;
    clearTimeout(this.#alone);
    this.#alone = undefined;
  }

  /** Nothing to say yet: send the headers alone, so the client knows the stream is open. */
  headersAlone(): void {
    this.#alone = undefined;
    if (!this.reader.signal.aborted && this.start()) this.outgoing.flushHeaders();
  }
}

const SINK = Symbol('sseSink');
type Closable = ServerResponse & { [SINK]?: NodeSink | undefined };

// Module functions, not closures: a listener or timer per stream holds only what it is given.
function abortOnClose(this: Closable): void {
  this[SINK]?.reader.abort();
}
function headersAlone(sink: NodeSink): void {
  sink.headersAlone();
}

/**
 * Node keeps a response's header block for the response's life, built as a rope of a few dozen
 * concatenated pieces (about 1 KB of heap per open stream); reading it as a number makes V8 flatten
 * it in place to one string of its length. Only an open stream's memory changes.
 */
function flattenHeader(outgoing: ServerResponse): void {
  const header = (outgoing as ServerResponse & { _header?: unknown })._header;
  if (typeof header === 'string') void Number(header);
}

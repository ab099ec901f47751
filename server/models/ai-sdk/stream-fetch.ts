/**
 * A `fetch` for the AI SDK providers that (1) reports every received chunk to the request's
 * idle timer and (2) lets an adapter rewrite single SSE lines of a successful response before the
 * SDK's own parser reads them — for wire quirks the SDK does not absorb. Lines are split on LF,
 * CRLF and CR, across chunk boundaries and inside multi-byte characters; an untouched line keeps
 * its bytes and its line ending. Parsing SSE events stays the SDK's job.
 */
import { currentActivity } from './deadline.js';

/** Rewrites lines of one response; return the line unchanged to keep it byte for byte. */
export interface LineRewriter {
  /** `line` has no line ending; `eol` is the one it had (use it for any lines you add). */
  line(line: string, eol: string): string;
}

/** Makes the rewriter for one request, from the JSON body the SDK sends. */
export type RewriterFactory = (requestBody: string) => LineRewriter;

/** A TransformStream of bytes that hands each complete line to `rewriter`. */
export function lineRewriteStream(rewriter: LineRewriter): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let buffer = '';
  const drain = (controller: TransformStreamDefaultController<Uint8Array>, final: boolean): void => {
    let out = '';
    let start = 0;
    for (const match of buffer.matchAll(/\r\n|\r|\n/g)) {
      const end = match.index;
      // A CR at the very end may be the first half of a CRLF split across chunks: wait for more.
      if (!final && match[0] === '\r' && end === buffer.length - 1) break;
      out += rewriter.line(buffer.slice(start, end), match[0]) + match[0];
      start = end + match[0].length;
    }
    buffer = buffer.slice(start);
    if (final && buffer !== '') {
      out += rewriter.line(buffer, '');
      buffer = '';
    }
    if (out !== '') controller.enqueue(encoder.encode(out));
  };
  return new TransformStream({
    transform(chunk, controller) {
      buffer += decoder.decode(chunk, { stream: true });
      drain(controller, false);
    },
    flush(controller) {
      buffer += decoder.decode();
      drain(controller, true);
    },
  });
}

/** Passes bytes through, calling `touch` for each chunk. */
function activityStream(touch: () => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      touch();
      controller.enqueue(chunk);
    },
  });
}

/**
 * Wraps `base` for an AI SDK provider's `fetch` option.
 *
 * @example
 * createOpenAICompatible({ name, baseURL, fetch: streamFetch(globalThis.fetch, (body) => new MyRewriter(body)) });
 */
export function streamFetch(base: typeof fetch, rewriter?: RewriterFactory): typeof fetch {
  const wrapped = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const touch = currentActivity();
    const response = await base(input, init);
    touch?.();
    if (!response.ok || !response.body) return response;
    let body: ReadableStream<Uint8Array> = response.body;
    if (touch) body = body.pipeThrough(activityStream(touch));
    if (rewriter) body = body.pipeThrough(lineRewriteStream(rewriter(typeof init?.body === 'string' ? init.body : '')));
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return wrapped as typeof fetch;
}

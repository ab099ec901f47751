/**
 * POSTs to the API-key routes and reads their answers: a JSON error becomes an {@link HttpError}
 * with the server's code, and a `text/event-stream` is decoded frame by frame into typed events.
 */
import { ERROR_CODES, isErrorCode, type ErrorCode, type HttpStatusCode } from '../bridge/protocol/index.js';
import type { StreamEvent } from '../bridge/protocol/index.js';
import { BridgeError, HttpError, isAbortError } from '../bridge/transport/errors.js';
import { SseParser } from '../bridge/transport/sse-parser.js';

/** Where and how requests go. */
export interface Transport {
  /** The server's base URL, e.g. `https://chat.example.com` (no `/v1`). */
  base: string;
  apiKey: string;
  fetch: typeof fetch;
}

/** POSTs `body` as JSON with the key; rejects with an {@link HttpError} for a non-2xx answer. */
export async function post(
  transport: Transport,
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
  accept: string,
): Promise<Response> {
  let response: Response;
  try {
    response = await transport.fetch(transport.base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${transport.apiKey}` },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new BridgeError(
      ERROR_CODES.networkError,
      `Could not reach ${transport.base}: ${String((error as Error)?.message ?? error)}`,
    );
  }
  if (response.ok) return response;
  let code: ErrorCode | HttpStatusCode = `http_${response.status}`;
  let hint: string | undefined;
  try {
    const data = (await response.json()) as { error?: unknown; hint?: unknown };
    if (isErrorCode(data.error)) code = data.error;
    if (typeof data.hint === 'string') hint = data.hint;
    else if (typeof data.error === 'string') hint = data.error;
  } catch {
    // a non-JSON error body (a proxy's page): the status is all there is to report
  }
  throw new HttpError(response.status, code, hint);
}

/** The events of an SSE response, in order; a frame that is not JSON ends the stream with `stream_malformed`. */
export async function* readEvents(response: Response): AsyncGenerator<StreamEvent> {
  if (!response.body) throw new BridgeError(ERROR_CODES.streamMissing, 'The server answered without a stream body.');
  const queue: StreamEvent[] = [];
  let malformed: BridgeError | undefined;
  const parser = new SseParser((message) => {
    if (malformed) return;
    try {
      const data = JSON.parse(message.data) as unknown;
      if (data && typeof data === 'object' && typeof (data as { type?: unknown }).type === 'string')
        queue.push(data as StreamEvent);
    } catch {
      malformed = new BridgeError(
        ERROR_CODES.streamMalformed,
        `Could not parse a frame: ${message.data.slice(0, 120)}`,
      );
    }
  });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (queue.length > 0) yield queue.shift()!;
      if (malformed) throw malformed;
    }
    parser.feed(decoder.decode());
    parser.end();
    while (queue.length > 0) yield queue.shift()!;
    if (malformed) throw malformed;
  } catch (error) {
    if (isAbortError(error) || error instanceof BridgeError) throw error;
    throw new BridgeError(
      ERROR_CODES.streamInterrupted,
      `The stream was interrupted: ${String((error as Error)?.message ?? error)}`,
    );
  } finally {
    // Stopping early (break, return, abort) cancels the response body.
    reader.cancel().catch(() => undefined); // already closed: nothing to release
  }
}

/**
 * POSTs to the API-key routes and reads their answers: a JSON error becomes an {@link HttpError}
 * with the server's code, and a `text/event-stream` is decoded frame by frame into typed events.
 */
import { postJson } from '../bridge/transport/post.js';

/** Where and how requests go. */
export interface Transport {
  /** The server's base URL, e.g. `https://chat.example.com` (no `/v1`). */
  base: string;
  apiKey: string;
  fetch: typeof fetch;
}

/** POSTs `body` as JSON with the key; rejects with an {@link HttpError} for a non-2xx answer. */
export function post(
  transport: Transport,
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
  accept: string,
): Promise<Response> {
  return postJson(transport.base, path, body, {
    fetch: transport.fetch,
    accept,
    headers: { authorization: `Bearer ${transport.apiKey}` },
    signal,
  });
}

/** The events of an SSE response, in order (see `readEventStream`). */
export { readEventStream as readEvents } from '../bridge/transport/event-stream.js';

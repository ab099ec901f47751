/**
 * POSTs to the API-key routes and reads their answers: a JSON error becomes an {@link HttpError}
 * with the server's code, and a `text/event-stream` is decoded frame by frame into typed events.
 */
import { ERROR_CODES, isErrorCode, type ErrorCode, type HttpStatusCode } from '../bridge/protocol/index.js';
import { BridgeError, HttpError, isAbortError } from '../bridge/transport/errors.js';

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

/** The events of an SSE response, in order (see `readEventStream`). */
export { readEventStream as readEvents } from '../bridge/transport/event-stream.js';

/**
 * One JSON POST to the server, the way every client of it sends one (the bridge's client-token
 * client, the Node SDK): a network failure becomes a {@link BridgeError} `network_error` (an abort
 * stays an abort), and a non-2xx answer an {@link HttpError} with the server's code and hint.
 */
import { ERROR_CODES, isErrorCode, type ErrorCode, type HttpStatusCode } from '../protocol/index.js';
import { BridgeError, HttpError, isAbortError } from './errors.js';

export interface PostOptions {
  fetch: typeof fetch;
  /** What the answer should be: `application/json` or `text/event-stream`. */
  accept: string;
  /** Headers beside `content-type` and `accept` (e.g. `authorization`). */
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** POSTs `body` as JSON to `base + path`; resolves with a 2xx response, rejects otherwise (see above). */
export async function postJson(base: string, path: string, body: unknown, options: PostOptions): Promise<Response> {
  let response: Response;
  try {
    response = await options.fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: options.accept, ...options.headers },
      body: JSON.stringify(body),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new BridgeError(
      ERROR_CODES.networkError,
      `Could not reach ${base}: ${String((error as Error)?.message ?? error)}`,
    );
  }
  if (response.ok) return response;
  let code: ErrorCode | HttpStatusCode = `http_${response.status}`;
  let hint: string | undefined;
  try {
    const data = (await response.json()) as { error?: unknown; hint?: unknown };
    if (isErrorCode(data.error)) code = data.error;
    if (typeof data.hint === 'string') hint = data.hint;
    // A code this side does not know (a newer server): the status stands in, the code is kept as text.
    else if (typeof data.error === 'string' && !isErrorCode(data.error)) hint = data.error;
  } catch {
    // a non-JSON error body (a proxy's HTML page): the status code is all there is to report
  }
  throw new HttpError(response.status, code, hint);
}

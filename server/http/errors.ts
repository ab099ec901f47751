import type { ErrorCode } from '../../bridge/protocol/index.js';

/** An error answered as `{error: code, hint?}` with an HTTP status and, optionally, response headers. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 503,
    readonly code: ErrorCode,
    readonly hint?: string,
    /** Extra response headers, e.g. `retry-after` on a 429. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(hint ? `${code}: ${hint}` : code);
  }
}

/** The JSON body of an error response. */
export function errorBody(code: ErrorCode, hint?: string): { error: ErrorCode; hint?: string } {
  return hint ? { error: code, hint } : { error: code };
}

/** An error answered as `{error: code, hint?}` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429 | 500 | 503,
    readonly code: string,
    readonly hint?: string,
  ) {
    super(hint ? `${code}: ${hint}` : code);
  }
}

export function errorBody(code: string, hint?: string): { error: string; hint?: string } {
  return hint ? { error: code, hint } : { error: code };
}

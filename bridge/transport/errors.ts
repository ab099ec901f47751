import type { ErrorCode, HttpStatusCode } from '../protocol/index.js';

/** A transport or misuse error with a machine-readable code. Tool failures are never thrown; see execution. */
export class BridgeError extends Error {
  override readonly name: string = 'BridgeError';
  constructor(
    readonly code: ErrorCode | HttpStatusCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An HTTP answer that was not 2xx: `code` is the server's `{error}` (or `http_<status>` when the body
 * named no known code), `hint` its explanation.
 */
export class HttpError extends BridgeError {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    code: ErrorCode | HttpStatusCode,
    readonly hint?: string,
  ) {
    super(code, hint ? `${status} ${code}: ${hint}` : `${status} ${code}`);
  }
}

/** True when `error` comes from a deliberate abort, which is never reported as a failure. */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'AbortError'
    : (error as { name?: unknown } | null)?.name === 'AbortError';
}

/**
 * Provider failures as one clear `Error` each: the engine shows its message in `execution_error`,
 * so it says which provider failed and how (HTTP status, mid-stream error, malformed frame,
 * dropped connection, unfinished stream, timeout) without stack noise or secrets.
 */
import { APICallError, InvalidResponseDataError, JSONParseError, TypeValidationError } from '@ai-sdk/provider';
import type { DeadlineCause, TimeLimits } from './deadline.js';

const MAX_DETAIL = 300;

/** An error raised by a model adapter; `kind` says what went wrong, for tests and logs. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ProviderErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }
}

/** The ways a provider request fails. */
export type ProviderErrorKind =
  'http' | 'unreachable' | 'stream-error' | 'malformed' | 'connection-lost' | 'unfinished' | 'timeout' | 'idle-timeout';

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL - 1)}…` : flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The message of a provider's error object (`{message, type?, code?}`), or a string form. */
function detailOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (isRecord(error)) {
    const message = typeof error.message === 'string' ? error.message : JSON.stringify(error);
    const type = typeof error.type === 'string' ? error.type : typeof error.code === 'string' ? error.code : undefined;
    return type && !message.startsWith(type) ? `${type}: ${message}` : message;
  }
  return String(error);
}

function parsedBody(error: APICallError): unknown {
  try {
    return error.responseBody ? (JSON.parse(error.responseBody) as unknown) : undefined;
  } catch {
    return undefined; // a non-JSON error page: the status and message say enough
  }
}

/** An error part in the middle of a stream (`error` event, JSON error chunk, bad frame, missing finish). */
export function streamPartError(label: string, error: unknown): ProviderError {
  if (JSONParseError.isInstance(error) || TypeValidationError.isInstance(error)) {
    return new ProviderError(`${label} sent a malformed stream frame: ${clip(detailOf(error))}`, 'malformed', {
      cause: error,
    });
  }
  if (InvalidResponseDataError.isInstance(error) && /finish reason/i.test(error.message)) {
    return unfinished(label);
  }
  return new ProviderError(`${label} reported an error mid-stream: ${clip(detailOf(error))}`, 'stream-error', {
    cause: error,
  });
}

/** The stream ended (cleanly or not) before the provider said the answer was complete. */
export function unfinished(label: string): ProviderError {
  return new ProviderError(`${label}: the stream ended before the model finished its answer`, 'unfinished');
}

/** A request that never produced a stream (HTTP error, unreachable host) or a stream that broke. */
export function requestError(label: string, error: unknown, phase: 'request' | 'stream'): ProviderError {
  if (error instanceof ProviderError) return error;
  if (APICallError.isInstance(error)) {
    const body = parsedBody(error);
    // Anthropic's SDK turns an `error` event in the first frames into an APICallError with a
    // made-up status; its body is then the bare `{type, message}` rather than an HTTP error body.
    const midStream = isRecord(body) && typeof body.message === 'string' && body.type !== 'error';
    if (midStream) return streamPartError(label, body);
    if (error.statusCode !== undefined && phase === 'request') {
      return new ProviderError(
        `${label} failed with HTTP ${error.statusCode}: ${clip(error.message || 'no message')}`,
        'http',
        { cause: error },
      );
    }
    if (phase === 'stream') {
      const cause = error.cause instanceof Error ? error.cause.message : error.message;
      return new ProviderError(`${label}: the connection was lost mid-stream (${clip(cause)})`, 'connection-lost', {
        cause: error,
      });
    }
    return new ProviderError(
      `${label} could not be reached: ${clip(error.message.replace(/^Cannot connect to API: /, ''))}`,
      'unreachable',
      { cause: error },
    );
  }
  if (phase === 'stream') {
    return new ProviderError(
      `${label}: the connection was lost mid-stream (${clip(detailOf(error))})`,
      'connection-lost',
      { cause: error },
    );
  }
  return new ProviderError(`${label} could not be reached: ${clip(detailOf(error))}`, 'unreachable', { cause: error });
}

/** The error for a deadline that fired because of a time limit. */
export function timeoutError(
  label: string,
  cause: Exclude<DeadlineCause, 'aborted'>,
  limits: TimeLimits,
): ProviderError {
  const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(3))} s`;
  return cause === 'idle'
    ? new ProviderError(`${label} sent nothing for ${seconds(limits.idleTimeoutMs)} (idle timeout)`, 'idle-timeout')
    : new ProviderError(`${label} did not finish within ${seconds(limits.timeoutMs)} (timeout)`, 'timeout');
}

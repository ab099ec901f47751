/**
 * What a failed run tells whom: the browser gets a short, fixed message with a code (a provider's
 * own message may quote an API key or name an internal host); the operator gets the full detail,
 * every configured secret masked, in the stored run (`failure`) and the log (`run.ended`, told to
 * the run observers).
 */
import { ERROR_CODES } from '../../bridge/protocol/index.js';

/** The messages an `execution_error` frame carries, by code. */
export const PUBLIC_FAILURE_MESSAGES = {
  [ERROR_CODES.modelError]: "The assistant's model is unavailable right now.",
  [ERROR_CODES.serverShutdown]: 'The server shut down while this run was working.',
  [ERROR_CODES.serverLost]: 'The server working on this reply stopped unexpectedly.',
  [ERROR_CODES.storeError]: 'The server could not save this conversation.',
} as const;

/** A failure's code, what the browser is told and what the operator sees. */
export interface Failure {
  code: keyof typeof PUBLIC_FAILURE_MESSAGES;
  /** For the `execution_error` frame. */
  message: string;
  /** The error's own message with secrets masked: for the stored run and the log. */
  detail: string;
}

/** Describes `error`, which ended a run; `stopped` when the server stopped it. */
export function describeFailure(
  error: unknown,
  code: Failure['code'],
  mask: (text: string) => string = (text) => text,
): Failure {
  const raw = error instanceof Error ? error.message : String(error);
  return { code, message: PUBLIC_FAILURE_MESSAGES[code], detail: mask(raw || 'no detail') };
}

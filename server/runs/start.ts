/**
 * The rules for starting a run, shared by every entry point: the new user message is the last
 * one, and within docs/architecture.md limits (each a 400 with the code of the limit).
 */
import { ERROR_CODES } from '../../bridge/protocol/index.js';
import { LIMITS, LIMIT_CODES, type ChatMessage } from '../../bridge/protocol/index.js';
import { ApiError } from '../http/errors.js';

/** The text of the new user message of a chat request, checked against the limits. */
export function newUserText(messages: readonly ChatMessage[]): string {
  if (messages.length > LIMITS.maxMessages) {
    throw new ApiError(
      400,
      LIMIT_CODES.tooManyMessages,
      `At most ${LIMITS.maxMessages} messages per request; got ${messages.length}.`,
    );
  }
  const last = messages.at(-1);
  if (!last || last.role !== 'user')
    throw new ApiError(400, ERROR_CODES.userMessageRequired, 'The last message must be the new user message.');
  if (last.content.length > LIMITS.maxMessageLength) {
    throw new ApiError(
      400,
      LIMIT_CODES.messageTooLong,
      `A message is limited to ${LIMITS.maxMessageLength} characters.`,
    );
  }
  if (last.content.trim() === '') throw new ApiError(400, ERROR_CODES.messageEmpty, 'The message is empty.');
  return last.content;
}

/**
 * The conversation a dispatch request brings. The caller holds it (an API-key holder is trusted
 * like the operator), so its earlier messages become the run's history; the last one must be the
 * new user message, under the same rules as the client path.
 */
import { ERROR_CODES, LIMITS, LIMIT_CODES } from '../../bridge/protocol/index.js';
import type { ApiKeyHolder } from '../auth/api-keys.js';
import { newId } from '../engine/ids.js';
import { ApiError } from '../http/errors.js';
import type { ModelMessage } from '../models/types.js';
import { newUserText } from '../runs/index.js';
import type { SessionRecord } from '../store/types.js';

type Message = { role: 'user' | 'assistant' | 'system'; content: string };

/** The run's earlier history and the new user message's text. */
export function conversation(messages: readonly Message[]): { history: ModelMessage[]; userText: string } {
  const userText = newUserText(messages);
  const history: ModelMessage[] = [];
  messages.slice(0, -1).forEach((message, i) => {
    if (message.content.length > LIMITS.maxMessageLength) {
      throw new ApiError(
        400,
        LIMIT_CODES.messageTooLong,
        `messages.${i}.content: a message is limited to ${LIMITS.maxMessageLength} characters.`,
      );
    }
    if (message.role === 'system') {
      // Instructions come from the agent's config; taking them from a request would let it replace them silently.
      throw new ApiError(
        400,
        ERROR_CODES.invalidRequest,
        `messages.${i}.role: system messages are not taken; the agent's instructions come from the server config.`,
      );
    }
    history.push({ role: message.role, content: message.content });
  });
  return { history, userText };
}

/** The label API-key runs carry where browser runs have a surface and an origin. */
export function apiKeyLabel(holder: ApiKeyHolder): string {
  return `api-key:${holder.id}`;
}

/** A new session for one dispatch: its transcript is the caller's history. */
export function dispatchSession(holder: ApiKeyHolder, history: ModelMessage[], ttlMs: number): SessionRecord {
  const now = Date.now();
  return {
    id: newId('cs'),
    surfaceId: apiKeyLabel(holder),
    token: apiKeyLabel(holder),
    origin: apiKeyLabel(holder),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttlMs).toISOString(),
    transcript: history,
    toolSets: {},
  };
}

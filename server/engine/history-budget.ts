/**
 * What a model is sent of a long conversation: the history is bounded by a message count and a
 * character budget (`agents.<id>.history`). Over budget, the oldest tool results are shortened first
 * (they are the bulk of a shop conversation and the least needed later), then whole turns are dropped
 * from the start, never the current one, and never so that a tool result loses the call it answers.
 */
import type { ModelMessage } from '../models/types.js';

export interface HistoryBudget {
  /** Most messages sent. */
  maxMessages: number;
  /** Most characters of message text, tool-call arguments included. */
  maxChars: number;
}

export const DEFAULT_HISTORY_BUDGET: HistoryBudget = { maxMessages: 200, maxChars: 200_000 };

/** How much of a shortened tool result stays. */
const KEPT_CHARS = 200;

function sizeOf(message: ModelMessage): number {
  const text = message.content?.length ?? 0;
  if (message.role !== 'assistant' || !message.toolCalls) return text;
  return text + message.toolCalls.reduce((n, call) => n + JSON.stringify(call.arguments).length, 0);
}

function shortened(message: Extract<ModelMessage, { role: 'tool' }>): ModelMessage {
  const { content } = message;
  return {
    ...message,
    content: `${content.slice(0, KEPT_CHARS)}… [shortened: ${content.length} characters, from earlier in the conversation]`,
  };
}

/**
 * `messages` within `budget` (a new array; the input is not changed). The messages from the last
 * user message on are the current turn and are always sent whole.
 */
export function boundHistory(messages: readonly ModelMessage[], budget: HistoryBudget): readonly ModelMessage[] {
  let size = messages.reduce((n, m) => n + sizeOf(m), 0);
  if (messages.length <= budget.maxMessages && size <= budget.maxChars) return messages;
  const current = messages.findLastIndex((m) => m.role === 'user');
  const out = [...messages];
  for (let i = 0; i < current && size > budget.maxChars; i++) {
    const message = out[i]!;
    if (message.role !== 'tool' || message.content.length <= KEPT_CHARS * 2) continue;
    const short = shortened(message);
    size -= sizeOf(message) - sizeOf(short);
    out[i] = short;
  }
  // Drop the oldest turns (each starts at a user message) until within budget.
  let start = 0;
  while (start < current && (out.length - start > budget.maxMessages || size > budget.maxChars)) {
    let next = start + 1;
    while (next < current && out[next]!.role !== 'user') next++;
    for (let i = start; i < next; i++) size -= sizeOf(out[i]!);
    start = next;
  }
  return start === 0 ? out : out.slice(start);
}

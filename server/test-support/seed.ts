/** Seeded conversations for the console's tests (store, routes, elements, bench). Not a test file. */
import type { ModelMessage } from '../models/types.js';
import type { SessionRecord, ToolCallRecord } from '../store/types.js';

const T0 = Date.parse('2030-03-01T00:00:00.000Z');
export const minute = (m: number, base = T0) => new Date(base + m * 60_000).toISOString();

export interface SeedCall {
  name: string;
  origin?: 'page' | 'server';
  durationMs?: number;
  outcome?: 'ok' | 'error' | 'denied';
}

/**
 * A conversation: one user message, then for each call an assistant message asking for it and its
 * result, then an assistant reply. Times start at `start` minutes and grow by one per message.
 */
export function seedSession(
  id: string,
  options: {
    surfaceId?: string;
    origin?: string;
    start: number;
    user: string;
    reply?: string;
    calls?: SeedCall[];
    /** Minute 0, in epoch milliseconds (default 2030-03-01). */
    base?: number;
  },
): SessionRecord {
  const transcript: ModelMessage[] = [{ role: 'user', content: options.user }];
  const calls: Record<string, ToolCallRecord> = {};
  (options.calls ?? []).forEach((c, i) => {
    const callId = `${id}_call_${i}`;
    transcript.push({
      role: 'assistant',
      content: null,
      toolCalls: [{ id: callId, name: `webmcp__${c.name}`, arguments: {} }],
    });
    const outcome = c.outcome ?? 'ok';
    transcript.push({
      role: 'tool',
      toolCallId: callId,
      name: `webmcp__${c.name}`,
      content: outcome === 'denied' ? `The user declined to run ${c.name}.` : outcome === 'error' ? 'boom' : 'fine',
      isError: outcome !== 'ok',
    });
    calls[callId] = {
      name: c.name,
      ...(c.origin === 'server' ? { origin: 'server' as const } : { groupId: `grp_${i}` }),
      ...(c.durationMs === undefined ? {} : { durationMs: c.durationMs }),
    };
  });
  if (options.reply) transcript.push({ role: 'assistant', content: options.reply });
  const times = transcript.map((_, i) => minute(options.start + i, options.base));
  return {
    id,
    surfaceId: options.surfaceId ?? 'shop',
    token: 'ct_test_x',
    origin: options.origin ?? 'https://a.example',
    createdAt: minute(options.start, options.base),
    updatedAt: times.at(-1)!,
    expiresAt: minute(options.start + 10_000, options.base),
    transcript,
    messageTimes: times,
    calls,
    toolSets: {},
  };
}
